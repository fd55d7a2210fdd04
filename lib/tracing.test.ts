import { describe, expect, it } from 'vitest';
import { storageTarget } from './tracing';

describe('storageTarget', () => {
  it('names the container, never the blob name or the query', () => {
    expect(
      storageTarget('http://127.0.0.1:10000/devstoreaccount1/recordings?restype=container&comp=list&sig=SECRET', 'devstoreaccount1'),
    ).toBe('recordings');
    expect(storageTarget('https://acct.blob.core.windows.net/recordings/mytenant/a%20b.mp3.bin?sv=1&sig=SECRET', 'acct')).toBe(
      'recordings/…',
    );
    expect(storageTarget('https://acct.blob.core.windows.net/?comp=blobs&where=x&sig=SECRET', 'acct')).toBe('(account)');
    expect(storageTarget('https://acct.table.core.windows.net/consoleaudit()', 'acct')).toBe('consoleaudit()');
  });
});
