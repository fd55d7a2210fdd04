import { describe, expect, it } from 'vitest';
import { nothingGenerated, nothingGeneratedAnywhere, nothingRevoked, revokeMessage } from './token-sentences';

describe('token sentences', () => {
  it('says why nothing was generated, and that an audit failure is worth a retry', () => {
    expect(nothingGenerated('The audit trail could not be written (RestError).', true)).toBe(
      'No tokens were generated: The audit trail could not be written (RestError). Try again shortly.',
    );
    expect(nothingGenerated('Storage did not answer.', false)).toBe('No tokens were generated. Storage did not answer.');
    expect(
      nothingGeneratedAnywhere([
        { container: 'recordings', message: 'Timed out.' },
        { container: 'gim-export', message: 'Gone.' },
      ]),
    ).toBe('No tokens were generated and nothing was changed. recordings: Timed out. gim-export: Gone.');
  });

  it('says what a revocation did in each container', () => {
    expect(revokeMessage([{ container: 'recordings', status: 'revoked', removed: 0 }])).toBe('There were no container tokens to revoke.');
    expect(
      revokeMessage([
        { container: 'recordings', status: 'revoked', removed: 2 },
        { container: 'gim-export', status: 'revoked', removed: 1 },
      ]),
    ).toBe('Revoked. recordings: 2 revoked; gim-export: 1 revoked. URLs that named these policies get 403 (on Azure within 30 seconds).');
    expect(
      revokeMessage([
        { container: 'recordings', status: 'revoked', removed: 1 },
        { container: 'gim-export', status: 'failed', message: 'Timed out.' },
      ]),
    ).toBe(
      'Revocation incomplete: recordings: 1 revoked; gim-export: NOT revoked (Timed out.). Tokens in the containers not revoked still work; run it again.',
    );
    expect(nothingRevoked('Storage did not answer.', false)).toBe('Nothing was revoked. Storage did not answer.');
    expect(nothingRevoked('The audit trail could not be written.', true)).toMatch(/^Nothing was revoked: .* Try again shortly\.$/);
  });
});
