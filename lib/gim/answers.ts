import 'server-only';
// What the interactions routes answer, one function each (the routes are doors to these): search
// pages (a new search goes on the audit trail), one interaction's details, the index's status, and
// an administrator's "index now".
import { recordAuditBestEffort } from '../audit/store';
import type { SessionUser } from '../auth/guard';
import { env } from '../env';
import { RequestError } from '../request-error';
import type { searchPageSchema } from '../validations/interactions';
import { searchRange } from '../validations/interactions';
import { runIndexer } from './indexer';
import { recordingsOf } from './recordings';
import { planSearch } from './search-plan';
import { interactionRecord, resolveAgents, searchIndex } from './search';
import { failedChunks, readDims, readState } from './store';
import type * as z from 'zod/mini';

type Who = { user: SessionUser; ip: string };

export async function searchInteractions(body: z.output<typeof searchPageSchema>, who: Who) {
  const agents = body.search.agent ? await resolveAgents(body.search.agent) : [];
  const page = await searchIndex(planSearch(body.search, searchRange(body.search), agents), {
    pageSize: body.pageSize,
    continuation: body.continuation,
  });
  if (!body.continuation) {
    // Not waited for: a search hands out nothing, and its record would add a round trip to every search.
    void recordAuditBestEffort({
      action: 'interactions.search',
      user: who.user.name,
      role: who.user.role,
      outcome: 'ok',
      ip: who.ip,
      details: { criteria: body.search, firstPage: page.items.length },
    });
  }
  return page;
}

export async function interactionDetails(guid: string) {
  const record = await interactionRecord(guid);
  if (!record) throw new RequestError(`No interaction ${guid} in the index (not exported yet, or older than the retention period).`, 404);
  return { ...record, recordings: (await recordingsOf([guid]))[guid] ?? [] };
}

export async function indexStatus() {
  const [state, failed, dims] = await Promise.all([readState(), failedChunks(), readDims()]);
  const code = env().gim.mapping.mediaType.code;
  // The media types the export has named so far, for the search's choices.
  const media = [
    ...new Set(
      [...dims]
        .filter(([k]) => k.startsWith('media|'))
        .map(([, row]) => row[code])
        .filter(Boolean),
    ),
  ].sort();
  return { state, failed, media };
}

export async function indexNow(who: Who) {
  const result = await runIndexer();
  void recordAuditBestEffort({
    action: 'interactions.index',
    user: who.user.name,
    role: who.user.role,
    outcome: result.outcome === 'failed' ? 'failed' : 'ok',
    ip: who.ip,
    details: result,
  });
  return result;
}
