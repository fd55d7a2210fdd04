import 'server-only';
// One set of storage clients per server process. Every request must see its response headers
// within STORAGE_TIMEOUT_MS (the SDK's own try timeout only asks the server to give up), and is
// tried at most twice, so a page or action answers within 10 seconds even when storage hangs.
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline, type Pipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import { env } from '../env';

export const STORAGE_TIMEOUT_MS = 3_500;

/** Sets a time-to-first-byte limit on requests that have none (the SDK clears it once headers arrive). */
export const timeoutPolicy = {
  name: 'consoleRequestTimeout',
  sendRequest<R extends { timeout?: number }, T>(request: R, next: (request: R) => Promise<T>): Promise<T> {
    if (!request.timeout) request.timeout = STORAGE_TIMEOUT_MS;
    return next(request);
  },
};

const timeoutFactory: RequestPolicyFactory = {
  create: (nextPolicy) => ({ sendRequest: (request) => timeoutPolicy.sendRequest(request, (r) => nextPolicy.sendRequest(r)) }),
};

function pipeline(credential: StorageSharedKeyCredential): Pipeline {
  const p = newPipeline(credential, { retryOptions: { maxTries: 2, tryTimeoutInMs: STORAGE_TIMEOUT_MS, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 } });
  p.factories.unshift(timeoutFactory);
  return p;
}

const globalForClients = globalThis as unknown as { blobService?: BlobServiceClient };

export function blobService(): BlobServiceClient {
  if (!globalForClients.blobService) {
    const { storage } = env();
    globalForClients.blobService = new BlobServiceClient(storage.blobEndpoint, pipeline(new StorageSharedKeyCredential(storage.accountName, storage.accountKey)));
  }
  return globalForClients.blobService;
}
