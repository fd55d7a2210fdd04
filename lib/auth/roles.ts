// Who may do what, pure. `admin`: everything; `viewer`: browse, find and download only.
import type { AuthConfig, Role } from '../config';

export type { Role };

/** The role for a single sign-on identity, or undefined when it is not allowed in at all. */
export function roleForIdentity(
  config: Pick<AuthConfig, 'adminUsers' | 'viewerUsers' | 'oidc'>,
  identity: { username?: string | null; email?: string | null; groups?: unknown },
): Role | undefined {
  const names = [identity.username, identity.email].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase());
  const groups = Array.isArray(identity.groups) ? identity.groups.filter((g): g is string => typeof g === 'string') : [];
  const listed = (list: string[]) => list.some((entry) => names.includes(entry.toLowerCase()));
  const inGroup = (list: string[] | undefined) => (list ?? []).some((g) => groups.includes(g));
  if (listed(config.adminUsers) || inGroup(config.oidc?.adminGroups)) return 'admin';
  if (listed(config.viewerUsers) || inGroup(config.oidc?.viewerGroups)) return 'viewer';
  return undefined;
}

/**
 * The console's user for a single sign-on, from the ID token (already verified by Auth.js) and the
 * userinfo endpoint (whose subject Auth.js has matched to the token's), where many issuers keep
 * email and groups. The subject comes from the ID token only (Entra's oid, else sub); an email counts
 * only with the email_verified of the same source. Roles follow the subject, a verified email or a
 * group; never the display or preferred name, which users may choose themselves.
 */
export function ssoUser(
  config: Pick<AuthConfig, 'adminUsers' | 'viewerUsers' | 'oidc'>,
  userinfo: Record<string, unknown>,
  idToken: string | undefined,
): { id: string; name: string; email?: string; identity: string; role?: Role } {
  const token = jwtClaims(idToken);
  const text = (claims: Record<string, unknown>, key: string) =>
    typeof claims[key] === 'string' && claims[key] ? (claims[key] as string) : undefined;
  const subject = text(token, 'oid') ?? text(token, 'sub') ?? '';
  const emailSource = text(token, 'email') ? token : userinfo;
  const email = text(emailSource, 'email');
  const verifiedEmail = emailSource.email_verified === true ? email : undefined;
  const name = text(token, 'preferred_username') ?? text(userinfo, 'preferred_username') ?? email ?? subject;
  const groups = token.groups ?? userinfo.groups;
  return {
    id: subject,
    name,
    email,
    identity: ssoIdentity(subject, verifiedEmail),
    role: subject ? roleForIdentity(config, { username: subject, email: verifiedEmail, groups }) : undefined,
  };
}

/**
 * Who a single sign-on user is on the audit trail: what the issuer vouches for (an email it
 * verified, else its subject id), never the display name the user may choose.
 */
export function ssoIdentity(subject: string, verifiedEmail: string | undefined): string {
  return verifiedEmail ?? `oidc:${subject}`;
}

/** The payload of a JWT whose signature was checked elsewhere (decoding only, no verification). */
function jwtClaims(token: string | undefined): Record<string, unknown> {
  const payload = token?.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function can(role: Role | undefined, need: Role): boolean {
  return role === 'admin' || (need === 'viewer' && role === 'viewer');
}

/** A session past its absolute lifetime ends, however active it has been (seconds since the epoch). */
export function sessionExpired(authTime: number | undefined, now: number, maxHours: number): boolean {
  return !authTime || now - authTime > maxHours * 3600;
}
