import 'server-only';
// The session cookie's encryption, with what it costs cut. Auth.js decrypts the cookie and encrypts a
// fresh one on every request it reads a session for (each a key derivation and an AES pass; the
// profile of a listing put it at about a tenth of the server's CPU). Here:
// - a cookie this process issued or already opened is not opened again while it is valid;
// - a session whose claims have not changed keeps its cookie for REISSUE_SECONDS instead of being
//   encrypted anew, so the idle limit slides in steps of at most that much.
// Any change of claims (role, recheck, sign-in) issues a new cookie at once.
import { createHash } from 'node:crypto';
import { decode as authDecode, encode as authEncode, type JWT, type JWTDecodeParams, type JWTEncodeParams } from 'next-auth/jwt';

export const REISSUE_SECONDS = 60;
const MAX_ENTRIES = 5_000;

type Opened = { payload: JWT; exp: number };
type Issued = { token: string; iat: number; exp: number };
const globalForTokens = globalThis as unknown as { sessionTokens?: { opened: Map<string, Opened>; issued: Map<string, Issued> } };
const caches = () => (globalForTokens.sessionTokens ??= { opened: new Map(), issued: new Map() });

/** Oldest first out: a Map keeps insertion order. */
function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

/** The claims that matter, in a stable order: everything but when it was issued, until when, and its id. */
export function claimsKey(token: JWT, salt: string, maxAge: number | undefined): string {
  const claims: Record<string, unknown> = { ...token };
  for (const moving of ['iat', 'exp', 'jti']) delete claims[moving];
  const stable = JSON.stringify(claims, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
  return createHash('sha256')
    .update(`${salt}\0${maxAge ?? ''}\0${stable}`)
    .digest('base64url');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

type Encode = (params: JWTEncodeParams<JWT>) => Promise<string>;
type Decode = (params: JWTDecodeParams) => Promise<JWT | null>;

export async function encodeSession(params: JWTEncodeParams<JWT>, encode: Encode = authEncode): Promise<string> {
  const token = params.token ?? {};
  const key = claimsKey(token, params.salt, params.maxAge);
  const { issued, opened } = caches();
  const now = nowSeconds();
  const last = issued.get(key);
  if (last && now - last.iat < REISSUE_SECONDS && last.exp > now) return last.token;
  const fresh = await encode(params);
  const maxAge = params.maxAge ?? 30 * 24 * 60 * 60;
  remember(issued, key, { token: fresh, iat: now, exp: now + maxAge });
  remember(opened, `${params.salt}\0${fresh}`, { payload: { ...token, iat: now, exp: now + maxAge }, exp: now + maxAge });
  return fresh;
}

export async function decodeSession(params: JWTDecodeParams, decode: Decode = authDecode): Promise<JWT | null> {
  if (!params.token) return null;
  const key = `${params.salt}\0${params.token}`;
  const { opened } = caches();
  const hit = opened.get(key);
  if (hit) {
    if (hit.exp > nowSeconds()) return structuredClone(hit.payload);
    opened.delete(key);
  }
  const payload = await decode(params);
  if (payload && typeof payload.exp === 'number') remember(opened, key, { payload: structuredClone(payload), exp: payload.exp });
  return payload;
}
