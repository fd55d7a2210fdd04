import 'server-only';
// Runs a search plan against the index: pages of at most `pageSize`, newest first, with a marker
// for the next page. The buckets on each path are read a few at a time, newest first, and their
// entries tested until the page is full, within a bound.
import { RequestError } from '../request-error';
import { env } from '../env';
import { entriesOf } from './buckets';
import { normalizeAgent, rowRange } from './keys';
import { findRecord } from './record-store';
import { agentKey, agentOf, type InteractionSummary } from './records';
import { decodeContinuation, encodeContinuation, type SearchPlan } from './search-plan';
import { indexTable, readDims } from './store';

export type SearchPage = { items: InteractionSummary[]; continuation?: string };

/** A continuation marker the index did not make: refused with its own sentence (400). */
export class BadMarker extends RequestError {}

/** Bucket entities read per query: a page of 50 is most often in the first one or two. */
const READ_SIZES = [4, 16, 32];
/** Queries per page at most: a filter that matches little ends the page early, with a marker. */
const MAX_READS = 24;
const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

export async function searchIndex(plan: SearchPlan, opts: { pageSize: number; continuation: string }): Promise<SearchPage> {
  if (plan.kind === 'id') {
    const found = await interactionRecord(plan.guid);
    return { items: found && plan.accept(found) ? [summaryOnly(found)] : [] };
  }
  const at = decodeContinuation(opts.continuation);
  if (!at || at.p > plan.paths.length) throw new BadMarker('The page marker is not valid for this search. Search again.');
  const table = await indexTable();
  const items: InteractionSummary[] = [];
  const seen = new Set<string>();
  let { p, k, i } = at;
  for (let reads = 0; p < plan.paths.length && reads < MAX_READS; reads++) {
    const path = plan.paths[p]!;
    const { ge, lt } = rowRange(path, plan.range.fromSec, plan.range.toSec);
    const from = k === undefined ? `RowKey ge ${quote(ge)}` : `RowKey ${i < 0 ? 'gt' : 'ge'} ${quote(k)}`;
    const filter = `PartitionKey eq ${quote(path.partitionKey)} and ${from} and RowKey lt ${quote(lt)}`;
    const size = READ_SIZES[Math.min(reads, READ_SIZES.length - 1)]!;
    const page = await table
      .listEntities<{ v: string }>({ queryOptions: { filter, select: ['RowKey', 'v'] } })
      .byPage({ maxPageSize: size })
      .next();
    const entities = page.done ? [] : page.value;
    for (const e of entities) {
      const entries = entriesOf(e.v);
      for (let n = e.rowKey === k && i > 0 ? i : 0; n < entries.length; n++) {
        if (items.length >= opts.pageSize) return { items, continuation: encodeContinuation({ p, k: e.rowKey, i: n }) };
        const s = entries[n]!;
        if (plan.accept(s) && !seen.has(s.guid)) {
          seen.add(s.guid);
          items.push(s);
        }
      }
      k = e.rowKey;
      i = -1;
    }
    if (page.done || !page.value.continuationToken) {
      p++;
      k = undefined;
      i = 0;
    }
    if (items.length >= opts.pageSize) break;
  }
  return { items, continuation: p < plan.paths.length ? encodeContinuation({ p, k, i }) : undefined };
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

const summaryOnly = ({ fields: _fields, ...summary }: InteractionSummary & { fields: Record<string, string> }): InteractionSummary =>
  summary;

/** An interaction's record (summary and export fields) by id. */
export async function interactionRecord(guid: string): Promise<(InteractionSummary & { fields: Record<string, string> }) | undefined> {
  return findRecord(guid);
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
