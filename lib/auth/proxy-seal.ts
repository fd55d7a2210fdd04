// The proxy has already read the session of the request it passes on; a page, action or route in
// the same process can take that result instead of decrypting and re-signing the cookie again
// (about 1 ms a request). The proxy seals it into a request header with a key that lives only in
// this process's memory, so a header sent by a client, or one that outlives its request, is worth
// nothing: whatever fails to open falls back to reading the cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles';

export const SEALED_SESSION_HEADER = 'x-console-session';

/** How long a sealed session may take from the proxy to the handler. */
const MAX_AGE_MS = 30_000;

const globalForSeal = globalThis as unknown as { consoleSessionSealKey?: Buffer };

function sealKey(): Buffer {
  return (globalForSeal.consoleSessionSealKey ??= randomBytes(32));
}

function mac(body: string): string {
  return createHmac('sha256', sealKey()).update(body).digest('base64url');
}

export type SealedUser = { name: string; role: Role; display?: string };

export function sealSession(user: SealedUser, now = Date.now()): string {
  const names = user.display && user.display !== user.name ? [user.name, user.display] : [user.name];
  const body = `${Buffer.from(JSON.stringify(names)).toString('base64url')}.${user.role}.${now}`;
  return `${body}.${mac(body)}`;
}

/** The user the proxy sealed for this request, or undefined for anything else. */
export function openSession(value: string | null | undefined, now = Date.now()): SealedUser | undefined {
  const parts = value?.split('.');
  if (parts?.length !== 4) return undefined;
  const [name, role, at, tag] = parts as [string, string, string, string];
  const expected = Buffer.from(mac(`${name}.${role}.${at}`));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const age = now - Number(at);
  if (!(age >= 0 && age <= MAX_AGE_MS) || (role !== 'admin' && role !== 'viewer')) return undefined;
  const [user, display] = JSON.parse(Buffer.from(name, 'base64url').toString('utf8')) as [string, string?];
  return display ? { name: user, role, display } : { name: user, role };
}
