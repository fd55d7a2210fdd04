import { describe, expect, it } from 'vitest';
import { blobNameProblem, blobRefSchema, listQuerySchema } from './blobs';

describe('blob names', () => {
  it('accepts Genesys recording names and folders', () => {
    expect(
      blobNameProblem('mytenant/003H1G2A6K8AF5PFKG5S02LAES0000V3_2021-05-21_06-19-26-0064020A-10013025-00000001.mp3.bin'),
    ).toBeUndefined();
    expect(blobNameProblem('mytenant/interactions/2026-11-29/a b.csv')).toBeUndefined();
  });

  it('refuses traversal, encoded traversal, backslashes, absolute names and URLs', () => {
    for (const bad of [
      '../x',
      'a/../../b',
      'a/%2e%2e/b',
      '%252e%252e/x',
      'a\\b',
      '/etc/passwd',
      'https://evil.example/x',
      '//evil/x',
      'a/./b',
      'a\u0000b',
    ]) {
      expect(blobNameProblem(bad), bad).toBeDefined();
    }
  });

  it('checks containers against the configured list and page sizes against the allowed ones', () => {
    const ref = blobRefSchema(['recordings', 'gim-export']);
    expect(ref.safeParse({ container: 'recordings', name: 'a.bin' }).success).toBe(true);
    const other = ref.safeParse({ container: 'secrets', name: 'a.bin' });
    expect(!other.success && other.error.issues[0]?.message).toBe('Unknown container. Choose one of: recordings, gim-export.');
    const list = listQuerySchema(['recordings']);
    expect(list.parse({ container: 'recordings' })).toEqual({ container: 'recordings', prefix: '', marker: '', pageSize: 50 });
    expect(list.parse({ container: 'recordings', pageSize: '500' }).pageSize).toBe(500);
    expect(list.safeParse({ container: 'recordings', pageSize: '51' }).success).toBe(false);
    expect(list.safeParse({ container: 'recordings', prefix: '../' }).success).toBe(false);
  });
});
