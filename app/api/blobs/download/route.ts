import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { route } from '@/lib/http';
import { downloadUrl } from '@/lib/storage/blobs';
import { blobRefSchema } from '@/lib/validations/blobs';

/**
 * Sends the browser straight to storage with a read-only URL for this one blob (15 minutes,
 * Content-Disposition: attachment): the console never relays the bytes.
 */
export const GET = route({ role: 'viewer', query: () => blobRefSchema(env().containers) }, async ({ user, input, request }) => {
  const { container, name } = input;
  await recordAuditBestEffort({
    action: 'blob.download',
    user: user.name,
    role: user.role,
    outcome: 'ok',
    ip: clientAddress(request.headers),
    details: { container, blobs: [name] },
  });
  // No Referrer-Policy here: the proxy's (same-origin) wins, and storage is another origin, so no Referer goes there.
  return new Response(null, { status: 303, headers: { Location: downloadUrl(container, name).url, 'Cache-Control': 'no-store' } });
});
