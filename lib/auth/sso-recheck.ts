import 'server-only';
// A single sign-on user's role is asked of the issuer again every SSO_ROLE_CHECK_SECONDS (15 minutes
// by default): with the refresh token, which brings a new ID token (Entra ID keeps groups there),
// else with the access token at the userinfo endpoint. A user the issuer no longer knows, or whose
// group was removed, loses the session. While the issuer does not answer, the role found last holds
// for one more interval, then the session ends.
import type { AuthConfig, Role } from '../config';
import { logLine } from '../log';
import { ssoUser } from './roles';

export type SsoTokens = {
  subject: string;
  accessToken?: string;
  refreshToken?: string;
  expiresAt?: number;
  /** When the issuer last confirmed the role (seconds since the epoch). */
  checkedAt: number;
  /** After a check the issuer did not answer: when to try again (not on every request meanwhile). */
  retryAt?: number;
};

/** How long after an unanswered check the next one is tried. */
export const RETRY_AFTER_SECONDS = 60;

export type Recheck = { role: Role; sso: SsoTokens } | { role: undefined; reason: string } | { retry: true };

type Discovery = { token_endpoint?: string; userinfo_endpoint?: string };
const globalForSso = globalThis as unknown as {
  ssoDiscovery?: Map<string, Promise<Discovery>>;
  ssoRechecks?: Map<string, { result: Promise<Recheck>; at: number }>;
};
/**
 * A finished check is handed to the session's later requests for this long: they may still carry the
 * old cookie (its refresh token already used, which issuers that rotate them treat as theft).
 */
const KEEP_RESULT_MS = 60_000;

function discovery(issuer: string): Promise<Discovery> {
  const cache = (globalForSso.ssoDiscovery ??= new Map());
  let found = cache.get(issuer);
  if (!found) {
    found = fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) }).then((r) => {
      if (!r.ok) throw new Error(`discovery answered ${r.status}`);
      return r.json() as Promise<Discovery>;
    });
    found.catch(() => cache.delete(issuer));
    cache.set(issuer, found);
  }
  return found;
}

/** Whether a recheck is due (seconds since the epoch). */
export function recheckDue(sso: SsoTokens | undefined, now: number, everySeconds: number): boolean {
  if (!sso || now - sso.checkedAt < everySeconds) return false;
  return sso.retryAt === undefined || now >= sso.retryAt;
}

/**
 * One recheck per session and cookie, however many of its requests find it due, and its result kept
 * a minute for the requests that still carry the cookie it replaced.
 */
export function recheckOnce(session: string, auth: AuthConfig, sso: SsoTokens, now: number): Promise<Recheck> {
  const checks = (globalForSso.ssoRechecks ??= new Map());
  const key = `${session}:${sso.checkedAt}`;
  const kept = checks.get(key);
  if (kept && Date.now() - kept.at < KEEP_RESULT_MS) return kept.result;
  for (const [k, v] of checks) if (Date.now() - v.at >= KEEP_RESULT_MS) checks.delete(k);
  const result = recheckRole(auth, sso, now);
  checks.set(key, { result, at: Date.now() });
  return result;
}

async function recheckRole(auth: AuthConfig, sso: SsoTokens, now: number): Promise<Recheck> {
  const oidc = auth.oidc;
  if (!oidc) return { role: undefined, reason: 'single sign-on is no longer configured' };
  // Past one more interval without an answer from the issuer, the session ends.
  const giveUp = now - sso.checkedAt >= 2 * auth.ssoRecheckSeconds;
  try {
    const meta = await discovery(oidc.issuer);
    let { accessToken, refreshToken, expiresAt } = sso;
    let idToken: string | undefined;
    if (refreshToken && meta.token_endpoint) {
      const res = await fetch(meta.token_endpoint, {
        method: 'POST',
        signal: AbortSignal.timeout(5_000),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`${encodeURIComponent(oidc.clientId)}:${encodeURIComponent(oidc.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      });
      if (res.status === 400 || res.status === 401) return { role: undefined, reason: 'the issuer refused to renew the session' };
      if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
      const tokens = (await res.json()) as { access_token?: string; refresh_token?: string; expires_in?: number; id_token?: string };
      accessToken = tokens.access_token ?? accessToken;
      refreshToken = tokens.refresh_token ?? refreshToken;
      expiresAt = tokens.expires_in ? now + tokens.expires_in : expiresAt;
      idToken = tokens.id_token;
    }
    if (!accessToken || (expiresAt !== undefined && expiresAt <= now))
      return { role: undefined, reason: 'the sign-in has expired at the issuer' };
    let userinfo: Record<string, unknown> = {};
    if (meta.userinfo_endpoint) {
      const res = await fetch(meta.userinfo_endpoint, {
        signal: AbortSignal.timeout(5_000),
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      if (res.status === 401 || res.status === 403) return { role: undefined, reason: 'the issuer no longer accepts the sign-in' };
      if (!res.ok) throw new Error(`userinfo answered ${res.status}`);
      userinfo = (await res.json()) as Record<string, unknown>;
    }
    // Without a new ID token, the subject is the one signed in, and userinfo must name the same.
    if (userinfo.sub !== undefined && userinfo.sub !== sso.subject && !idToken)
      return { role: undefined, reason: 'the issuer answered for another subject' };
    // Claims read from an unsigned stand-in for the ID token hold just the subject already signed in.
    const knownSubject = `x.${Buffer.from(JSON.stringify({ sub: sso.subject })).toString('base64url')}.x`;
    const user = ssoUser(auth, userinfo, idToken ?? knownSubject);
    if (user.id !== sso.subject) return { role: undefined, reason: 'the issuer answered for another subject' };
    if (!user.role) return { role: undefined, reason: 'no role is mapped to the user any more' };
    return { role: user.role, sso: { subject: sso.subject, accessToken, refreshToken, expiresAt, checkedAt: now } };
  } catch (error) {
    logLine('warn', 'sso', 'the issuer did not answer a role check', { error: (error as Error).message });
    return giveUp ? { role: undefined, reason: 'the issuer did not answer role checks' } : { retry: true };
  }
}
