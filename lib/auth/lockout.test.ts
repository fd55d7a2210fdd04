import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';
import { hashPassword, verifyPassword } from './passwords';

// A real table service: the conditional writes are the thing under test.
let azurite: TestAzurite;
let lockout: typeof import('./lockout');

beforeAll(async () => {
  azurite = await startAzurite(['table']);
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.SIGNIN_MAX_FAILURES = '5';
  lockout = await import('./lockout');
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('reserveAttempt against a real table service', () => {
  it('of 200 parallel guesses for one user from one address, lets exactly 5 have a password check', async () => {
    const hash = await hashPassword('the right password');
    let checks = 0;
    let unavailable = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        // A reservation that storage does not answer in time is refused too (the sign-in fails closed).
        const r = await lockout
          .reserveAttempt([
            { kind: 'ip', value: '203.0.113.9' },
            { kind: 'user', value: 'admin-under-attack' },
          ])
          .catch(() => void unavailable++);
        if (r?.ok) {
          checks++;
          await verifyPassword(`guess ${i}`, hash);
        }
        return r;
      }),
    );
    expect(checks).toBeLessThanOrEqual(5);
    expect(checks).toBeGreaterThanOrEqual(1);
    const refused = outcomes.filter((o) => o && !o.ok);
    expect(refused.length + unavailable + checks).toBe(200);
    // One audit record for the lock, not one per refused guess.
    expect(refused.filter((o) => o && !o.ok && o.firstRefusal)).toHaveLength(1);
  }, 60_000);

  it('a correct password gives its attempt back, so an office behind one address is not locked by its own sign-ins', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await lockout.reserveAttempt([
        { kind: 'ip', value: '203.0.113.10' },
        { kind: 'user', value: `colleague-${i}` },
      ]);
      expect(r.ok).toBe(true);
      if (r.ok) await r.release();
    }
  });

  it('a user slowed by guesses from many addresses gets in with the right password once the wait is over', async () => {
    const user = { kind: 'user' as const, value: 'slowed-admin' };
    for (let i = 0; i < 5; i++) expect((await lockout.reserveAttempt([{ kind: 'ip', value: `198.18.0.${i}` }, user])).ok).toBe(true);
    const refused = await lockout.reserveAttempt([{ kind: 'ip', value: '198.18.1.1' }, user]);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.subject.kind).toBe('user');
      expect(refused.lockedUntil.getTime() - Date.now()).toBeLessThanOrEqual(1_000);
      await new Promise((r) => setTimeout(r, Math.max(0, refused.lockedUntil.getTime() - Date.now()) + 50));
    }
    const after = await lockout.reserveAttempt([{ kind: 'ip', value: '198.18.1.1' }, user]);
    expect(after.ok).toBe(true);
    // The address's attempts refused on the user's wait, and the right one, were given back: it has 5 left.
    if (after.ok) await after.release();
    for (let i = 0; i < 5; i++)
      expect(
        (
          await lockout.reserveAttempt([
            { kind: 'ip', value: '198.18.1.1' },
            { kind: 'user', value: `u${i}` },
          ])
        ).ok,
      ).toBe(true);
  }, 30_000);

  it('remembers where a user signed in, for that user only', async () => {
    expect(await lockout.isKnownAddress('office-admin', '198.18.9.9')).toBe(false);
    await lockout.rememberAddress('office-admin', '198.18.9.9');
    expect(await lockout.isKnownAddress('office-admin', '198.18.9.9')).toBe(true);
    expect(await lockout.isKnownAddress('someone-else', '198.18.9.9')).toBe(false);
  });

  it('a correct sign-in gives back only its own attempt: guesses reserved meanwhile stay counted', async () => {
    const user = { kind: 'user' as const, value: 'busy-admin' };
    const mine = await lockout.reserveAttempt([user]);
    for (let i = 0; i < 3; i++) expect((await lockout.reserveAttempt([user])).ok).toBe(true);
    if (mine.ok) await mine.release();
    // 3 counted: two more pass, the sixth overall is refused.
    expect((await lockout.reserveAttempt([user])).ok).toBe(true);
    expect((await lockout.reserveAttempt([user])).ok).toBe(true);
    expect((await lockout.reserveAttempt([user])).ok).toBe(false);
  });
});
