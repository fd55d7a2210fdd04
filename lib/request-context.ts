import 'server-only';
// What a storage call needs to know about the request that made it, without threading it through
// every function: the request's abort signal (a client that went away starts no further storage
// calls), whose turn it is in the storage queue (each user waits in their own line), and whether it
// is an administrator's token work, which never queues behind browsing.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestContext = {
  signal?: AbortSignal;
  /** The storage queue's line: one per user, so one user's flood waits behind itself. */
  lane?: string;
  /** Token generation and revocation: served before any browsing call that waits. */
  priority?: boolean;
};

// On a global name: Next.js's route bundles and the API's direct lane (instrumentation.ts's bundle)
// each have their own copy of this module, but share one storage client, whose queue reads this.
const globalForContext = globalThis as unknown as { __consoleRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalForContext.__consoleRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

export function requestContext(): RequestContext {
  return storage.getStore() ?? {};
}

/** The client went away: the work it started stops here. Not a storage failure. */
export class ClientGone extends Error {
  override name = 'ClientGone';
  readonly code = 'ClientGone';
  constructor() {
    super('The client closed the request.');
  }
}

/** Throws ClientGone once the request's client has gone: no storage call starts after that. */
export function throwIfAborted(signal = requestContext().signal): void {
  if (signal?.aborted) throw new ClientGone();
}
