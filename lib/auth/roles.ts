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

export function can(role: Role | undefined, need: Role): boolean {
  return role === 'admin' || (need === 'viewer' && role === 'viewer');
}

/** A session past its absolute lifetime ends, however active it has been (seconds since the epoch). */
export function sessionExpired(authTime: number | undefined, now: number, maxHours: number): boolean {
  return !authTime || now - authTime > maxHours * 3600;
}
