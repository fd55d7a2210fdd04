import 'server-only';
// The console's lock blobs: empty blobs in one container whose leases keep a job to one console
// process at a time (the tokens lock, the interactions indexer).
import type { BlobServiceClient, BlockBlobClient } from '@azure/storage-blob';
import { storageErrorCode } from './errors';

export const LOCK_CONTAINER = 'console-locks';

/** Makes the lock blob when missing (If-None-Match: *); another process making it first is fine. */
export async function ensureLockBlob(service: BlobServiceClient, name: string): Promise<BlockBlobClient> {
  const container = service.getContainerClient(LOCK_CONTAINER);
  await container.createIfNotExists();
  const blob = container.getBlockBlobClient(name);
  await blob.upload('', 0, { conditions: { ifNoneMatch: '*' } }).catch((error: unknown) => {
    // 409: it exists; 412: it exists and another process holds its lease.
    const status = (error as { statusCode?: number }).statusCode;
    if (storageErrorCode(error) !== 'BlobAlreadyExists' && status !== 409 && status !== 412) throw error;
  });
  return blob;
}
