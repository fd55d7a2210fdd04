import 'server-only';
// Runs a search plan against the index: pages of at most `pageSize`, newest first, with a marker
// for the next page. Azure may end a page early (partition boundaries, its own limits), so reads
// are joined until the page is full, within a bound.
import { RequestError } from '../request-error';
import { env } from '../env';
import { normalizeAgent } from './keys';
import { agentKey, agentOf, idKey, summaryOf, unstored, type IdEntity, type InteractionSummary, type StoredSummary } from './records';
import { decodeContinuation, encodeContinuation, type SearchPlan } from './search-plan';
import { getEntity, indexTable, readDims } from './store';

export type SearchPage = { items: InteractionSummary[]; continuation?: string };

/** A continuation marker the index did not make: refused with its own sentence (400). */
export class BadMarker extends RequestError {}

export async function searchIndex(plan: SearchPlan, opts: { pageSize: number; continuation: string }): Promise<SearchPage> {
  if (plan.kind === 'id') {
    const k = idKey(plan.guid);
    const e = await getEntity<IdEntity>(k.partitionKey, k.rowKey);
    const summary = e && unstored(e);
    return { items: summary && plan.accept(summary) ? [summaryOf(summary)] : [] };
  }
  const at = decodeContinuation(opts.continuation);
  if (!at || at.p > plan.paths.length) throw new BadMarker('The page marker is not valid for this search. Search again.');
  const table = await indexTable();
  const items: InteractionSummary[] = [];
  let { p, t } = at;
  for (let round = 0; round < 64 && p < plan.paths.length && items.length < opts.pageSize; round++) {
    const path = plan.paths[p]!;
    const page = await table
      .listEntities<StoredSummary>({ queryOptions: { filter: plan.filter(path) } })
      .byPage({ maxPageSize: opts.pageSize - items.length, continuationToken: t })
      .next();
    if (!page.done) for (const e of page.value.map(unstored)) if (plan.accept(e)) items.push(summaryOf(e));
    t = page.done ? undefined : page.value.continuationToken;
    if (!t) p++;
  }
  return { items, continuation: p < plan.paths.length ? encodeContinuation({ p, t }) : undefined };
}

/** Every interaction a search finds, page by page (for an export), at most `limit`. */
export async function* allMatches(plan: SearchPlan, limit: number): AsyncGenerator<InteractionSummary> {
  let continuation = '';
  let count = 0;
  do {
    const page = await searchIndex(plan, { pageSize: 500, continuation });
    for (const item of page.items) {
      if (count++ >= limit) return;
      yield item;
    }
    continuation = page.continuation ?? '';
  } while (continuation);
}

export async function interactionRecord(guid: string): Promise<(InteractionSummary & { fields: Record<string, string> }) | undefined> {
  const k = idKey(guid);
  const e = await getEntity<IdEntity>(k.partitionKey, k.rowKey);
  if (!e) return undefined;
  let fields: Record<string, string> = {};
  try {
    fields = JSON.parse(e.f) as Record<string, string>;
  } catch {
    fields = {};
  }
  return { ...summaryOf(unstored(e)), fields };
}

const AGENTS_MS = 60_000;
const globalForAgents = globalThis as unknown as { gimAgents?: { rows: Map<string, Record<string, string>>; until: number } };

/** The agent keys a search term names: agents whose name (any order), login or employee id it is. */
export async function resolveAgents(term: string): Promise<string[]> {
  const m = env().gim.mapping.resource;
  const cached = globalForAgents.gimAgents;
  const rows = cached && cached.until > Date.now() ? cached.rows : await readDims();
  globalForAgents.gimAgents = { rows, until: cached && cached.until > Date.now() ? cached.until : Date.now() + AGENTS_MS };
  const want = normalizeAgent(term);
  const keys = new Set<string>();
  for (const [k, r] of rows) {
    if (!k.startsWith('resource|') || r[m.typeCode] !== m.agentType) continue;
    const agent = agentOf(r, k.slice('resource|'.length), m);
    const names = [agent.name, agent.employeeId, r[m.name] ?? '', `${r[m.firstName] ?? ''} ${r[m.lastName] ?? ''}`];
    if (names.some((n) => n && normalizeAgent(n) === want)) keys.add(agentKey(agent));
  }
  return [...keys];
}
