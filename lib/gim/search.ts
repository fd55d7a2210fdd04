import 'server-only';
// Runs a search plan against the index: pages of at most `pageSize`, newest first, with a marker
// for the next page. Azure may end a page early (partition boundaries, its own limits), so reads
// are joined until the page is full, within a bound.
import { idKey, summaryOf, type IdEntity, type InteractionSummary, type SummaryEntity } from './records';
import { decodeContinuation, encodeContinuation, type SearchPlan } from './search-plan';
import { getEntity, indexTable } from './store';

export type SearchPage = { items: InteractionSummary[]; continuation?: string };

export class BadMarker extends Error {}

export async function searchIndex(plan: SearchPlan, opts: { pageSize: number; continuation: string }): Promise<SearchPage> {
  if (plan.kind === 'id') {
    const k = idKey(plan.guid);
    const e = await getEntity<IdEntity>(k.partitionKey, k.rowKey);
    return { items: e && plan.accept(e) ? [summaryOf(e)] : [] };
  }
  const at = decodeContinuation(opts.continuation);
  if (!at || at.p > plan.paths.length) throw new BadMarker('The page marker is not valid for this search. Search again.');
  const table = await indexTable();
  const items: InteractionSummary[] = [];
  let { p, t } = at;
  for (let round = 0; round < 64 && p < plan.paths.length && items.length < opts.pageSize; round++) {
    const path = plan.paths[p]!;
    const page = await table
      .listEntities<SummaryEntity>({ queryOptions: { filter: plan.filter(path) } })
      .byPage({ maxPageSize: opts.pageSize - items.length, continuationToken: t })
      .next();
    if (!page.done) for (const e of page.value) if (plan.accept(e)) items.push(summaryOf(e));
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
  return { ...summaryOf(e), fields };
}
