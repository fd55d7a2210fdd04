// The request's line in the server log, kept by scripts/serve.mjs under a global name (it runs
// before Next.js, without a TypeScript loader): the app adds who the user is and counts its storage
// calls. Outside serve.mjs (next dev, tests) there is no entry and these do nothing.
import type { AsyncLocalStorage } from 'node:async_hooks';

type Entry = {
  id: string;
  user?: string;
  storageCalls: number;
  /** Wall time (ms) with at least one storage call under way (sent, its answer not yet read to the end): storage's share. */
  storageMs?: number;
  inFlight?: number;
  busySince?: number;
};

function entry(): Entry | undefined {
  return (globalThis as unknown as { __consoleRequestLog?: AsyncLocalStorage<Entry> }).__consoleRequestLog?.getStore();
}

/** The id the user can quote: sent back as X-Request-Id and shown with error messages. */
export function currentRequestId(): string | undefined {
  return entry()?.id;
}

export function noteUser(name: string): void {
  const e = entry();
  if (e) e.user = name;
}

export function countStorageCall(): void {
  const e = entry();
  if (e) e.storageCalls++;
}

/**
 * Marks one storage call as under way; the returned function marks its answer read to the end. The
 * request's line then says how long storage was being waited for (overlapping calls counted once),
 * so its own share (ms minus storageMs) can be read off a production log.
 */
export function storageWait(): () => void {
  const e = entry();
  if (!e) return noop;
  if (!e.inFlight) e.busySince = performance.now();
  e.inFlight = (e.inFlight ?? 0) + 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    e.inFlight = e.inFlight! - 1;
    if (!e.inFlight) e.storageMs = (e.storageMs ?? 0) + performance.now() - e.busySince!;
  };
}

const noop = () => undefined;
