import 'server-only';
// The session as Auth.js's session endpoint reads it, for the API's direct lane (lib/api/direct.ts),
// without Auth.js's per-request setup (its init parses the providers and makes a CSRF token each
// time: about 3 ms a request here). The same steps, in the same order (@auth/core's session action):
// the cookie's chunks joined, decoded (lib/auth/session-token.ts caches it), the jwt callback with
// all its checks, the session callback, the token encoded again. Unlike Auth.js, a token that comes
// back unchanged (encodeSession keeps an unchanged session's cookie for a while) is not sent again:
// the browser's copy then expires with the token inside it. Chunking and clearing follow Auth.js's
// SessionStore; session-cookie.test.ts compares the two.
import type { JWT } from 'next-auth/jwt';
import type { Session } from 'next-auth';

/** What of Auth.js's configuration the session read needs. */
export type SessionConfig = {
  secret: string | string[];
  maxAge: number;
  encode: (params: { token: JWT; secret: string | string[]; salt: string; maxAge: number }) => Promise<string>;
  decode: (params: { token: string; secret: string | string[]; salt: string }) => Promise<JWT | null>;
  jwt: (params: { token: JWT }) => Promise<JWT | null> | JWT | null;
  session: (params: { session: { user: Record<string, unknown>; expires: string }; token: JWT }) => Promise<Session> | Session;
};

export type SessionRead = { session: Session | null; setCookies: string[] };

/** @auth/core's cookie limits (lib/utils/cookie.js): 4096 bytes a cookie, less its estimated attributes. */
export const CHUNK_SIZE = 4096 - 160;

export const sessionCookieName = (https: boolean) => `${https ? '__Secure-' : ''}authjs.session-token`;

/** @auth/core's own cookie parser (lib/vendored/cookie.js), step for step: the first of two names counts, only spaces and tabs are trimmed, quotes are kept, %-escapes decoded where they decode. */
function parseCookies(header: string): Map<string, string> {
  const cookies = new Map<string, string>();
  const blank = (i: number) => header[i] === ' ' || header[i] === '\t';
  let index = 0;
  while (index < header.length && header.length >= 2) {
    const eq = header.indexOf('=', index);
    if (eq === -1) break;
    const semicolon = header.indexOf(';', index);
    const end = semicolon === -1 ? header.length : semicolon;
    if (eq > end) {
      index = header.lastIndexOf(';', eq - 1) + 1;
      continue;
    }
    let keyStart = index;
    while (keyStart < eq && blank(keyStart)) keyStart++;
    let keyEnd = eq;
    while (keyEnd > keyStart && blank(keyEnd - 1)) keyEnd--;
    const key = header.slice(keyStart, keyEnd);
    if (!cookies.has(key)) {
      let valueStart = eq + 1;
      while (valueStart < end && blank(valueStart)) valueStart++;
      let valueEnd = end;
      while (valueEnd > valueStart && blank(valueEnd - 1)) valueEnd--;
      cookies.set(key, decodeValue(header.slice(valueStart, valueEnd)));
    }
    index = end + 1;
  }
  return cookies;
}

function decodeValue(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function serialize(name: string, value: string, https: boolean, until: Date | 0): string {
  const life = until === 0 ? 'Max-Age=0' : `Expires=${until.toUTCString()}`;
  return `${name}=${value}; Path=/; ${life}; HttpOnly; ${https ? 'Secure; ' : ''}SameSite=Lax`;
}

export async function readSessionCookie(cookieHeader: string, https: boolean, config: SessionConfig): Promise<SessionRead> {
  const name = sessionCookieName(https);
  const chunks = [...parseCookies(cookieHeader)].filter(([n, v]) => n.startsWith(name) && v);
  if (!chunks.length) return { session: null, setCookies: [] };
  const suffix = (n: string) => parseInt(n.split('.').pop() || '0');
  const token = chunks
    .sort(([a], [b]) => suffix(a) - suffix(b))
    .map(([, v]) => v)
    .join('');
  const clean = () => chunks.map(([n]) => serialize(n, '', https, 0));
  try {
    const payload = await config.decode({ token, secret: config.secret, salt: name });
    if (!payload) throw new Error('Invalid JWT');
    const next = await config.jwt({ token: payload });
    if (next === null) return { session: null, setCookies: clean() };
    const expires = new Date(Date.now() + config.maxAge * 1000);
    const session = await config.session({
      session: { user: { name: next.name, email: next.email, image: next.picture }, expires: expires.toISOString() },
      token: next,
    });
    const fresh = await config.encode({ token: next, secret: config.secret, salt: name, maxAge: config.maxAge });
    if (fresh === token) return { session, setCookies: [] };
    const pieces = Math.ceil(fresh.length / CHUNK_SIZE);
    const written =
      pieces === 1
        ? [[name, fresh] as const]
        : Array.from({ length: pieces }, (_, i) => [`${name}.${i}`, fresh.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)] as const);
    const kept = new Set(written.map(([n]) => n));
    return {
      session,
      setCookies: [
        ...chunks.filter(([n]) => !kept.has(n)).map(([n]) => serialize(n, '', https, 0)),
        ...written.map(([n, v]) => serialize(n, v, https, expires)),
      ],
    };
  } catch {
    // Not a token this server can open (another secret, tampered, expired): the broken cookie goes.
    return { session: null, setCookies: clean() };
  }
}
