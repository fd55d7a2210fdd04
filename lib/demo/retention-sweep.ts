import 'server-only';
// Embedded mode only: Azurite has no lifecycle management, so the start script plays the part of
// the account's rule and removes blobs older than RETENTION_DAYS (by StoredTime, else last
// modified). Against a real account the console never deletes anything.
import type { BlobServiceClient } from '@azure/storage-blob';
import { retention } from '../retention';

export async function sweepExpired(
  service: BlobServiceClient,
  opts: { containers: string[]; retentionDays: number; now?: Date },
): Promise<{ deleted: number; checked: number }> {
  const now = opts.now ?? new Date();
  let deleted = 0;
  let checked = 0;
  for (const name of opts.containers) {
    const container = service.getContainerClient(name);
    if (!(await container.exists())) continue;
    for await (const page of container.listBlobsFlat({ includeTags: true }).byPage({ maxPageSize: 1000 })) {
      const expired = page.segment.blobItems.filter((b) => {
        const r = retention({
          storedTime: b.tags?.StoredTime,
          lastModified: b.properties.lastModified,
          retentionDays: opts.retentionDays,
          now,
        });
        return r !== undefined && r.deletesOn <= now.toISOString();
      });
      checked += page.segment.blobItems.length;
      await Promise.all(expired.map((b) => container.deleteBlob(b.name, { deleteSnapshots: 'include' }).catch(() => undefined)));
      deleted += expired.length;
    }
  }
  return { deleted, checked };
}
