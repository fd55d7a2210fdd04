import { describe, expect, it } from 'vitest';
import { accountExpiryNote, allowedIpNote, containerUrlHelp } from './sentences';

describe('token result sentences', () => {
  it('says when the account URL expires before the container URLs', () => {
    expect(accountExpiryNote({ accountExpiresOn: '2026-12-08T10:00:00Z', expiresOn: '2027-01-01T00:00:00Z' }, 7)).toBe(
      'The ACCOUNT CONTAINER URL expires earlier, at 2026-12-08T10:00:00Z: it cannot be revoked, so it is valid for at most 7 days. The container URLs expire at 2027-01-01T00:00:00Z.',
    );
    expect(accountExpiryNote({ accountExpiresOn: '2026-12-03T00:00:00Z', expiresOn: '2026-12-03T00:00:00Z' }, 7)).toBeUndefined();
    expect(accountExpiryNote({ accountExpiresOn: 'a', expiresOn: 'b' }, 1)).toMatch(/at most 1 day\./);
  });

  it('names the allowed addresses', () => {
    expect(allowedIpNote(undefined)).toBeUndefined();
    expect(allowedIpNote('203.0.113.7')).toBe('Every URL works only from 203.0.113.7 (sip). Requests from elsewhere get 403.');
    expect(allowedIpNote('203.0.113.0-203.0.113.255')).toMatch(/^Every URL works only from addresses 203\.0\.113\.0-203\.0\.113\.255/);
  });

  it('says what a container URL may do', () => {
    expect(containerUrlHelp('p1', true)).toMatch(/sp=rlf.*p1; revoking it stops all three/);
    expect(containerUrlHelp('p1', false)).toBe('Read and list (sp=rl) through stored access policy p1.');
  });
});
