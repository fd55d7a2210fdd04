import { Auth, type AuthConfig } from '@auth/core';
import Credentials from '@auth/core/providers/credentials';
import { decode, encode, type JWT } from '@auth/core/jwt';
import { describe, expect, it, vi } from 'vitest';
import { CHUNK_SIZE, readSessionCookie, sessionCookieName, type SessionConfig } from './session-cookie';

vi.mock('server-only', () => ({}));

// The direct lane's session read against Auth.js's own session endpoint, given the same cookies and
// callbacks: the same session, and the same cookies written or cleared.
const secret = 'a-test-secret-that-is-long-enough-0123456789';
const maxAge = 600;
type Verdict = 'keep' | 'end' | 'promote';
let verdict: Verdict = 'keep';
const jwtCallback = async ({ token }: { token: JWT }) =>
  verdict === 'end' ? null : verdict === 'promote' ? { ...token, role: 'admin' } : token;
const sessionCallback = ({ session, token }: { session: { expires: string }; token: JWT }) => ({
  ...session,
  user: { name: token.name ?? 'unknown', role: (token.role as string) ?? 'viewer' },
});

const ours: SessionConfig = {
  secret,
  maxAge,
  encode: (p) => encode(p),
  decode: (p) => decode(p),
  jwt: jwtCallback as SessionConfig['jwt'],
  session: sessionCallback as unknown as SessionConfig['session'],
};
const theirs: AuthConfig = {
  secret,
  trustHost: true,
  basePath: '/api/auth',
  providers: [Credentials({ authorize: () => null })],
  session: { strategy: 'jwt', maxAge, updateAge: 0 },
  callbacks: { jwt: jwtCallback as never, session: sessionCallback as never },
  logger: { error: () => undefined },
};

async function authJs(cookie: string, https: boolean) {
  const response = await Auth(new Request(`${https ? 'https' : 'http'}://console.test/api/auth/session`, { headers: { cookie } }), theirs);
  // Auth.js also hands out its CSRF and callback-URL cookies on a first visit; only the session's are compared.
  const setCookies = response.headers.getSetCookie().filter((c) => c.startsWith(sessionCookieName(https)));
  return { session: (await response.json()) as Record<string, unknown> | null, setCookies };
}

const cookieOf = (name: string, token: string) =>
  token.length <= CHUNK_SIZE
    ? `${name}=${token}`
    : Array.from(
        { length: Math.ceil(token.length / CHUNK_SIZE) },
        (_, i) => `${name}.${i}=${token.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)}`,
      )
        .reverse()
        .join('; ');
const names = (cookies: string[]) => cookies.map((c) => c.split('=')[0]).sort();
const cleared = (cookies: string[]) =>
  cookies
    .filter((c) => /Max-Age=0/i.test(c))
    .map((c) => c.split('=')[0])
    .sort();

