import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { routeUser } from '@/lib/auth/guard';
import { env } from '@/lib/env';
import { fromZodError, queryObject } from '@/lib/http';
import { downloadUrl } from '@/lib/storage/blobs';
import { blobRefSchema } from '@/lib/validations/blobs';

/**
 * Sends the browser straight to storage with a read-only URL for this one blob (15 minutes,
 * Content-Disposition: attachment): the console never relays the bytes.
 */
export async function GET(request: Request) {
  const user = await routeUser('viewer');
  if (user instanceof Response) return user;
  const parsed = blobRefSchema(env().containers).safeParse(queryObject(request));
  if (!parsed.success) return fromZodError(parsed.error);
  const { container, name } = parsed.data;
  await recordAuditBestEffort({ action: 'blob.download', user: user.name, role: user.role, outcome: 'ok', ip: clientAddress(request.headers), details: { container, blobs: [name] } });
  const { url } = downloadUrl(container, name);
  // No Referrer-Policy here: the proxy's (same-origin) wins, and storage is another origin, so no Referer goes there.
  return new Response(null, { status: 303, headers: { Location: url, 'Cache-Control': 'no-store' } });
}
