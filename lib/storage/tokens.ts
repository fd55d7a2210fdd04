import 'server-only';
// Generating and revoking the tenant's SAS tokens, audit records included. Every container is read
// and planned under the tokens lock before anything is written, so a refusal changes nothing; the
// attempt is recorded before the first write (no record, no token); a write that fails half-way is
// reported per container, recorded, and is safe to repeat.
import { randomBytes } from 'node:crypto';
import { AuditWriteError, recordAudit, recordAuditBestEffort } from '../audit/store';
import { env } from '../env';
import { currentRequestId } from '../request-log';
import { isoSeconds } from '../time/zones';
import type { ContainerOutcome, ContainerStatus, GenerateResult, PolicyStatus, RevokeResult, TokenRequest } from '../validations/token';
import { firstBlobName } from './blobs';
import { describeStorageError, logStorageFailure, withReference } from './errors';
import { LeaseError, readPolicies, withTokenLock, writePolicies } from './policies';
import { isExpired, newPolicyId, planNewPolicy, TOKEN_PERMISSIONS, TOKEN_PERMISSIONS_WITH_FIND, type StoredPolicy } from './policy-plan';
import { accountSasUrl, accountWindow, containerSasUrl, signingWindow } from './sas';
import { nothingGenerated, nothingGeneratedAnywhere, nothingRevoked, revokeMessage } from './token-sentences';

export type { ContainerOutcome };

/** Who is acting, as the audit trail records it. */
export type Actor = { user: string; role: string; ip?: string };

class Refusal extends Error {}

const TOO_SLOW = 'Storage answered too slowly to finish within the lock. Nothing was changed; try again.';
const TOO_SLOW_TO_WRITE = 'Storage answered too slowly to finish within the lock, so this container was left as it was; run it again.';

class ReadError extends Refusal {
  constructor(container: string, cause: unknown) {
    super(`Could not read the ${container} container's tokens: ${describeStorageError(cause)} Nothing was changed.`);
  }
}

async function readAll(names: string[]) {
  return Promise.all(
    names.map(async (name) => {
      try {
        return await readPolicies(name);
      } catch (error) {
        throw new ReadError(name, error);
      }
    }),
  );
}

/** What a failure before any write says; a storage failure is logged and quoted by reference. */
function refusalMessage(error: unknown, action: 'tokens.generate' | 'tokens.revoke'): string {
  if (error instanceof Refusal || error instanceof LeaseError) return error.message;
  const say = action === 'tokens.generate' ? nothingGenerated : nothingRevoked;
  if (error instanceof AuditWriteError) return withReference(say(error.message, true), currentRequestId());
  logStorageFailure(error, action);
  return withReference(say(describeStorageError(error), false), currentRequestId());
}