describe('readSessionCookie, beside Auth.js', () => {
  for (const https of [false, true]) {
    const name = sessionCookieName(https);
    it(`reads the same user from a plain and from a chunked cookie (${https ? 'https' : 'http'})`, async () => {
      verdict = 'keep';
      for (const extra of ['', 'x'.repeat(9_000)]) {
        const token = await encode({ token: { name: 'ana', role: 'viewer', extra }, secret, salt: name, maxAge });
        const cookie = `other=1; ${cookieOf(name, token)}`;
        const [a, b] = await Promise.all([readSessionCookie(cookie, https, ours), authJs(cookie, https)]);
        expect(a.session?.user).toEqual(b.session?.user);
        expect(a.session?.user).toEqual({ name: 'ana', role: 'viewer' });
      }
    });

    it(`writes the same cookie names when claims change, chunked or not, and clears what is left over (${https ? 'https' : 'http'})`, async () => {
      verdict = 'promote';
      const big = await encode({ token: { name: 'ana', role: 'viewer', extra: 'x'.repeat(9_000) }, secret, salt: name, maxAge });
      const cookie = cookieOf(name, big);
      const [a, b] = await Promise.all([readSessionCookie(cookie, https, ours), authJs(cookie, https)]);
      expect(a.session?.user).toEqual({ name: 'ana', role: 'admin' });
      expect(names(a.setCookies)).toEqual(names(b.setCookies));
      expect(cleared(a.setCookies)).toEqual(cleared(b.setCookies));
      for (const c of a.setCookies) {
        expect(c).toMatch(/; Path=\/; /);
        expect(c).toMatch(/HttpOnly/);
        expect(c).toMatch(/SameSite=Lax/);
        expect(/Secure/.test(c)).toBe(https);
      }
      // The written chunks join to a token that opens with the new claims.
      const written = a.setCookies.filter((c) => !/Max-Age=0/.test(c)).map((c) => c.split(';')[0]!.split('=').slice(1).join('='));
      expect(((await decode({ token: written.join(''), secret, salt: name })) as JWT).role).toBe('admin');
    });

    it(`ends the session and clears every chunk when the jwt callback says no (${https ? 'https' : 'http'})`, async () => {
      verdict = 'end';
      const token = await encode({ token: { name: 'ana', role: 'viewer', extra: 'y'.repeat(5_000) }, secret, salt: name, maxAge });
      const [a, b] = await Promise.all([readSessionCookie(cookieOf(name, token), https, ours), authJs(cookieOf(name, token), https)]);
      expect(a.session).toBeNull();
      expect(b.session).toBeNull();
      expect(cleared(a.setCookies)).toEqual(cleared(b.setCookies));
      expect(cleared(a.setCookies)).toEqual([`${name}.0`, `${name}.1`]);
    });
  }

  it('refuses a tampered cookie, one sealed with another secret, one for the other protocol, and none at all', async () => {
    verdict = 'keep';
    const name = sessionCookieName(false);
    const token = await encode({ token: { name: 'ana', role: 'admin' }, secret, salt: name, maxAge });
    const foreign = await encode({ token: { name: 'ana', role: 'admin' }, secret: `${secret}-other`, salt: name, maxAge });
    const tampered = `${token.slice(0, -4)}AAAA`;
    for (const cookie of [`${name}=${tampered}`, `${name}=${foreign}`]) {
      const [a, b] = await Promise.all([readSessionCookie(cookie, false, ours), authJs(cookie, false)]);
      expect(a.session).toBeNull();
      expect(b.session).toBeNull();
      expect(cleared(a.setCookies)).toEqual(cleared(b.setCookies));
    }
    // An http cookie name on an https request is not the session cookie (and the reverse), for Auth.js too.
    expect((await readSessionCookie(`${name}=${token}`, true, ours)).session).toBeNull();
    expect((await authJs(`${name}=${token}`, true)).session).toBeNull();
    expect(await readSessionCookie('', false, ours)).toEqual({ session: null, setCookies: [] });
  });

  it('sends no cookie when the token comes back unchanged', async () => {
    verdict = 'keep';
    const name = sessionCookieName(false);
    const token = await encode({ token: { name: 'ana', role: 'viewer' }, secret, salt: name, maxAge });
    const same: SessionConfig = { ...ours, encode: async () => token };
    expect((await readSessionCookie(`${name}=${token}`, false, same)).setCookies).toEqual([]);
  });

  it("parses the Cookie header as Auth.js's own parser does: quotes kept, only spaces and tabs trimmed, the first of a name counting", async () => {
    verdict = 'keep';
    const name = sessionCookieName(false);
    const token = await encode({ token: { name: 'ana', role: 'viewer' }, secret, salt: name, maxAge });
    const headers = [
      `${name}="${token}"`,
      `\u00a0${name}=${token}`,
      ` \t${name} = ${token} ;`,
      `bad=%E0%A4%A; ${name}=${token}`,
      `${name}=garbage; ${name}=${token}`,
      `${name}=${token}; ${name}=garbage`,
      `junk; ${name}=${token}`,
      `x=1;${name}=${token};y`,
    ];
    for (const header of headers) {
      const [a, b] = await Promise.all([readSessionCookie(header, false, ours), authJs(header, false)]);
      expect(a.session?.user ?? null, header).toEqual(b.session?.user ?? null);
    }
  });
});
