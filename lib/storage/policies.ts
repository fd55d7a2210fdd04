import 'server-only';
// Stored access policies on the containers: read live, changed only under a short lease on the
// console's tokens lock, so two administrators (or two server processes) never overwrite each other's.
// Plain Shared Key REST calls (server-calls.ts), not the SDK's: its pipeline was ~10% of a token
// generation's CPU samples (profile.ts tokens) for these six calls.
import { randomUUID } from 'node:crypto';
import { blobService } from './clients';
import { ClientGone, requestContext, withRequestContext } from '../request-context';
import { describeStorageError, isUnreachable, storageErrorCode } from './errors';
import { aclXml, parseAclXml } from './list-xml';
import { ensureLockBlob, LOCK_CONTAINER } from './lock-blob';
import type { StoredPolicy } from './policy-plan';
import { accountCall } from './server-calls';

// Long enough to outlast waiting for the other containers' leases plus a few slow storage calls.
const LEASE_SECONDS = 30;
const LEASE_WAIT_MS = 8_000;

const ACL = 'restype=container&comp=acl';

/** A container's stored access policies (Get Container ACL). */
export async function readPolicies(container: string): Promise<StoredPolicy[]> {
  const { body } = await accountCall(encodeURIComponent(container), ACL, { method: 'GET' });
  return parseAclXml(body).map((e) => ({
    id: e.id,
    startsOn: e.start === undefined ? undefined : new Date(e.start),
    expiresOn: e.expiry === undefined ? undefined : new Date(e.expiry),
    permissions: e.permission,
  }));
}

/**
 * Writes a container's policies (Set Container ACL: the whole list, so sending it twice is safe).
 * Callers hold the tokens lock (`withTokenLock`), so no other console process reads or writes them meanwhile.
 */
export async function writePolicies(container: string, policies: StoredPolicy[]): Promise<void> {
  await accountCall(encodeURIComponent(container), ACL, { method: 'PUT', body: aclXml(policies) });
}

/** A blob below the blob endpoint whose lease is taken: `console-locks/tokens`. */
type Leasable = string;
export type HeldLease = { target: Leasable; leaseId: string };

