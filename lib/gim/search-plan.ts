// How a search reads the index, pure: the one path its most selective criterion names (an
// interaction id, a customer address, an agent) or the day paths of its range, newest first; the
// rest is a test of each summary the buckets on those paths list.
import type { InteractionSearch } from '../validations/interactions';
import { dayPaths, normalizeAddress, normalizeAgent, paths, type Path } from './keys';
import { agentKeys, type InteractionSummary } from './records';

export type SearchPlan =
  | { kind: 'id'; guid: string; accept: (e: InteractionSummary) => boolean }
  | {
      kind: 'paths';
      via: 'customer' | 'agent' | 'day';
      paths: Path[];
      range: { fromSec: number; toSec: number };
      accept: (e: InteractionSummary) => boolean;
    };

/** `agents`: the agent keys the agent criterion names (see resolveAgents); ignored without one. */
export function planSearch(q: InteractionSearch, range: { fromSec: number; toSec: number }, agents: readonly string[] = []): SearchPlan {
  const customer = q.customer ? normalizeAddress(q.customer) : '';
  const agent = q.agent ? normalizeAgent(q.agent) : '';
  const wanted = agent ? (agents.length ? agents : [agent]) : [];
  const accept = (e: InteractionSummary) =>
    e.startSec >= range.fromSec &&
    e.startSec < range.toSec &&
    (!q.media || e.media === q.media) &&
    (!q.direction || e.direction === q.direction) &&
    (!agent || agentKeys(e.agents).some((k) => wanted.includes(k))) &&
    (!customer || normalizeAddress(e.customer) === customer);
  if (q.interaction) return { kind: 'id', guid: q.interaction, accept };
  if (customer) return { kind: 'paths', via: 'customer', paths: [paths.customer(q.customer)], range, accept };
  // Two agents of the same name: each one's rows come newest first, one agent after the other.
  if (agent) return { kind: 'paths', via: 'agent', paths: wanted.map((k) => paths.agent(k)), range, accept };
  return { kind: 'paths', via: 'day', paths: dayPaths(range.fromSec, range.toSec), range, accept };
}

/**
 * Where a page ends: path `p`, bucket entity `k`, and `i` entries of it already read (-1: all of
 * it). No `k`: the path from its start.
 */
export type Position = { p: number; k?: string; i: number };

/** The page marker handed to the browser. */
export function encodeContinuation(c: Position): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeContinuation(s: string): Position | undefined {
  if (!s) return { p: 0, i: 0 };
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { p?: unknown; k?: unknown; i?: unknown };
    if (typeof c.p !== 'number' || !Number.isInteger(c.p) || c.p < 0) return undefined;
    if (typeof c.i !== 'number' || !Number.isInteger(c.i) || c.i < -1) return undefined;
    if (c.k !== undefined && typeof c.k !== 'string') return undefined;
    return { p: c.p, k: c.k, i: c.i };
  } catch {
    return undefined;
  }
}
