// Whether a route handler runs in the API's direct lane (lib/api/direct.ts), outside Next.js's
// request handling: there, the session comes only from the lane's sealed header (Next's headers()
// and after() do not exist), and work after the answer is the lane's to run.
import { AsyncLocalStorage } from 'node:async_hooks';

export type DirectRequest = {
  afterAnswer: (() => unknown)[];
  /** The answer has gone (or the client has): work handed over from now on runs at once. */
  answered: boolean;
  run: (tasks: (() => unknown)[]) => void;
};

// On a global name: the lane and the route modules it calls may sit in separate bundles.
const globalForDirect = globalThis as unknown as { __consoleDirectLane?: AsyncLocalStorage<DirectRequest> };
export const directLane = (globalForDirect.__consoleDirectLane ??= new AsyncLocalStorage<DirectRequest>());

export const inDirectLane = (): DirectRequest | undefined => directLane.getStore();