/** Lease Blob: acquire with a proposed id (repeating it is safe: the same id renews), or release. */
function leaseCall(target: Leasable, action: { acquire: string } | { release: string }) {
  return 'acquire' in action
    ? accountCall(target, 'comp=lease', {
        method: 'PUT',
        ok: [201],
        headers: { 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': String(LEASE_SECONDS), 'x-ms-proposed-lease-id': action.acquire },
      })
    : accountCall(target, 'comp=lease', { method: 'PUT', headers: { 'x-ms-lease-action': 'release', 'x-ms-lease-id': action.release } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GHOST_RELEASE_DELAYS_MS = [1_000, 3_000, 7_000, 15_000];

/**
 * An acquire that timed out may still have been granted once storage caught up; since we proposed
 * the lease id we can release it, so nobody waits for a lease no one holds. Best effort, in the background.
 */
function releaseIfGranted(target: Leasable, leaseId: string, attempt = 0): void {
  const delay = GHOST_RELEASE_DELAYS_MS[attempt];
  if (delay === undefined) return;
  // Outside the request's abort signal: the client that asked may be long gone.
  setTimeout(() => {
    withRequestContext({ signal: undefined }, () => leaseCall(target, { release: leaseId })).catch((error: unknown) => {
      // Not ours (mismatch) or no lease at all: nothing to release. Otherwise storage is still away.
      const code = storageErrorCode(error);
      if (code !== 'LeaseIdMismatchWithLeaseOperation' && code !== 'LeaseNotPresentWithLeaseOperation' && code !== 'ContainerNotFound') {
        releaseIfGranted(target, leaseId, attempt + 1);
      }
    });
  }, delay).unref();
}

/** Takes the lease, waiting (with jitter) while another writer holds it. */
async function acquireLease(target: Leasable): Promise<HeldLease> {
  const proposed = randomUUID();
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const { headers } = await leaseCall(target, { acquire: proposed });
      const leaseId = headers['x-ms-lease-id'];
      return { target, leaseId: typeof leaseId === 'string' ? leaseId : proposed };
    } catch (error) {
      // Storage may have granted a lease whose answer was lost, or that the client did not wait for.
      if (isUnreachable(error) || error instanceof ClientGone) releaseIfGranted(target, proposed);
      if (storageErrorCode(error) !== 'LeaseAlreadyPresent' || Date.now() > deadline) throw error;
      await sleep(Math.min(50 * 2 ** attempt, 500) * (0.5 + Math.random()));
    }
  }
}

async function releaseLease(lease: HeldLease): Promise<void> {
  // A lease that cannot be released expires by itself within LEASE_SECONDS.
  await leaseCall(lease.target, { release: lease.leaseId }).catch(() => undefined);
}

const TOKENS_LOCK_BLOB = 'tokens';
const globalForLock = globalThis as unknown as { tokensLockReady?: Promise<unknown>; tokensLockReleasing?: Promise<void> };

const lockBlob = (): Leasable => `${LOCK_CONTAINER}/${TOKENS_LOCK_BLOB}`;

const ensureTokensLock = () => ensureLockBlob(blobService(), TOKENS_LOCK_BLOB);

/**
 * Runs `fn` holding the tokens lock: a lease on one small blob that every console process takes
 * before it reads or changes any container's policies, so two administrators (or two processes)
 * never overwrite each other's. One lease for the whole set rather than one per container: two
 * storage round trips a generation instead of four (issue 15's budget of seven). The price: a
 * container's policies are not locked against tools other than the console (the portal, Storage
 * Explorer) for the few milliseconds between the console's read and its write.
 */
export async function withTokenLock<T>(
  fn: (lock: TokenLock) => Promise<T>,
  budgetMs = (LEASE_SECONDS - LOCK_MARGIN_SECONDS) * 1000,
): Promise<T> {
  let held: HeldLease;
  // Counted from before the lease is asked for, so the deadline is never later than the lease's end.
  const deadline = Date.now() + budgetMs;
  try {
    await (globalForLock.tokensLockReady ??= ensureTokensLock().catch((error: unknown) => {
      globalForLock.tokensLockReady = undefined;
      throw error;
    }));
    // This process's last holder may still be giving the lease back (below): wait for that, not for the lease to be free.
    await globalForLock.tokensLockReleasing;
    try {
      held = await acquireLease(lockBlob());
    } catch (error) {
      if (storageErrorCode(error) !== 'BlobNotFound' && storageErrorCode(error) !== 'ContainerNotFound') throw error;
      await ensureTokensLock();
      held = await acquireLease(lockBlob());
    }
  } catch (error) {
    throw new LeaseError(error);
  }
  // Every storage call made under the lock is stopped at the deadline, waiting in the storage queue
  // or not: the lease is only a convention between console processes, so a write sent after it ran
  // out could undo what the next holder did (a revocation, say).
  const outer = requestContext().signal;
  const expiry = AbortSignal.timeout(Math.max(0, deadline - Date.now()));
  const signal = outer ? AbortSignal.any([outer, expiry]) : expiry;
  try {
    return await withRequestContext({ signal }, () => fn({ expired: () => Date.now() >= deadline }));
  } finally {
    // Given back while the answer goes out: the caller does not wait a round trip for it. Outside the
    // request's abort signal, so a client that goes away does not leave the lease held for 30 s.
    const releasing = withRequestContext({ signal: undefined }, () => releaseLease(held));
    globalForLock.tokensLockReleasing = releasing;
    void releasing.finally(() => {
      if (globalForLock.tokensLockReleasing === releasing) globalForLock.tokensLockReleasing = undefined;
    });
  }
}

export type TokenLock = { expired: () => boolean };
/** What the lock keeps in hand before its lease runs out: a write sent by then still lands in time. */
const LOCK_MARGIN_SECONDS = 10;

export class LeaseError extends Error {
  constructor(cause: unknown) {
    super(
      storageErrorCode(cause) === 'LeaseAlreadyPresent'
        ? 'Another administrator is changing the tokens right now. Nothing was changed; try again in a few seconds.'
        : `Could not take the lock for changing tokens: ${describeStorageError(cause)} Nothing was changed.`,
    );
  }
}
