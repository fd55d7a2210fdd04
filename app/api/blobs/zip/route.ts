import { z } from 'zod';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { badRequest, storageFailure, viewerJsonBody } from '@/lib/http';
import { openBlobStream } from '@/lib/storage/blobs';
import { MAX_ZIP_BLOBS, planNamedZip, planQueryZip } from '@/lib/storage/zip-plan';
import { buildWhere, findQuerySchema } from '@/lib/tags/where';
import { blobNameSchema } from '@/lib/validations/blobs';
import { prefetchNext } from '@/lib/zip/prefetch';
import { streamZip, ZipNameError } from '@/lib/zip/stream-zip';

const bodySchema = z.union([
  z.object({ container: z.string(), names: z.array(blobNameSchema).min(1, 'Select at least one blob.').max(MAX_ZIP_BLOBS, `At most ${MAX_ZIP_BLOBS} blobs in one zip.`) }),
  z.object({ container: z.string(), query: findQuerySchema }),
]);

/**
 * One zip of many blobs, streamed as they arrive from storage: memory stays bounded whatever the
 * total, and a cancelled download stops reading from storage.
 */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, bodySchema, { missing: 'Send the blobs to zip as JSON.', maxBytes: 2 * 1024 * 1024 });
  if (door instanceof Response) return door;
  const { user, body } = door;
  const { container } = body;
  // Checked here, not in the union: a union would report a foreign container as "Invalid input".
  if (!env().containers.includes(container)) return badRequest(`Unknown container. Choose one of: ${env().containers.join(', ')}.`);
  if ('query' in body && body.query.container !== container) return badRequest('The query must be for the same container.');

  let plan;
  try {
    plan = 'names' in body ? await planNamedZip(container, body.names) : await planQueryZip(container, buildWhere(body.query));
  } catch (error) {
    return storageFailure(error);
  }
  if ('error' in plan) return badRequest(plan.error, undefined, plan.status);

  await recordAuditBestEffort({
    action: 'blobs.zip',
    user: user.name,
    role: user.role,
    outcome: 'ok',
    ip: clientAddress(request.headers),
    details: { container, count: plan.items.length, bytes: plan.totalBytes, ...('query' in body ? { where: buildWhere(body.query) } : {}) },
  });

  let stream: ReadableStream<Uint8Array>;
  try {
    stream = streamZip(
      prefetchNext(plan.items.map((item) => ({ name: item.name, size: item.size, modified: item.modified, open: (signal: AbortSignal) => openBlobStream(container, item.name, signal) }))),
      { signal: request.signal },
    );
  } catch (error) {
    if (error instanceof ZipNameError) return badRequest(error.message, undefined, 422);
    throw error;
  }
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${container}-${stamp}.zip"`,
      'Cache-Control': 'no-store',
      'X-Zip-Entries': String(plan.items.length),
      'X-Zip-Bytes': String(plan.totalBytes),
    },
  });
}
