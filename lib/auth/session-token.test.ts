import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JWT } from 'next-auth/jwt';
import { claimsKey, decodeSession, encodeSession, REISSUE_SECONDS } from './session-token';

vi.mock('server-only', () => ({}));

/** Claims as the tests write them (the module's JWT type is stricter about roles and SSO fields). */
const jwt = (claims: Record<string, unknown>) => claims as JWT;
const base = { secret: 's3cret', salt: 'authjs.session-token', maxAge: 1800 };
let n = 0;
const fakeEncode = vi.fn(async () => `token-${++n}`);
const fakeDecode = vi.fn(async ({ token }: { token?: string }): Promise<JWT | null> => ({
  name: token,
  exp: Math.floor(Date.now() / 1000) + 60,
}));

afterEach(() => {
  vi.useRealTimers();
  fakeEncode.mockClear();
  fakeDecode.mockClear();
  delete (globalThis as { sessionTokens?: unknown }).sessionTokens;
});

describe('encodeSession', () => {
  it('keeps the cookie of unchanged claims for REISSUE_SECONDS, then issues a new one', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const token = jwt({ name: 'ana', role: 'admin', sid: 'x', iat: 1, exp: 2, jti: 'a' });
    const first = await encodeSession({ ...base, token }, fakeEncode);
    vi.advanceTimersByTime((REISSUE_SECONDS - 1) * 1000);
    expect(await encodeSession({ ...base, token: jwt({ ...token, iat: 5, jti: 'b' }) }, fakeEncode)).toBe(first);
    expect(fakeEncode).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2000);
    expect(await encodeSession({ ...base, token }, fakeEncode)).not.toBe(first);
    expect(fakeEncode).toHaveBeenCalledTimes(2);
  });

  it("reuses a short session's cookie for a tenth of its life at most, so its idle limit still slides", async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const token = jwt({ name: 'ana', role: 'admin' });
    const short = { ...base, maxAge: 60 };
    const first = await encodeSession({ ...short, token }, fakeEncode);
    vi.advanceTimersByTime(5_000);
    expect(await encodeSession({ ...short, token }, fakeEncode)).toBe(first);
    vi.advanceTimersByTime(1_500);
    expect(await encodeSession({ ...short, token }, fakeEncode)).not.toBe(first);
  });

  it('issues a new cookie at once when a claim changes (a role, a recheck), nested ones included', async () => {
    const token = jwt({ name: 'ana', role: 'admin', sso: { checkedAt: 1, subject: 's' } });
    const first = await encodeSession({ ...base, token }, fakeEncode);
    expect(await encodeSession({ ...base, token: jwt({ ...token, role: 'viewer' }) }, fakeEncode)).not.toBe(first);
    expect(await encodeSession({ ...base, token: jwt({ ...token, sso: { checkedAt: 2, subject: 's' } }) }, fakeEncode)).not.toBe(first);
    expect(fakeEncode).toHaveBeenCalledTimes(3);
  });

  it('does not mix cookies of different salts (cookie names) or lifetimes', async () => {
    const token = jwt({ name: 'ana', role: 'admin' });
    const a = await encodeSession({ ...base, token }, fakeEncode);
    expect(await encodeSession({ ...base, salt: '__Secure-authjs.session-token', token }, fakeEncode)).not.toBe(a);
    expect(await encodeSession({ ...base, maxAge: 60, token }, fakeEncode)).not.toBe(a);
  });
});

describe('decodeSession', () => {
  it('opens a cookie once while it is valid, and again after it expires', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const first = await decodeSession({ ...base, token: 'abc' }, fakeDecode);
    expect(await decodeSession({ ...base, token: 'abc' }, fakeDecode)).toEqual(first);
    expect(fakeDecode).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(61_000);
    await decodeSession({ ...base, token: 'abc' }, fakeDecode);
    expect(fakeDecode).toHaveBeenCalledTimes(2);
  });

  it('knows the cookies this process issued without opening them', async () => {
    const issued = await encodeSession({ ...base, token: jwt({ name: 'ana', role: 'viewer' }) }, fakeEncode);
    const payload = await decodeSession({ ...base, token: issued }, fakeDecode);
    expect(fakeDecode).not.toHaveBeenCalled();
    expect(payload).toMatchObject({ name: 'ana', role: 'viewer' });
    // Another cookie name does not share the entry.
    await decodeSession({ ...base, salt: 'other', token: issued }, fakeDecode);
    expect(fakeDecode).toHaveBeenCalledTimes(1);
  });

  it('caches nothing that does not open, and hands out copies', async () => {
    const refuse = vi.fn(async () => null);
    expect(await decodeSession({ ...base, token: 'forged' }, refuse)).toBeNull();
    expect(await decodeSession({ ...base, token: 'forged' }, refuse)).toBeNull();
    expect(refuse).toHaveBeenCalledTimes(2);
    const a = (await decodeSession({ ...base, token: 'abc' }, fakeDecode))!;
    a.name = 'mallory';
    expect((await decodeSession({ ...base, token: 'abc' }, fakeDecode))!.name).toBe('abc');
  });
});

describe('a flood of valid cookies', () => {
  it('keeps at most 5,000 of each, the least recently used going first', async () => {
    const keep = await encodeSession({ ...base, token: jwt({ name: 'kept' }) }, fakeEncode);
    for (let i = 0; i < 6_000; i++) {
      await decodeSession({ ...base, token: `flood-${i}` }, fakeDecode);
      // The cookie in use stays: each use moves it to the back.
      if (i % 1_000 === 0) await decodeSession({ ...base, token: keep }, fakeDecode);
    }
    const caches = (globalThis as unknown as { sessionTokens: { opened: Map<string, unknown> } }).sessionTokens;
    expect(caches.opened.size).toBeLessThanOrEqual(5_000);
    fakeDecode.mockClear();
    await decodeSession({ ...base, token: keep }, fakeDecode);
    expect(fakeDecode).not.toHaveBeenCalled();
    await decodeSession({ ...base, token: 'flood-0' }, fakeDecode);
    expect(fakeDecode).toHaveBeenCalledTimes(1);
  });
});

describe('claimsKey', () => {
  it('ignores when a token was issued, until when and its id, but not key order of nested claims', () => {
    expect(claimsKey(jwt({ a: 1, iat: 1, exp: 2, jti: 'x' }), 's', 1)).toBe(claimsKey(jwt({ a: 1, iat: 9, exp: 9, jti: 'y' }), 's', 1));
    expect(claimsKey(jwt({ sso: { a: 1, b: 2 } }), 's', 1)).toBe(claimsKey(jwt({ sso: { b: 2, a: 1 } }), 's', 1));
  });
});
