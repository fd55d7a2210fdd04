import 'server-only';
// Stored access policies on the containers: read live, changed only under a short lease on the
// console's tokens lock, so two administrators (or two server processes) never overwrite each other's.
import { randomUUID } from 'node:crypto';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { blobService } from './clients';
import { describeStorageError, isUnreachable, storageErrorCode } from './errors';
import type { StoredPolicy } from './policy-plan';

// Long enough to outlast waiting for the other containers' leases plus a few slow storage calls.
const LEASE_SECONDS = 30;
const LEASE_WAIT_MS = 8_000;

export async function readPolicies(container: ContainerClient): Promise<StoredPolicy[]> {
  const acl = await container.getAccessPolicy();
  return acl.signedIdentifiers.map((s) => ({
    id: s.id,
    startsOn: s.accessPolicy.startsOn,
    expiresOn: s.accessPolicy.expiresOn,
    permissions: s.accessPolicy.permissions,
  }));
}

/**
 * Writes a container's policies. Callers hold the tokens lock (`withTokenLock`), so no other console
 * process reads or writes them meanwhile.
 */
export async function writePolicies(container: ContainerClient, policies: StoredPolicy[]): Promise<void> {
  await container.setAccessPolicy(
    undefined,
    policies.map((p) => ({
      id: p.id,
      accessPolicy: { startsOn: p.startsOn, expiresOn: p.expiresOn, permissions: p.permissions },
    })),
  );
}

type Leasable = Pick<BlockBlobClient, 'getBlobLeaseClient'>;
export type HeldLease = { target: Leasable; leaseId: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GHOST_RELEASE_DELAYS_MS = [1_000, 3_000, 7_000, 15_000];

/**
 * An acquire that timed out may still have been granted once storage caught up; since we proposed
 * the lease id we can release it, so nobody waits for a lease no one holds. Best effort, in the background.
 */
function releaseIfGranted(target: Leasable, leaseId: string, attempt = 0): void {
  const delay = GHOST_RELEASE_DELAYS_MS[attempt];
  if (delay === undefined) return;
  setTimeout(() => {
    target
      .getBlobLeaseClient(leaseId)
      .releaseLease()
      .catch((error: unknown) => {
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
  const lease = target.getBlobLeaseClient(proposed);
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const { leaseId } = await lease.acquireLease(LEASE_SECONDS);
      return { target, leaseId: leaseId ?? lease.leaseId };
    } catch (error) {
      if (isUnreachable(error)) releaseIfGranted(target, proposed);
      if (storageErrorCode(error) !== 'LeaseAlreadyPresent' || Date.now() > deadline) throw error;
      await sleep(Math.min(50 * 2 ** attempt, 500) * (0.5 + Math.random()));
    }
  }
}

async function releaseLease(lease: HeldLease): Promise<void> {
  // A lease that cannot be released expires by itself within LEASE_SECONDS.
  await lease.target
    .getBlobLeaseClient(lease.leaseId)
    .releaseLease()
    .catch(() => undefined);
}

export const LOCK_CONTAINER = 'console-locks';
const TOKENS_LOCK_BLOB = 'tokens';
const globalForLock = globalThis as unknown as { tokensLockReady?: Promise<void> };

/** The lock blob, made once per process (and again if someone deleted it). */
function lockBlob(): BlockBlobClient {
  return blobService().getContainerClient(LOCK_CONTAINER).getBlockBlobClient(TOKENS_LOCK_BLOB);
}

async function ensureLockBlob(): Promise<void> {
  const container = blobService().getContainerClient(LOCK_CONTAINER);
  await container.createIfNotExists();
  // If-None-Match: * creates it only when missing; another process making it first is fine.
  await lockBlob()
    .upload('', 0, { conditions: { ifNoneMatch: '*' } })
    .catch((error: unknown) => {
      if (storageErrorCode(error) !== 'BlobAlreadyExists' && (error as { statusCode?: number }).statusCode !== 409) throw error;
    });
}

/**
 * Runs `fn` holding the tokens lock: a lease on one small blob that every console process takes
 * before it reads or changes any container's policies, so two administrators (or two processes)
 * never overwrite each other's. One lease for the whole set rather than one per container: two
 * storage round trips a generation instead of four (issue 15's budget of seven). The price: a
 * container's policies are not locked against tools other than the console (the portal, Storage
 * Explorer) for the few milliseconds between the console's read and its write.
 */
export async function withTokenLock<T>(fn: () => Promise<T>): Promise<T> {
  let held: HeldLease;
  try {
    await (globalForLock.tokensLockReady ??= ensureLockBlob().catch((error: unknown) => {
      globalForLock.tokensLockReady = undefined;
      throw error;
    }));
    try {
      held = await acquireLease(lockBlob());
    } catch (error) {
      if (storageErrorCode(error) !== 'BlobNotFound' && storageErrorCode(error) !== 'ContainerNotFound') throw error;
      await ensureLockBlob();
      held = await acquireLease(lockBlob());
    }
  } catch (error) {
    throw new LeaseError(error);
  }
  try {
    return await fn();
  } finally {
    await releaseLease(held);
  }
}

export class LeaseError extends Error {
  constructor(cause: unknown) {
    super(
      storageErrorCode(cause) === 'LeaseAlreadyPresent'
        ? 'Another administrator is changing the tokens right now. Nothing was changed; try again in a few seconds.'
        : `Could not take the lock for changing tokens: ${describeStorageError(cause)} Nothing was changed.`,
    );
  }
}
