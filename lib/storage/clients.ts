import 'server-only';
// One set of storage clients per server process. Bounded retries and per-try timeouts keep every
// page and action answering within seconds when storage is slow or gone.
import { BlobServiceClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import { env } from '../env';

export const STORAGE_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 3_500, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 },
};

const globalForClients = globalThis as unknown as { blobService?: BlobServiceClient };

export function blobService(): BlobServiceClient {
  if (!globalForClients.blobService) {
    const { storage } = env();
    globalForClients.blobService = new BlobServiceClient(
      storage.blobEndpoint,
      new StorageSharedKeyCredential(storage.accountName, storage.accountKey),
      STORAGE_PIPELINE,
    );
  }
  return globalForClients.blobService;
}
