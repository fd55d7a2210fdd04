// Stored access policy bookkeeping, pure: what a container's policy list becomes when a token is
// added or tokens are revoked. Azure keeps at most five policies per container.
export const MAX_POLICIES = 5;
export const TOKEN_PERMISSIONS = 'rl';
/** With find by tags: Azure's container SAS order is r, l, f. */
export const TOKEN_PERMISSIONS_WITH_FIND = 'rlf';

export type StoredPolicy = { id: string; startsOn?: Date; expiresOn?: Date; permissions?: string };

export type PolicyPlan =
  | { ok: true; next: StoredPolicy[]; removed: StoredPolicy[]; pruned: StoredPolicy[] }
  | { ok: false; message: string; active: StoredPolicy[] };

export function isExpired(policy: StoredPolicy, now: Date): boolean {
  return policy.expiresOn !== undefined && policy.expiresOn.getTime() <= now.getTime();
}

/**
 * With `revoke`, every existing policy goes (so every token naming one fails); otherwise expired
 * ones are pruned and a sixth active policy is refused with what to do about it.
 */
export function planNewPolicy(
  container: string,
  existing: StoredPolicy[],
  added: StoredPolicy,
  opts: { revoke: boolean; now: Date },
): PolicyPlan {
  if (opts.revoke) return { ok: true, next: [added], removed: existing, pruned: [] };
  const pruned = existing.filter((p) => isExpired(p, opts.now));
  const active = existing.filter((p) => !isExpired(p, opts.now));
  if (active.length >= MAX_POLICIES) {
    return {
      ok: false,
      active,
      message:
        `The ${container} container already has ${active.length} active tokens, the most Azure allows (${MAX_POLICIES} stored access policies per container). ` +
        'Tick "Revoke existing tokens" to replace them, or revoke one in Active tokens below, then generate again.',
    };
  }
  return { ok: true, next: [...active, added], removed: [], pruned };
}

/** `bsc-20261130T182400Z-3f9a1c`: sortable by creation, unique enough, within Azure's 64 characters. */
export function newPolicyId(now: Date, random: string): string {
  return `bsc-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}-${random}`;
}
