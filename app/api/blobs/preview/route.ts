import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { PREVIEW_STORAGE_CALLS, previewBlob } from '@/lib/storage/read-preview';
import { blobRefSchema } from '@/lib/validations/blobs';

/**
 * A preview decided from the blob's bytes (audio, CSV, zip, text), read with range requests. A
 * preview shows content (or hands out a playback URL), so it is audited like a download.
 */
export const GET = route(
  { role: 'viewer', query: () => blobRefSchema(env().containers), cost: () => PREVIEW_STORAGE_CALLS },
  async ({ user, input, request }) => {
    const preview = await previewBlob(input.container, input.name);
    if (preview.kind !== 'none') {
      await recordAuditBestEffort({
        action: 'blob.preview',
        user: user.name,
        role: user.role,
        outcome: 'ok',
        ip: clientAddress(request.headers),
        details: { container: input.container, blobs: [input.name], kind: preview.kind },
      });
    }
    return preview;
  },
);
