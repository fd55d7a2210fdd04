import 'server-only';
// Failed sign-ins counted per user and per address in an Azure Table, shared by every console
// process, with optimistic concurrency (ETag) so parallel failures are all counted.
import { createHash } from 'node:crypto';
import { RestError, type TableClient } from '@azure/data-tables';
import { ensureTable, tableClient } from '../audit/store';
import { env } from '../env';
import { afterFailure, lockedUntil, type LockState } from './lockout-rules';

const TABLE = 'consolesignin';
const globalForLockout = globalThis as unknown as { lockoutTable?: Promise<TableClient> };

async function table(): Promise<TableClient> {
  globalForLockout.lockoutTable ??= (async () => {
    const client = tableClient(TABLE);
    await ensureTable(client);
    return client;
  })().catch((error: unknown) => {
    globalForLockout.lockoutTable = undefined;
    throw error;
  });
  return globalForLockout.lockoutTable;
}

export type Subject = { kind: 'user' | 'ip'; value: string };

function rowKey(subject: Subject): string {
  return createHash('sha256').update(subject.value.toLowerCase()).digest('hex');
}

async function read(client: TableClient, subject: Subject): Promise<{ state?: LockState; etag?: string }> {
  try {
    const e = await client.getEntity<LockState>(subject.kind, rowKey(subject));
    return { state: { failures: e.failures, firstFailureAt: e.firstFailureAt, lockedUntil: e.lockedUntil }, etag: e.etag };
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return {};
    throw error;
  }
}

/** The latest lock end among the subjects, if any is locked now. */
export async function activeLock(subjects: Subject[], now = new Date()): Promise<Date | undefined> {
  const client = await table();
  const states = await Promise.all(subjects.map((s) => read(client, s)));
  return states.map((s) => lockedUntil(s.state, now)).reduce<Date | undefined>((a, b) => (!a || (b && b > a) ? b : a), undefined);
}

/** Counts one failure for each subject; returns when the sign-in is now locked, if it is. */
export async function countFailure(subjects: Subject[], now = new Date()): Promise<Date | undefined> {
  const client = await table();
  const rules = { maxFailures: env().auth.maxFailures, lockMinutes: env().auth.lockMinutes };
  let latest: Date | undefined;
  for (const subject of subjects) {
    let counted = false;
    for (let attempt = 0; attempt < 5 && !counted; attempt++) {
      const { state, etag } = await read(client, subject);
      const next = afterFailure(state, now, rules);
      const entity = { partitionKey: subject.kind, rowKey: rowKey(subject), ...next, lockedUntil: next.lockedUntil ?? '' };
      try {
        if (etag) await client.updateEntity(entity, 'Replace', { etag });
        else await client.createEntity(entity);
        const until = lockedUntil(next, now);
        if (until && (!latest || until > latest)) latest = until;
        counted = true;
      } catch (error) {
        // Someone else counted a failure at the same moment: read again and retry.
        if (!(error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409))) throw error;
      }
    }
    // A failure that could not be counted must not slip through uncounted: the caller refuses the sign-in.
    if (!counted) throw new Error('failed sign-in could not be counted');
  }
  return latest;
}

/** A successful sign-in clears the user's count (an address keeps its own). */
export async function clearFailures(username: string): Promise<void> {
  const client = await table();
  try {
    await client.deleteEntity('user', rowKey({ kind: 'user', value: username }));
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 404)) throw error;
  }
}
