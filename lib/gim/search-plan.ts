// How a search reads the index, pure: the one partition its most selective criterion names (an
// interaction id, a customer address, an agent) or the day partitions of its range, newest first;
// the rest as a filter on the summaries those partitions hold.
import type { InteractionSearch } from '../validations/interactions';
import { dayPaths, normalizeAddress, normalizeAgent, paths, rowRange, type Path } from './keys';
import type { SummaryEntity } from './records';

export type SearchPlan =
  | { kind: 'id'; guid: string; accept: (e: SummaryEntity) => boolean }
  | {
      kind: 'paths';
      via: 'customer' | 'agent' | 'day';
      paths: Path[];
      filter: (path: Path) => string;
      accept: (e: SummaryEntity) => boolean;
    };

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** `agents`: the agent keys the agent criterion names (see resolveAgents); ignored without one. */
export function planSearch(q: InteractionSearch, range: { fromSec: number; toSec: number }, agents: readonly string[] = []): SearchPlan {
  const customer = q.customer ? normalizeAddress(q.customer) : '';
  const agent = q.agent ? normalizeAgent(q.agent) : '';
  const wanted = agent ? (agents.length ? agents : [agent]) : [];
  const props = [q.media && `m eq ${quote(q.media)}`, q.direction && `d eq ${quote(q.direction)}`].filter(Boolean);
  const agentOk = (e: SummaryEntity) => !agent || wanted.some((k) => e.ak.includes(`|${k}|`));
  const customerOk = (e: SummaryEntity) => !customer || normalizeAddress(e.cu) === customer;
  if (q.interaction) {
    return {
      kind: 'id',
      guid: q.interaction,
      accept: (e) =>
        e.s >= range.fromSec &&
        e.s < range.toSec &&
        (!q.media || e.m === q.media) &&
        (!q.direction || e.d === q.direction) &&
        agentOk(e) &&
        customerOk(e),
    };
  }
  const filter = (path: Path) => {
    const { ge, lt } = rowRange(path, range.fromSec, range.toSec);
    return [`PartitionKey eq ${quote(path.partitionKey)}`, `RowKey ge ${quote(ge)}`, `RowKey lt ${quote(lt)}`, ...props].join(' and ');
  };
  if (customer) return { kind: 'paths', via: 'customer', paths: [paths.customer(q.customer)], filter, accept: agentOk };
  // Two agents of the same name: each one's rows come newest first, one agent after the other.
  if (agent) return { kind: 'paths', via: 'agent', paths: wanted.map((k) => paths.agent(k)), filter, accept: () => true };
  return { kind: 'paths', via: 'day', paths: dayPaths(range.fromSec, range.toSec), filter, accept: () => true };
}

/** The page marker handed to the browser: which partition, and Azure's own continuation in it. */
export function encodeContinuation(c: { p: number; t?: string }): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeContinuation(s: string): { p: number; t?: string } | undefined {
  if (!s) return { p: 0 };
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { p?: unknown; t?: unknown };
    if (typeof c.p !== 'number' || !Number.isInteger(c.p) || c.p < 0) return undefined;
    return { p: c.p, t: typeof c.t === 'string' ? c.t : undefined };
  } catch {
    return undefined;
  }
}
