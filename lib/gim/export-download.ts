import 'server-only';
// One interactions export as the route answers it: the recordings of the chosen interactions (or of
// all a search finds) with manifest.csv first, streamed as one zip, and its two audit records.
import { recordAuditBestEffort } from '../audit/store';
import type { SessionUser } from '../auth/guard';
import { env } from '../env';
import { RequestError } from '../request-error';
import { openBlobStream } from '../storage/blobs';
import { isBlobMissing } from '../storage/errors';
import type { InteractionSearch } from '../validations/interactions';
import { zipEndRecord, zipResponse } from '../zip/zip-download';
import { startZip, type ZipSummary } from '../zip/zip-job';
import { planInteractionsZip } from './export-plan';
import { MANIFEST_NAME } from './manifest';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function interactionsExport(
  body: { guids: string[] } | { search: InteractionSearch },
  who: { user: SessionUser; ip: string },
  signal: AbortSignal,
): Promise<Response> {
  const criteria = 'search' in body ? { search: body.search } : { guids: body.guids.length };
  const plan = await planInteractionsZip(body);
  const counts = { interactions: plan.interactions, recordings: plan.items.length - 1 };
  const record = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    recordAuditBestEffort({
      action: 'interactions.export',
      user: who.user.name,
      role: who.user.role,
      outcome,
      ip: who.ip,
      details: { ...criteria, ...counts, ...details },
    });
  const recordEnd = (end: ZipSummary) => {
    const { outcome, details } = zipEndRecord(end);
    void record(outcome, details);
  };
  const container = env().gim.mapping.recordingsContainer;
  const started = await startZip(plan.items, {
    open: async (name, s) =>
      name === MANIFEST_NAME ? { body: once(plan.manifest), size: plan.manifest.length } : openBlobStream(container, name, s),
    isMissing: isBlobMissing,
    signal,
    onEnd: recordEnd,
  });
  if ('allMissing' in started) throw new RequestError('None of the recordings exist any more.', 404);
  await record('ok', { stage: 'started' });
  return zipResponse(started.stream, 'interactions', plan.totalBytes);
}
