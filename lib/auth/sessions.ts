import 'server-only';
// Which sessions are still alive, kept in the storage account's Table service (`consolesessions`)
// so that every console process agrees: a session ends on the server at sign-out (its cookie,
// copied and replayed, is refused), and "sign out everywhere" ends every session of the user
// signed in before it. Each process remembers an answer for SESSION_CHECK_MS, so a session ended
// through another process lives on there for at most that long; through this one, not at all.
import { createHash, randomBytes } from 'node:crypto';
import { RestError, type TableClient } from '@azure/data-tables';
import { readyTable } from '../audit/store';
import { logLine } from '../log';

const TABLE = 'consolesessions';
/** How long a process believes a session is alive without asking the table again. */
export const SESSION_CHECK_MS = 30_000;
/** While the table does not answer, an earlier "alive" is believed no longer than any other (then refused). */
const STALE_OK_MS = SESSION_CHECK_MS;

type Verdict = { alive: boolean; at: number };
const globalForSessions = globalThis as unknown as { sessionVerdicts?: Map<string, Verdict> };

function table(): Promise<TableClient> {
  return readyTable(TABLE);
}

const verdicts = () => (globalForSessions.sessionVerdicts ??= new Map());
const userKey = (user: string) => createHash('sha256').update(user.toLowerCase()).digest('hex');
const is404 = (error: unknown) => error instanceof RestError && error.statusCode === 404;

/** Records a new session at sign-in and returns its id (kept in the encrypted session cookie). */
export async function startSession(user: string, now = new Date()): Promise<string> {
  const sid = randomBytes(18).toString('base64url');
  await (await table()).createEntity({ partitionKey: 'session', rowKey: sid, user, startedAt: now.toISOString() });
  verdicts().set(sid, { alive: true, at: Date.now() });
  return sid;
}

/** Whether the session is alive: it has not been signed out, and its user has not signed out everywhere since it began. */
export async function sessionAlive(sid: string | undefined, user: string): Promise<boolean> {
  if (!sid) return false;
  const cached = verdicts().get(sid);
  if (cached && Date.now() - cached.at < SESSION_CHECK_MS) return cached.alive;
  try {
    const client = await table();
    const [session, everywhere] = await Promise.all([
      client
        .getEntity<{ user: string; startedAt: string }>('session', sid)
        .catch((error: unknown) => (is404(error) ? undefined : Promise.reject(error))),
      client
        .getEntity<{ notBefore: string }>('user', userKey(user))
        .catch((error: unknown) => (is404(error) ? undefined : Promise.reject(error))),
    ]);
    const alive = Boolean(
      session && session.user === user && (!everywhere || Date.parse(session.startedAt) >= Date.parse(everywhere.notBefore)),
    );
    remember(sid, alive);
    return alive;
  } catch (error) {
    logLine('warn', 'sessions', 'the session table did not answer', { error: (error as Error).name });
    return Boolean(cached?.alive && Date.now() - cached.at < STALE_OK_MS);
  }
}

function remember(sid: string, alive: boolean) {
  const map = verdicts();
  // A read that started before the session ended must not bring it back in this process.
  if (alive && map.get(sid)?.alive === false) return;
  if (map.size > 50_000) map.clear();
  map.set(sid, { alive, at: Date.now() });
}

/** Sign-out: the session ends on the server, whatever copies of its cookie exist. */
export async function endSession(sid: string | undefined): Promise<void> {
  if (!sid) return;
  remember(sid, false);
  try {
    await (await table()).deleteEntity('session', sid);
  } catch (error) {
    if (!is404(error)) throw error;
  }
}

/** Ends every session of `user` started before now (and, in this process, at once). */
export async function endAllSessions(user: string, now = new Date()): Promise<void> {
  await (await table()).upsertEntity({ partitionKey: 'user', rowKey: userKey(user), notBefore: now.toISOString() }, 'Replace');
  // Every session this process believes alive is asked of the table again (the user's own among them).
  for (const [sid, verdict] of verdicts()) if (verdict.alive) verdicts().delete(sid);
}
