import 'server-only';
// Stored access policies on the containers: read live, changed only under a short container lease
// so two administrators (or two server processes) never overwrite each other's policies.
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
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

export async function writePolicies(container: ContainerClient, policies: StoredPolicy[], leaseId: string): Promise<void> {
  await container.setAccessPolicy(
    undefined,
    policies.map((p) => ({
      id: p.id,
      accessPolicy: { startsOn: p.startsOn, expiresOn: p.expiresOn, permissions: p.permissions },
    })),
    { conditions: { leaseId } },
  );
}

export type HeldLease = { container: ContainerClient; leaseId: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GHOST_RELEASE_DELAYS_MS = [1_000, 3_000, 7_000, 15_000];

/**
 * An acquire that timed out may still have been granted once storage caught up; since we proposed
 * the lease id we can release it, so nobody waits for a lease no one holds. Best effort, in the background.
 */
function releaseIfGranted(container: ContainerClient, leaseId: string, attempt = 0): void {
  const delay = GHOST_RELEASE_DELAYS_MS[attempt];
  if (delay === undefined) return;
  setTimeout(() => {
    container
      .getBlobLeaseClient(leaseId)
      .releaseLease()
      .catch((error: unknown) => {
        // Not ours (mismatch) or no lease at all: nothing to release. Otherwise storage is still away.
        const code = storageErrorCode(error);
        if (code !== 'LeaseIdMismatchWithLeaseOperation' && code !== 'LeaseNotPresentWithLeaseOperation' && code !== 'ContainerNotFound') {
          releaseIfGranted(container, leaseId, attempt + 1);
        }
      });
  }, delay).unref();
}

/** Takes the container's lease, waiting (with jitter) while another writer holds it. */
export async function acquireContainerLease(container: ContainerClient): Promise<HeldLease> {
  const proposed = randomUUID();
  const lease = container.getBlobLeaseClient(proposed);
  const deadline = Date.now() + LEASE_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const { leaseId } = await lease.acquireLease(LEASE_SECONDS);
      return { container, leaseId: leaseId ?? lease.leaseId };
    } catch (error) {
      if (isUnreachable(error)) releaseIfGranted(container, proposed);
      if (storageErrorCode(error) !== 'LeaseAlreadyPresent' || Date.now() > deadline) throw error;
      await sleep(Math.min(50 * 2 ** attempt, 500) * (0.5 + Math.random()));
    }
  }
}

export async function releaseLeases(leases: HeldLease[]): Promise<void> {
  // A lease that cannot be released expires by itself within LEASE_SECONDS.
  await Promise.allSettled(leases.map((l) => l.container.getBlobLeaseClient(l.leaseId).releaseLease()));
}

/**
 * Runs `fn` holding the leases of every named container. Leases are taken in name order so two
 * callers wanting the same set cannot deadlock.
 */
export async function withContainerLeases<T>(names: string[], fn: (leases: Map<string, HeldLease>) => Promise<T>): Promise<T> {
  const held = new Map<string, HeldLease>();
  try {
    for (const name of [...names].sort()) {
      try {
        held.set(name, await acquireContainerLease(blobService().getContainerClient(name)));
      } catch (error) {
        throw new LeaseError(name, error);
      }
    }
    return await fn(held);
  } finally {
    await releaseLeases([...held.values()]);
  }
}

export class LeaseError extends Error {
  constructor(
    readonly container: string,
    cause: unknown,
  ) {
    const code = storageErrorCode(cause);
    super(
      code === 'LeaseAlreadyPresent'
        ? `Another administrator is changing the ${container} container's tokens right now. Nothing was changed; try again in a few seconds.`
        : code === 'ContainerNotFound'
          ? `The ${container} container does not exist in the storage account. Nothing was changed. Create it, or remove it from SAS_CONTAINERS.`
          : `Could not lock the ${container} container to change its tokens: ${describeStorageError(cause)} Nothing was changed.`,
    );
  }
}
