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
 * The console's user for a single sign-on: the claims of the ID token (already verified by Auth.js)
 * over those of the userinfo endpoint, where many issuers keep email and groups. Roles follow the
 * subject id (Entra's oid), a verified email or a group; never the display or preferred name,
 * which users may choose themselves.
 */
export function ssoUser(
  config: Pick<AuthConfig, 'adminUsers' | 'viewerUsers' | 'oidc'>,
  userinfo: Record<string, unknown>,
  idToken: string | undefined,
): { id: string; name: string; email?: string; role?: Role } {
  const claims = { ...userinfo, ...jwtClaims(idToken) };
  const text = (key: string) => (typeof claims[key] === 'string' && claims[key] ? (claims[key] as string) : undefined);
  const subject = text('oid') ?? text('sub') ?? '';
  const email = claims.email_verified === true ? text('email') : undefined;
  return {
    id: subject,
    name: text('preferred_username') ?? text('email') ?? subject,
    email: text('email'),
    role: subject ? roleForIdentity(config, { username: subject, email, groups: claims.groups }) : undefined,
  };
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
