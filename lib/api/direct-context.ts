// Whether a route handler runs in the API's direct lane (lib/api/direct.ts), outside Next.js's
// request handling: there, the session is the one the lane read (Next's headers() and after() do not
// exist), and work after the answer is the lane's to run.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionUser } from '../auth/guard';

export type DirectRequest = {
  /** Who the lane's session read found, or null: no session. */
  user: SessionUser | null;
  /** Runs `task` once the answer has gone (or the client has), at once if that is already so. */
  afterAnswer: (task: () => unknown) => void;
};

// On a global name: the lane and the route modules it calls may sit in separate bundles.
const globalForDirect = globalThis as unknown as { __consoleDirectLane?: AsyncLocalStorage<DirectRequest> };
export const directLane = (globalForDirect.__consoleDirectLane ??= new AsyncLocalStorage<DirectRequest>());

export const inDirectLane = (): DirectRequest | undefined => directLane.getStore();
