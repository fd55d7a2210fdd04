import * as z from 'zod/mini';
import { recordAuditBestEffort } from '@/lib/audit/store';
import { clientAddress } from '@/lib/auth';
import { env } from '@/lib/env';
import { planInteractionsZip } from '@/lib/gim/export-plan';
import { MANIFEST_NAME } from '@/lib/gim/manifest';
import { badRequest, storageFailure, viewerJsonBody } from '@/lib/http';
import { openBlobStream } from '@/lib/storage/blobs';
import { describeStorageError, isBlobMissing } from '@/lib/storage/errors';
import { interactionSearchSchema } from '@/lib/validations/interactions';
import { startZip, type ZipSummary } from '@/lib/zip/zip-job';

const guid = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'An interaction id is letters and digits.'));
const bodySchema = z.union([
  z.object({ guids: z.array(guid).check(z.minLength(1, 'Select at least one interaction.'), z.maxLength(2_000, 'At most 2,000 interactions in one export.')) }),
  z.object({ search: interactionSearchSchema }),
]);

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The recordings of the chosen interactions (or of all a search finds) as one zip, with manifest.csv. */
export async function POST(request: Request) {
  const door = await viewerJsonBody(request, bodySchema, { missing: 'Send the interactions to export as JSON.', maxBytes: 256 * 1024 });
  if (door instanceof Response) return door;
  const { user, body } = door;
  const criteria = 'search' in body ? { search: body.search } : { guids: body.guids.length };
  let plan;
  try {
    plan = await planInteractionsZip(body);
  } catch (error) {
    return storageFailure(error);
  }
  if ('error' in plan) return badRequest(plan.error, undefined, plan.status);
  const ip = clientAddress(request.headers);
  const counts = { interactions: plan.interactions, recordings: plan.items.length - 1 };
  const record = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    recordAuditBestEffort({ action: 'interactions.export', user: user.name, role: user.role, outcome, ip, details: { ...criteria, ...counts, ...details } });
  const recordEnd = (end: ZipSummary) =>
    void record(end.outcome === 'ok' ? 'ok' : 'failed', {
      stage: end.outcome === 'ok' ? 'finished' : end.outcome,
      count: end.entries,
      bytes: end.bytes,
      ...(end.reason || end.error ? { error: end.reason ?? describeStorageError(end.error) } : {}),
      ...(end.missing.length ? { missing: end.missing.length } : {}),
    });
  const container = env().gim.mapping.recordingsContainer;
  let started;
  try {
    started = await startZip(plan.items, {
      open: async (name, signal) => (name === MANIFEST_NAME ? { body: once(plan.manifest), size: plan.manifest.length } : openBlobStream(container, name, signal)),
      isMissing: isBlobMissing,
      signal: request.signal,
      onEnd: recordEnd,
    });
  } catch (error) {
    return storageFailure(error);
  }
  if ('allMissing' in started) return badRequest('None of the recordings exist any more.', undefined, 404);
  await record('ok', { stage: 'started' });
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return new Response(started.stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="interactions-${stamp}.zip"`,
      'Cache-Control': 'no-store',
      'X-Zip-Bytes': String(plan.totalBytes),
    },
  });
}
