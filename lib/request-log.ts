// The request's line in the server log, kept by scripts/serve.mjs under a global name (it runs
// before Next.js, without a TypeScript loader): the app adds who the user is and counts its storage
// calls. Outside serve.mjs (next dev, tests) there is no entry and these do nothing.
import type { AsyncLocalStorage } from 'node:async_hooks';

type Entry = { id: string; user?: string; storageCalls: number };

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
