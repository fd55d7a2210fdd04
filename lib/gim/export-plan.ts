import 'server-only';
// What an interactions export holds: the interactions (named, or all a search finds, bounded), each
// one's recordings with size, Content-MD5 and stored time, and the manifest describing them.
import { RequestError } from '../request-error';
import { mapLimit } from '../concurrency';
import { searchRange, type InteractionSearch } from '../validations/interactions';
import type { ZipItem } from '../zip/zip-job';
import { MANIFEST_NAME, manifestCsv, type ManifestRecording } from './manifest';
import { recordOf } from './record-store';
import { manifestProperties, recordingsOf } from './recordings';
import type { InteractionSummary } from './records';
import { allMatches, interactionRecord, resolveAgents } from './search';
import { planSearch } from './search-plan';

export const MAX_EXPORT_INTERACTIONS = 2_000;

/** What cannot be exported is refused with a RequestError, its sentence and status. */
export type InteractionsZipPlan = { items: ZipItem[]; manifest: Uint8Array; interactions: number; totalBytes: number };

export async function planInteractionsZip(body: { guids: string[] } | { search: InteractionSearch }): Promise<InteractionsZipPlan> {
  let interactions: InteractionSummary[] = [];
  if ('guids' in body) {
    interactions = (await mapLimit([...new Set(body.guids)], 16, interactionRecord)).filter((i): i is NonNullable<typeof i> => Boolean(i));
  } else {
    const agents = body.search.agent ? await resolveAgents(body.search.agent) : [];
    for await (const i of allMatches(planSearch(body.search, searchRange(body.search), agents), MAX_EXPORT_INTERACTIONS + 1))
      interactions.push(i);
    if (interactions.length > MAX_EXPORT_INTERACTIONS) {
      throw new RequestError(
        `The search finds more than ${MAX_EXPORT_INTERACTIONS.toLocaleString('en-US')} interactions. Narrow it (a shorter range, a customer or an agent) and export in parts.`,
        413,
      );
    }
  }
  if (interactions.length === 0) throw new RequestError('No interactions to export.', 404);
  const found: Record<string, { name: string }[]> = {};
  for (let i = 0; i < interactions.length; i += 100)
    Object.assign(found, await recordingsOf(interactions.slice(i, i + 100).map((x) => x.guid)));
  const names = interactions.flatMap((i) => (found[i.guid] ?? []).map((r) => r.name));
  if (names.length === 0)
    throw new RequestError(
      `${interactions.length === 1 ? 'The interaction has' : `None of the ${interactions.length} interactions have`} a recording.`,
      404,
    );
  const props = await manifestProperties(names);
  // Every export column of an interaction with a recording: a search's summaries lack them.
  const withFields = new Map<string, InteractionSummary & { fields?: Record<string, string> }>();
  const needed = interactions.filter((i) => (found[i.guid] ?? []).length);
  const records = await mapLimit(needed, 16, (i) => ('fields' in i ? Promise.resolve(i) : recordOf(i)));
  needed.forEach((i, n) => withFields.set(i.guid, records[n] ?? i));
  const rows: { interaction: InteractionSummary & { fields?: Record<string, string> }; recording: ManifestRecording }[] = [];
  for (const i of needed.map((x) => withFields.get(x.guid)!))
    for (const r of found[i.guid] ?? []) {
      const p = props.get(r.name);
      if (p)
        rows.push({ interaction: i, recording: { name: r.name, size: p.size, md5: p.md5, storedTime: p.storedTime ?? p.lastModified } });
    }
  const manifest = new TextEncoder().encode(manifestCsv(rows));
  const items: ZipItem[] = [
    { name: MANIFEST_NAME, size: manifest.length },
    ...rows.map((r) => ({ name: r.recording.name, size: r.recording.size })),
  ];
  return { items, manifest, interactions: interactions.length, totalBytes: items.reduce((a, b) => a + (b.size ?? 0), 0) };
}