export async function generateTokens(request: TokenRequest, actor: Actor, opts: { now?: Date } = {}): Promise<GenerateResult> {
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
  const asked = { zone: request.timeZone, initiation: request.initiation, expiration: request.expiration };
  // The curl example's blob is looked up beside the issue, not after it (cached for minutes).
  const exampleContainer = names.includes('recordings') ? 'recordings' : names[0]!;
  const exampleBlob = firstBlobName(exampleContainer);

  let containers: ContainerOutcome[];
  // Fail closed: no record of the issue, no token. The record is written while the lock is taken and
  // the policies read (one round trip less to wait for); no policy is written before it has landed.
  const audit = recordAhead({
    ...actor,
    action: 'tokens.generate',
    outcome: 'ok',
    details: {
      ...asked,
      startsOnUtc: isoSeconds(window.startsOn),
      expiresOnUtc: isoSeconds(window.expiresOn),
      accountExpiresOnUtc: isoSeconds(account.expiresOn),
      containers: names,
      policyId,
      revoke: request.revoke,
      findByTags: request.findByTags,
      ...(request.allowedIp ? { allowedIp: request.allowedIp } : {}),
    },
  });
  try {
    containers = await withTokenLock(async (lock) => {
      primeStatus(undefined);
      const current = await readAll(names);
      const plans = names.map((name, i) => ({ name, plan: planNewPolicy(name, current[i]!, added, { revoke: request.revoke, now }) }));
      for (const { plan } of plans) if (!plan.ok) throw new Refusal(plan.message);
      await audit.landed;
      if (lock.expired()) throw new Refusal(TOO_SLOW);
      const written = await Promise.all(
        plans.map(async ({ name, plan }): Promise<ContainerOutcome> => {
          if (!plan.ok) throw new Error('unreachable: refused plans threw above');
          try {
            await writePolicies(name, plan.next);
          } catch (error) {
            // A write that timed out may still have been applied: what counts is what the container holds now.
            if (!(await applied(name, plan.next))) {
              const message = lock.expired() ? TOO_SLOW_TO_WRITE : describeStorageError(error);
              return { container: name, status: 'failed', revokeRequested: request.revoke, message };
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
      if (written.every((c) => c.status === 'issued')) primeStatus(plans.map(({ name, plan }) => [name, plan.ok ? plan.next : []]));
      return written;
    });
  } catch (error) {
    const message = refusalMessage(error, 'tokens.generate');
    // Recorded as attempted, then stopped before any write: the trail says so too.
    if (await audit.written())
      await recordAuditBestEffort({ ...actor, action: 'tokens.generate', outcome: 'failed', details: { ...asked, reason: message } });
    return { status: 'refused', message };
  }

  const failed = containers.flatMap((c) => (c.status === 'failed' ? [c] : []));
  if (failed.length) {
    // The attempt was recorded before the writes; record which containers did not get their token.
    await recordAuditBestEffort({
      ...actor,
      action: 'tokens.generate',
      outcome: 'failed',
      details: { ...asked, failed: failed.map((c) => c.container) },
    });
  }
  if (failed.length === containers.length) return { status: 'refused', message: nothingGeneratedAnywhere(failed) };
  return {
    status: 'issued',
    complete: failed.length === 0,
    accountUrl: accountSasUrl(config.storage, account, request.ipRange),
    accountExpiresOn: isoSeconds(account.expiresOn),
    containers,
    findByTags: request.findByTags,
    ...(request.allowedIp ? { allowedIp: request.allowedIp } : {}),
    startsOn: isoSeconds(window.startsOn),
    expiresOn: isoSeconds(window.expiresOn),
    timeZone: request.timeZone,
    revoked: request.revoke,
    exampleBlob: await exampleBlob.then((name) => (name ? { container: exampleContainer, name } : undefined)),
  };
}

/** True when the container's policies are exactly the ones we meant to write. */
async function applied(container: string, intended: StoredPolicy[]): Promise<boolean> {
  try {
    const now = (await readPolicies(container)).map((p) => p.id).sort();
    return JSON.stringify(now) === JSON.stringify(intended.map((p) => p.id).sort());
  } catch {
    return false;
  }
}

export type { ContainerStatus, PolicyStatus };

// What this process just wrote, under the lock, to every container: the action's answer carries it
// to the status panel without reading it back (two round trips less). Taken once, and only for a
// moment; any other read is live.
const PRIMED_MS = 2_000;
const globalForStatus = globalThis as unknown as { primedTokenStatus?: { at: number; policies: Map<string, StoredPolicy[]> } };

/** What was just written everywhere; undefined clears it (a change under way, or one that failed somewhere). */
function primeStatus(entries: [string, StoredPolicy[]][] | undefined) {
  globalForStatus.primedTokenStatus = entries && { at: Date.now(), policies: new Map(entries) };
}

function takePrimed(containers: string[]): Map<string, StoredPolicy[]> | undefined {
  const primed = globalForStatus.primedTokenStatus;
  globalForStatus.primedTokenStatus = undefined;
  if (!primed || Date.now() - primed.at > PRIMED_MS || !containers.every((c) => primed.policies.has(c))) return undefined;
  return primed.policies;
}

/** The live token state: each container's stored access policies, newest first. */
export async function tokenStatus(now = new Date()): Promise<ContainerStatus[]> {
  const { containers } = env();
  const primed = takePrimed(containers);
  return Promise.all(
    containers.map(async (container): Promise<ContainerStatus> => {
      try {
        const policies = primed?.get(container) ?? (await readPolicies(container));
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

/**
 * An attempt's record, written while the lock is taken and the policies read: `landed` is awaited
 * before the first write (it rejects when the record could not be written: fail closed), and
 * `written()`, once it has settled, tells whether the trail holds it.
 */
function recordAhead(event: Parameters<typeof recordAudit>[0]) {
  const landed = recordAudit(event);
  landed.catch(() => undefined);
  return {
    landed,
    written: () =>
      landed.then(
        () => true,
        () => false,
      ),
  };
}

/** Removes the named policy (or, without one, every policy) from each container. Safe to repeat. */
export async function revokeTokens(policyId: string | undefined, actor: Actor): Promise<Exclude<RevokeResult, { status: 'invalid' }>> {
  const { containers } = env();
  let outcome: RevokeOutcome[];
  // Fail closed, as for generation: no record, no revocation. Written while the lock is taken and the
  // policies read; nothing is written before it has landed.
  const audit = recordAhead({ ...actor, action: 'tokens.revoke', outcome: 'ok', details: { policyId: policyId ?? 'all', containers } });
  try {
    outcome = await withTokenLock(async (lock) => {
      primeStatus(undefined);
      const reads = containers.map((name) => readPolicies(name));
      for (const read of reads) read.catch(() => undefined);
      await audit.landed;
      const kept: [string, StoredPolicy[]][] = [];
      const done = await Promise.all(
        containers.map(async (name, i): Promise<RevokeOutcome> => {
          try {
            const current = await reads[i]!;
            const keep = policyId ? current.filter((p) => p.id !== policyId) : [];
            if (keep.length !== current.length) {
              await writePolicies(name, keep).catch(async (error: unknown) => {
                if (!(await applied(name, keep))) throw error;
              });
            }
            kept.push([name, keep]);
            return { container: name, status: 'revoked', removed: current.length - keep.length };
          } catch (error) {
            return { container: name, status: 'failed', message: lock.expired() ? TOO_SLOW_TO_WRITE : describeStorageError(error) };
          }
        }),
      );
      if (kept.length === containers.length) primeStatus(kept);
      return done;
    });
  } catch (error) {
    const message = refusalMessage(error, 'tokens.revoke');
    // Recorded as asked for, then stopped before any write (the lock not had): the trail says so too.
    if (await audit.written())
      await recordAuditBestEffort({
        ...actor,
        action: 'tokens.revoke',
        outcome: 'failed',
        details: { policyId: policyId ?? 'all', reason: message },
      });
    return { status: 'refused', message };
  }
  const failed = outcome.filter((o) => o.status === 'failed').map((o) => o.container);
  if (failed.length) {
    await recordAuditBestEffort({ ...actor, action: 'tokens.revoke', outcome: 'failed', details: { policyId: policyId ?? 'all', failed } });
  }
  return { status: 'done', failed, message: revokeMessage(outcome) };
}
