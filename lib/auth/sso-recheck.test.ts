import { describe, expect, it } from 'vitest';
import { recheckDue } from './sso-recheck';

describe('recheckDue', () => {
  const sso = { subject: 's', checkedAt: 1_000 };
  it('is due once the interval has passed since the issuer last confirmed the role', () => {
    expect(recheckDue(undefined, 5_000, 900)).toBe(false);
    expect(recheckDue(sso, 1_899, 900)).toBe(false);
    expect(recheckDue(sso, 1_900, 900)).toBe(true);
  });

  it('after a check the issuer did not answer, waits for the retry time instead of asking on every request', () => {
    expect(recheckDue({ ...sso, retryAt: 1_960 }, 1_930, 900)).toBe(false);
    expect(recheckDue({ ...sso, retryAt: 1_960 }, 1_960, 900)).toBe(true);
  });
});
