import 'server-only';
// Sign-in attempts counted per user and per address in an Azure Table, shared by every console
// process. Each attempt is reserved with a conditional write (ETag) before its password is checked:
// of any number of parallel guesses, in any number of processes, at most the limit get a check, and
// the rest are refused as locked.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RestError, type TableClient } from '@azure/data-tables';
import { readyTable } from '../audit/store';
import { env } from '../env';
import { afterAttempt, afterRelease, lockedUntil, type LockRules, type LockState } from './lockout-rules';

const TABLE = 'consolesignin';

function table(): Promise<TableClient> {
  return readyTable(TABLE);
}

export type Subject = { kind: 'user' | 'ip'; value: string };

function rowKey(subject: Subject): string {
  return createHash('sha256').update(subject.value.toLowerCase()).digest('hex');
}

function rules(): LockRules {
  const { maxFailures, lockMinutes, userMaxDelaySeconds } = env().auth;
  return { maxFailures, lockMinutes, userMaxDelaySeconds };
}

type Stored = { state?: LockState; etag?: string };

async function read(client: TableClient, subject: Subject): Promise<Stored> {
  try {
    const e = await client.getEntity<LockState>(subject.kind, rowKey(subject));
    return {
      state: {
        failures: e.failures,
        firstFailureAt: e.firstFailureAt,
        lastFailureAt: e.lastFailureAt || undefined,
        lockedUntil: e.lockedUntil || undefined,
        refusalAudited: e.refusalAudited || undefined,
      },
      etag: e.etag,
    };
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return {};
    throw error;
  }
}

const isConflict = (error: unknown) => error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409);

/** Writes `next` only if nobody changed the entity since it was read as `etag` (or created it meanwhile). */
async function writeIfUnchanged(client: TableClient, subject: Subject, next: LockState, etag: string | undefined): Promise<boolean> {
  const entity = {
    partitionKey: subject.kind,
    rowKey: rowKey(subject),
    ...next,
    lastFailureAt: next.lastFailureAt ?? '',
    lockedUntil: next.lockedUntil ?? '',
    refusalAudited: next.refusalAudited ?? '',
  };
  try {
    if (etag) await client.updateEntity(entity, 'Replace', { etag });
    else await client.createEntity(entity);
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

/**
 * Read, change and write one subject's state until no one else wrote in between; `change` answers
 * undefined to stop without writing. Under contention each round has one winner, so the bound is
 * generous; a change that still cannot be written is an error, and the caller refuses the sign-in.
 */
async function update<T>(subject: Subject, change: (stored: Stored) => { next?: LockState; result: T }): Promise<T> {
  const client = await table();
  for (let round = 0; round < 50; round++) {
    const stored = await read(client, subject);
    const { next, result } = change(stored);
    if (!next || (await writeIfUnchanged(client, subject, next, stored.etag))) return result;
    await sleep(Math.random() * 10 * Math.min(round + 1, 5));
  }
  throw new Error('sign-in attempt could not be counted');
}

export type Reservation =
  { ok: true; release: () => Promise<void>; lockedNow?: Date } | { ok: false; lockedUntil: Date; subject: Subject; firstRefusal: boolean };

/**
 * Counts one attempt for each subject before its password is checked, or refuses it as locked
 * (`firstRefusal`: the first refused attempt of this lock, the one to put on the audit trail).
 */
export async function reserveAttempt(subjects: Subject[], now = new Date()): Promise<Reservation> {
  const taken: Subject[] = [];
  let lockedNow: Date | undefined;
  try {
    for (const subject of subjects) {
      type Outcome = { lock: Date; firstRefusal: boolean } | { reservedUntil?: Date };
      const outcome = await update<Outcome>(subject, ({ state }) => {
        const lock = lockedUntil(state, now);
        if (lock) {
          // Claim the lock's one audit record; whoever writes the claim first gets it.
          const firstRefusal = state!.refusalAudited !== state!.lockedUntil;
          return { next: firstRefusal ? { ...state!, refusalAudited: state!.lockedUntil } : undefined, result: { lock, firstRefusal } };
        }
        const next = afterAttempt(state, now, rules(), subject.kind);
        return { next, result: { reservedUntil: lockedUntil(next, now) } };
      });
      if ('lock' in outcome) {
        await Promise.all(taken.map((s) => undoAttempt(s)));
        return { ok: false, lockedUntil: outcome.lock, subject, firstRefusal: outcome.firstRefusal };
      }
      taken.push(subject);
      if (outcome.reservedUntil && (!lockedNow || outcome.reservedUntil > lockedNow)) lockedNow = outcome.reservedUntil;
    }
  } catch (error) {
    // Storage failed half-way: what was reserved is given back, so a blip charges no one.
    await Promise.allSettled(taken.map((s) => undoAttempt(s)));
    throw error;
  }
  // A correct password gives its own attempt back (and only its own: attempts others reserved
  // meanwhile stay counted, so a sign-in never hands an attacker a fresh set of guesses).
  const release = () => Promise.all(taken.map((s) => undoAttempt(s))).then(() => undefined);
  return { ok: true, lockedNow, release };
}

/** Where a user has signed in before (PartitionKey 'known'): the user-wide slow-down does not apply there. */
function knownKey(username: string, address: string): string {
  return createHash('sha256').update(`${username.toLowerCase()}\n${address}`).digest('hex');
}

export async function isKnownAddress(username: string, address: string): Promise<boolean> {
  try {
    await (await table()).getEntity('known', knownKey(username, address));
    return true;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return false;
    throw error;
  }
}

export async function rememberAddress(username: string, address: string, now = new Date()): Promise<void> {
  await (
    await table()
  ).upsertEntity({ partitionKey: 'known', rowKey: knownKey(username, address), lastSignIn: now.toISOString() }, 'Replace');
}

/** Takes one reserved attempt back off the subject's count. */
async function undoAttempt(subject: Subject): Promise<void> {
  await update(subject, ({ state }) => ({ next: state ? afterRelease(state, rules()) : undefined, result: undefined }));
}
