import 'server-only';
// One set of storage clients per server process. Every request must see its response headers
// within STORAGE_TIMEOUT_MS (the SDK's own try timeout only asks the server to give up), and is
// tried at most twice, so a page or action answers within 10 seconds when storage hangs; when it
// is only slow and many requests wait for it, each also waits at most STORAGE_QUEUE_MS for its turn.
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline, type Pipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import { gate } from '../concurrency';
import { requestContext, throwIfAborted } from '../request-context';
import { countStorageCall } from '../request-log';
import { storageSpan, storageTarget } from '../tracing';
import { AZURITE_ACCOUNT } from '../config';
import { env } from '../env';
import { isUnreachable } from './errors';

export const STORAGE_TIMEOUT_MS = 3_500;

/**
 * Storage requests this process has in flight at once; the rest wait their turn (at most
 * STORAGE_QUEUE_MS), and their time-to-first-byte limit starts only when they are sent. A busy
 * service answers each request slower the more it is given at once; the emulator answers one at a
 * time, Azure many. Load runs behind the figures: docs/measurements.md.
 */
export const STORAGE_CONCURRENCY = { emulator: 4, azure: 8 } as const;
/**
 * A turn that does not come within this is answered 503 ("storage is busy"). Waiting is better than
 * an error the person would only retry (a shorter bound failed requests storage would have answered:
 * docs/measurements.md).
 */
export const STORAGE_QUEUE_MS = 30_000;
/** Two tries and the pause between them; a call still holding its slot after this gives it back. */
const STORAGE_HOLD_MS = 2 * STORAGE_TIMEOUT_MS + 1_000;

const globalForGate = globalThis as unknown as { storageGate?: ReturnType<typeof gate> };
export function storageGate() {
  // Storage that did not answer one call will not answer the calls queued behind it sooner: they are
  // failed at once, so the queue cannot keep the next page waiting (up to STORAGE_QUEUE_MS) for them.
  return (globalForGate.storageGate ??= gate(
    env().storage.accountName === AZURITE_ACCOUNT ? STORAGE_CONCURRENCY.emulator : STORAGE_CONCURRENCY.azure,
    STORAGE_QUEUE_MS,
    STORAGE_HOLD_MS,
    (error) => isUnreachable(error) && !requestContext().signal?.aborted,
  ));
}

/**
 * One storage call's turn in the queue, in the line of the request that makes it: nothing starts
 * once that request's client has gone, and an abort it causes is not taken for storage not answering.
 */
export function storageTurn<T>(call: () => Promise<T>): Promise<T> {
  const { signal, lane, priority } = requestContext();
  throwIfAborted(signal);
  return storageGate().run(
    () => {
      throwIfAborted(signal);
      return call();
    },
    { lane, priority },
  );
}

/** Sets a time-to-first-byte limit on requests that have none (the SDK clears it once headers arrive). */
export const timeoutPolicy = {
  name: 'consoleRequestTimeout',
  sendRequest<R extends { timeout?: number }, T>(request: R, next: (request: R) => Promise<T>): Promise<T> {
    countStorageCall();
    if (!request.timeout) request.timeout = STORAGE_TIMEOUT_MS;
    return next(request);
  },
};

const timeoutFactory: RequestPolicyFactory = {
  create: (nextPolicy) => ({ sendRequest: (request) => timeoutPolicy.sendRequest(request, (r) => nextPolicy.sendRequest(r)) }),
};

// The SDK runs added policies before its retry policy: one slot covers a call's tries. A call made
// for a request carries that request's abort signal, so a client that leaves cancels it too.
const gateFactory: RequestPolicyFactory = {
  create: (nextPolicy) => ({
    sendRequest: (request) => {
      const { signal } = requestContext();
      if (signal && !request.abortSignal) request.abortSignal = signal;
      return storageTurn(() =>
        storageSpan(request.method, storageTarget(request.url, env().storage.accountName), () => nextPolicy.sendRequest(request)),
      );
    },
  }),
};

function pipeline(credential: StorageSharedKeyCredential): Pipeline {
  const p = newPipeline(credential, {
    retryOptions: { maxTries: 2, tryTimeoutInMs: STORAGE_TIMEOUT_MS, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 },
  });
  p.factories.unshift(timeoutFactory);
  p.factories.push(gateFactory);
  return p;
}

const globalForClients = globalThis as unknown as { blobService?: BlobServiceClient };

export function blobService(): BlobServiceClient {
  if (!globalForClients.blobService) {
    const { storage } = env();
    globalForClients.blobService = new BlobServiceClient(
      storage.blobEndpoint,
      pipeline(new StorageSharedKeyCredential(storage.accountName, storage.accountKey)),
    );
  }
  return globalForClients.blobService;
}
