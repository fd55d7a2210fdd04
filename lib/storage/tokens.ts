import 'server-only';
// Generating and revoking the tenant's SAS tokens. Every container is locked, read and planned
// before anything is written, so a refusal changes nothing; a write that fails half-way is
// reported per container and is safe to repeat.
import { randomBytes } from 'node:crypto';
import { env } from '../env';
import { isoSeconds } from '../time/zones';
import type { ContainerOutcome } from '../validations/token';
import { blobService } from './clients';
import { describeStorageError } from './errors';
import { LeaseError, readPolicies, withContainerLeases, writePolicies } from './policies';
import { isExpired, newPolicyId, planNewPolicy, TOKEN_PERMISSIONS, TOKEN_PERMISSIONS_WITH_FIND, type StoredPolicy } from './policy-plan';
import { accountSasUrl, accountWindow, containerSasUrl, signingWindow, type IpRange } from './sas';

export type { ContainerOutcome };

export type IssuedTokens = {
  /** True only when every container got its token (and, if asked, lost its old ones). */
  complete: boolean;
  accountUrl: string;
  accountExpiresOn: string;
  containers: ContainerOutcome[];
  startsOn: string;
  expiresOn: string;
  policyId: string;
};

export type IssueRefusal = { refused: true; message: string; container?: string; afterAudit?: boolean };

export type IssueAudit = (event: {
  policyId: string;
  startsOn: string;
  expiresOn: string;
  accountExpiresOn: string;
  containers: string[];
}) => Promise<void>;

export async function issueTokens(
  request: { startsAt: Date; expiresAt: Date; revoke: boolean; findByTags?: boolean; ipRange?: IpRange },
  opts: { now?: Date; beforeIssue?: IssueAudit } = {},
): Promise<IssuedTokens | IssueRefusal> {
  const config = env();
  const now = opts.now ?? new Date();
  const window = signingWindow(request.startsAt, request.expiresAt, now);
  const policyId = newPolicyId(now, randomBytes(3).toString('hex'));
  const added: StoredPolicy = {
    id: policyId,
    startsOn: window.startsOn,
    expiresOn: window.expiresOn,
    permissions: request.findByTags ? TOKEN_PERMISSIONS_WITH_FIND : TOKEN_PERMISSIONS,
  };
  const account = accountWindow(window, now, config.accountSasMaxDays);
  const names = config.containers;

  try {
    return await withContainerLeases(names, async (leases) => {
      const current = await Promise.all(
        names.map(async (name) => {
          try {
            return await readPolicies(leases.get(name)!.container);
          } catch (error) {
            throw new ReadError(name, error);
          }
        }),
      );
      const plans = names.map((name, i) => ({ name, plan: planNewPolicy(name, current[i]!, added, { revoke: request.revoke, now }) }));
      const refused = plans.find((p) => !p.plan.ok);
      if (refused && !refused.plan.ok) return { refused: true, container: refused.name, message: refused.plan.message } as const;

      // Fail closed: no record of the issue, no token.
      await opts.beforeIssue?.({
        policyId,
        startsOn: isoSeconds(window.startsOn),
        expiresOn: isoSeconds(window.expiresOn),
        accountExpiresOn: isoSeconds(account.expiresOn),
        containers: names,
      });

      const containers = await Promise.all(
        plans.map(async ({ name, plan }): Promise<ContainerOutcome> => {
          const lease = leases.get(name)!;
          if (!plan.ok) throw new Error('unreachable: refused plans returned above');
          try {
            await writePolicies(lease.container, plan.next, lease.leaseId);
          } catch (error) {
            // A write that timed out may still have been applied: what counts is what the container holds now.
            if (!(await applied(lease.container, plan.next))) {
              return { container: name, status: 'failed', revokeRequested: request.revoke, message: describeStorageError(error) };
            }
          }
          return {
            container: name,
            status: 'issued',
            policyId,
            url: containerSasUrl(config.storage, name, policyId, request.ipRange),
            revoked: plan.removed.length,
            pruned: plan.pruned.length,
          };
        }),
      );
      if (containers.every((c) => c.status === 'failed')) {
        const reasons = containers.map((c) => `${c.container}: ${c.status === 'failed' ? c.message : ''}`).join(' ');
        return { refused: true, afterAudit: true, message: `No tokens were generated and nothing was changed. ${reasons}` } as const;
      }
      return {
        complete: containers.every((c) => c.status === 'issued'),
        accountUrl: accountSasUrl(config.storage, account, request.ipRange),
        accountExpiresOn: isoSeconds(account.expiresOn),
        containers,
        startsOn: isoSeconds(window.startsOn),
        expiresOn: isoSeconds(window.expiresOn),
        policyId,
      };
    });
  } catch (error) {
    if (error instanceof LeaseError || error instanceof ReadError)
      return { refused: true, container: error.container, message: error.message };
    throw error;
  }
}

