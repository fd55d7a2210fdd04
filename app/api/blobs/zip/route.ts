import { z } from 'zod';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { badRequest, storageFailure, viewerJsonBody } from '@/lib/http';
import { openBlobStream } from '@/lib/storage/blobs';
import { describeStorageError, isBlobMissing } from '@/lib/storage/errors';
import { MAX_ZIP_BLOBS, planNamedZip, planQueryZip } from '@/lib/storage/zip-plan';
import { buildWhere, findQuerySchema } from '@/lib/tags/where';
import { blobNameSchema } from '@/lib/validations/blobs';
import { startZip, type ZipSummary } from '@/lib/zip/zip-job';
import { ZipNameError } from '@/lib/zip/stream-zip';

const bodySchema = z.union([
  z.object({ container: z.string(), names: z.array(blobNameSchema).min(1, 'Select at least one blob.').max(MAX_ZIP_BLOBS, `At most ${MAX_ZIP_BLOBS} blobs in one zip.`) }),
  z.object({ container: z.string(), query: findQuerySchema }),
]);

/**
 * One zip of many blobs, streamed as they arrive from storage: memory stays bounded whatever the
 * total, the first bytes leave as soon as the first blob answers, and a cancelled download stops
 * reading from storage.
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
    plan = 'names' in body ? planNamedZip(body.names) : await planQueryZip(container, buildWhere(body.query));
  } catch (error) {
    return storageFailure(error);
  }
  if ('error' in plan) return badRequest(plan.error, undefined, plan.status);

  const requested = plan.items.length;
  const where = 'query' in body ? { where: buildWhere(body.query) } : {};
  const record = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    recordAuditBestEffort({ action: 'blobs.zip', user: user.name, role: user.role, outcome, ip: clientAddress(request.headers), details: { container, requested, ...details, ...where } });
  // How it ended, once it has: what reached the client and what was missing.
  const recordEnd = (end: ZipSummary) =>
    void record(end.outcome === 'ok' ? 'ok' : 'failed', {
      stage: end.outcome === 'ok' ? 'finished' : end.outcome,
      count: end.entries,
      bytes: end.bytes,
      ...(end.reason || end.error ? { error: end.reason ?? describeStorageError(end.error) } : {}),
      ...(end.missing.length ? { missing: end.missing.length, missingNames: end.missing.slice(0, 20) } : {}),
    });

  let started;
  try {
    started = await startZip(plan.items, { open: (name, signal) => openBlobStream(container, name, signal), isMissing: isBlobMissing, signal: request.signal, onEnd: recordEnd });
  } catch (error) {
    if (error instanceof ZipNameError) return badRequest(error.message, undefined, 422);
    return storageFailure(error);
  }
  if ('allMissing' in started) {
    const gone = started.allMissing;
    return badRequest(
      `${gone.length === 1 ? 'The blob no longer exists' : `None of the ${gone.length} blobs exist any more`} (deleted since ${gone.length === 1 ? 'it was' : 'they were'} listed): ${gone.slice(0, 3).join(', ')}${gone.length > 3 ? ', …' : ''}.`,
      undefined,
      404,
    );
  }
  // On the trail before the first byte leaves, so a download cut off by a crash is still accounted for.
  await record('ok', { stage: 'started' });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return new Response(started.stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${container}-${stamp}.zip"`,
      'Cache-Control': 'no-store',
      ...(plan.totalBytes === undefined ? {} : { 'X-Zip-Bytes': String(plan.totalBytes) }),
    },
  });
}
