import 'server-only';
// One zip download as the route answers it: the plan (named blobs, or a find query's), the audit
// trail's two records (when it starts, and how it ended), and the streamed archive.
import { recordAuditBestEffort } from '../audit/store';
import type { SessionUser } from '../auth/guard';
import { RequestError } from '../request-error';
import { openBlobStream } from '../storage/blobs';
import { describeStorageError, isBlobMissing } from '../storage/errors';
import { planNamedZip, planQueryZip } from '../storage/zip-plan';
import { buildWhere, type FindQueryOutput } from '../tags/where';
import { startZip, type ZipSummary } from './zip-job';

export type ZipRequest = { container: string; names?: string[]; query?: FindQueryOutput };

/** What the page says when none of the blobs exist any more. */
export function allMissingMessage(gone: string[]): string {
  const one = gone.length === 1;
  return `${one ? 'The blob no longer exists' : `None of the ${gone.length} blobs exist any more`} (deleted since ${one ? 'it was' : 'they were'} listed): ${gone.slice(0, 3).join(', ')}${gone.length > 3 ? ', …' : ''}.`;
}

/** How a zip ended, as its closing audit record says it: what reached the client and what was missing. */
export function zipEndRecord(end: ZipSummary): { outcome: 'ok' | 'failed'; details: Record<string, unknown> } {
  return {
    outcome: end.outcome === 'ok' ? 'ok' : 'failed',
    details: {
      stage: end.outcome === 'ok' ? 'finished' : end.outcome,
      count: end.entries,
      bytes: end.bytes,
      ...(end.reason || end.error ? { error: end.reason ?? describeStorageError(end.error) } : {}),
      ...(end.missing.length ? { missing: end.missing.length, missingNames: end.missing.slice(0, 20) } : {}),
    },
  };
}

/** The streamed zip as the browser saves it: `<stem>-<YYYYMMDD-HHMM>.zip`, never cached. */
export function zipResponse(stream: ReadableStream<Uint8Array>, stem: string, totalBytes: number | undefined): Response {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${stem}-${stamp}.zip"`,
      'Cache-Control': 'no-store',
      ...(totalBytes === undefined ? {} : { 'X-Zip-Bytes': String(totalBytes) }),
    },
  });
}

export async function zipDownload(body: ZipRequest, who: { user: SessionUser; ip: string }, signal: AbortSignal): Promise<Response> {
  const { container } = body;
  const where = body.query ? buildWhere(body.query) : undefined;
  const plan = body.names ? planNamedZip(body.names) : await planQueryZip(container, where!);
  const requested = plan.items.length;
  const record = (outcome: 'ok' | 'failed', details: Record<string, unknown>) =>
    recordAuditBestEffort({
      action: 'blobs.zip',
      user: who.user.name,
      role: who.user.role,
      outcome,
      ip: who.ip,
      details: { container, requested, ...details, ...(where ? { where } : {}) },
    });
  const recordEnd = (end: ZipSummary) => {
    const { outcome, details } = zipEndRecord(end);
    void record(outcome, details);
  };

  const started = await startZip(plan.items, {
    open: (name, s) => openBlobStream(container, name, s),
    isMissing: isBlobMissing,
    signal,
    onEnd: recordEnd,
  });
  if ('allMissing' in started) throw new RequestError(allMissingMessage(started.allMissing), 404);
  // On the trail before the first byte leaves, so a download cut off by a crash is still accounted for.
  await record('ok', { stage: 'started' });
  return zipResponse(started.stream, container, plan.totalBytes);
}