/** True when the container's policies are exactly the ones we meant to write. */
async function applied(container: Parameters<typeof readPolicies>[0], intended: StoredPolicy[]): Promise<boolean> {
  try {
    const now = (await readPolicies(container)).map((p) => p.id).sort();
    return JSON.stringify(now) === JSON.stringify(intended.map((p) => p.id).sort());
  } catch {
    return false;
  }
}

class ReadError extends Error {
  constructor(
    readonly container: string,
    cause: unknown,
  ) {
    super(`Could not read the ${container} container's tokens: ${describeStorageError(cause)} Nothing was changed.`);
  }
}

export type PolicyStatus = { id: string; startsOn?: string; expiresOn?: string; permissions?: string; expired: boolean };
export type ContainerStatus = { container: string } & ({ ok: true; policies: PolicyStatus[] } | { ok: false; message: string });

/** The live token state: each container's stored access policies, newest first. */
export async function tokenStatus(now = new Date()): Promise<ContainerStatus[]> {
  const { containers } = env();
  return Promise.all(
    containers.map(async (container): Promise<ContainerStatus> => {
      try {
        const policies = await readPolicies(blobService().getContainerClient(container));
        return {
          container,
          ok: true,
          policies: policies
            .map((p) => ({
              id: p.id,
              startsOn: p.startsOn && isoSeconds(p.startsOn),
              expiresOn: p.expiresOn && isoSeconds(p.expiresOn),
              permissions: p.permissions,
              expired: isExpired(p, now),
            }))
            .sort((a, b) => (b.startsOn ?? '').localeCompare(a.startsOn ?? '') || b.id.localeCompare(a.id)),
        };
      } catch (error) {
        return { container, ok: false, message: describeStorageError(error) };
      }
    }),
  );
}

export type RevokeOutcome =
  { container: string; status: 'revoked'; removed: number } | { container: string; status: 'failed'; message: string };

/** Removes the named policy (or, without one, every policy) from each container. Safe to repeat. */
export async function revokeTokens(
  opts: { policyId?: string; beforeRevoke?: () => Promise<void> } = {},
): Promise<RevokeOutcome[] | IssueRefusal> {
  const { containers } = env();
  try {
    return await withContainerLeases(containers, async (leases) => {
      await opts.beforeRevoke?.();
      return Promise.all(
        containers.map(async (container): Promise<RevokeOutcome> => {
          const lease = leases.get(container)!;
          try {
            const current = await readPolicies(lease.container);
            const kept = opts.policyId ? current.filter((p) => p.id !== opts.policyId) : [];
            if (kept.length !== current.length) {
              await writePolicies(lease.container, kept, lease.leaseId).catch(async (error: unknown) => {
                if (!(await applied(lease.container, kept))) throw error;
              });
            }
            return { container, status: 'revoked', removed: current.length - kept.length };
          } catch (error) {
            return { container, status: 'failed', message: describeStorageError(error) };
          }
        }),
      );
    });
  } catch (error) {
    if (error instanceof LeaseError) return { refused: true, container: error.container, message: error.message };
    throw error;
  }
}
