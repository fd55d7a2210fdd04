import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { viewerJsonGet } from '@/lib/http';
import { previewBlob } from '@/lib/storage/preview';
import { blobRefSchema } from '@/lib/validations/blobs';

/**
 * A preview decided from the blob's bytes (audio, CSV, zip, text), read with range requests. A
 * preview shows content (or hands out a playback URL), so it is audited like a download.
 */
export const GET = viewerJsonGet(
  () => blobRefSchema(env().containers),
  async (q, user, request) => {
    const preview = await previewBlob(q.container, q.name);
    if (preview.kind !== 'none') {
      await recordAuditBestEffort({ action: 'blob.preview', user: user.name, role: user.role, outcome: 'ok', ip: clientAddress(request.headers), details: { container: q.container, blobs: [q.name], kind: preview.kind } });
    }
    return preview;
  },
);
