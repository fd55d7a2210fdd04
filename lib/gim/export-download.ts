import 'server-only';
// One interactions export as the route answers it: the recordings of the chosen interactions (or of
// all a search finds) with manifest.csv first, streamed as one zip, and its two audit records.
import { recordAuditBestEffort } from '../audit/store';
import type { SessionUser } from '../auth/guard';
import { env } from '../env';
import { RequestError } from '../request-error';
import { openBlobStream } from '../storage/blobs';
import { describeStorageError, isBlobMissing } from '../storage/errors';
import type { InteractionSearch } from '../validations/interactions';
import { startZip, type ZipSummary } from '../zip/zip-job';
import { planInteractionsZip } from './export-plan';
import { MANIFEST_NAME } from './manifest';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function interactionsExport(body: { guids: string[] } | { search: InteractionSearch }, who: { user: SessionUser; ip: string }, signal: AbortSignal): Promise<Response> {
  const criteria = 'search' in body ? { search: body.search } : { guids: body.guids.length };
  const plan = await planInteractionsZip(body);
  const counts = { interactions: plan.interactions, recordings: plan.items.length - 1 };
  const record = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    recordAuditBestEffort({ action: 'interactions.export', user: who.user.name, role: who.user.role, outcome, ip: who.ip, details: { ...criteria, ...counts, ...details } });
  const recordEnd = (end: ZipSummary) =>
    void record(end.outcome === 'ok' ? 'ok' : 'failed', {
      stage: end.outcome === 'ok' ? 'finished' : end.outcome,
      count: end.entries,
      bytes: end.bytes,
      ...(end.reason || end.error ? { error: end.reason ?? describeStorageError(end.error) } : {}),
      ...(end.missing.length ? { missing: end.missing.length } : {}),
    });
  const container = env().gim.mapping.recordingsContainer;
  const started = await startZip(plan.items, {
    open: async (name, s) => (name === MANIFEST_NAME ? { body: once(plan.manifest), size: plan.manifest.length } : openBlobStream(container, name, s)),
    isMissing: isBlobMissing,
    signal,
    onEnd: recordEnd,
  });
  if ('allMissing' in started) throw new RequestError('None of the recordings exist any more.', 404);
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
