import { afterEach, describe, expect, it, vi } from 'vitest';
import { RestError } from '@azure/storage-blob';
import { logStorageFailure, withReference } from './errors';

describe('storage failures in messages and logs', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the user a reference to quote', () => {
    expect(withReference('The storage account is busy. Try again shortly.', 'a1b2c3')).toBe(
      'The storage account is busy. Try again shortly. (Reference: a1b2c3.)',
    );
    expect(withReference('Busy.', undefined)).toBe('Busy.');
  });

  it('logs one line with the code and status, and never the request URL', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void lines.push(line));
    const error = new RestError('Server failed to authenticate the request. https://acct.blob.core.windows.net/c?sv=2021&sig=SECRET', {
      statusCode: 403,
      code: 'AuthenticationFailed',
    });
    logStorageFailure(error, 'list');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ topic: 'storage', where: 'list', code: 'AuthenticationFailed', status: 403 });
    expect(lines[0]).not.toContain('sig=');
  });
});
