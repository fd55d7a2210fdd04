// From a parsed chunk to the index's records, pure: one interaction record (dimension keys named,
// agents joined through the resource facts), the summary a results row needs as bucket entries
// list it, and the access paths an interaction is found by.
import { normalizeAddress, normalizeAgent, paths, type ChunkName, type Path } from './keys';
import type { GimMapping } from './mapping';
import type { Dimensions, ParsedChunk } from './read-chunk';

import type { Agent, InteractionSummary } from './types';

export type { Agent, InteractionSummary };

export type InteractionRecord = InteractionSummary & { fields: Record<string, string>; order: string };

/** An agent as shown: `Last, First` (else the login, else the key) and the employee id. */
export function agentOf(r: Record<string, string>, key: string, m: GimMapping['resource']): Agent {
  const last = r[m.lastName] ?? '';
  const first = r[m.firstName] ?? '';
  return { name: last && first ? `${last}, ${first}` : last || first || r[m.name] || `resource ${key}`, employeeId: r[m.employeeId] ?? '' };
}

export function agentsOf(exportId: string, chunk: ParsedChunk, dims: Dimensions, m: GimMapping): Agent[] {
  const agents: Agent[] = [];
  for (const key of chunk.resources.get(exportId) ?? []) {
    const r = dims.resource.get(key);
    if (!r || r[m.resource.typeCode] !== m.resource.agentType) continue;
    agents.push(agentOf(r, key, m.resource));
  }
  return mergeAgents(agents);
}

export function recordsOf(chunk: ParsedChunk, name: ChunkName, dims: Dimensions, m: GimMapping): InteractionRecord[] {
  return [...chunk.interactions.values()].map((row) => {
    const media = dims.media.get(row.fields[m.interaction.mediaTypeKey] ?? '');
    const type = dims.type.get(row.fields[m.interaction.interactionTypeKey] ?? '');
    const direction = type?.[m.interactionType.code] ?? '';
    const customerColumn = m.customerAddress[direction] ?? m.interaction.source;
    return {
      guid: row.guid,
      exportId: row.exportId,
      startSec: row.startSec,
      endSec: row.endSec,
      media: media?.[m.mediaType.code] ?? '',
      mediaName: media?.[m.mediaType.name] || media?.[m.mediaType.code] || '',
      direction,
      directionName: type?.[m.interactionType.name] || direction,
      customer: (row.fields[customerColumn] ?? '').trim(),
      agents: agentsOf(row.exportId, chunk, dims, m),
      chunk: name.folder,
      fields: row.fields,
      order: name.order,
    };
  });
}

/** One access path per agent: the employee id (names are resolved to it through RESOURCE_ when searching), else the name. */
export function agentKey(a: Agent): string {
  return normalizeAgent(a.employeeId || a.name);
}

export function agentKeys(agents: readonly Agent[]): string[] {
  return [...new Set(agents.map(agentKey).filter(Boolean))];
}

/**
 * Agents seen twice are one, the first (newest) kept: the same employee id, or the same name where
 * one of them has no id (two people may share a name; an id tells them apart).
 */
export function mergeAgents(...lists: readonly (readonly Agent[])[]): Agent[] {
  const out: Agent[] = [];
  for (const a of lists.flat()) {
    const id = normalizeAgent(a.employeeId);
    const name = normalizeAgent(a.name);
    const same = (b: Agent) => (id && b.employeeId ? normalizeAgent(b.employeeId) === id : normalizeAgent(b.name) === name);
    if (!out.some(same)) out.push(a);
  }
  return out;
}

/** Every access path of an interaction: by day, by customer address, by each agent. */
export function pathsOf(r: Pick<InteractionSummary, 'startSec' | 'customer' | 'agents'>): Path[] {
  const list: Path[] = [paths.day(r.startSec)];
  if (normalizeAddress(r.customer)) list.push(paths.customer(r.customer));
  for (const key of agentKeys(r.agents)) list.push(paths.agent(key));
  return list;
}

/** A summary as a bucket lists it: a short array (it repeats for every interaction). */
export function encodeEntry(s: InteractionSummary): unknown[] {
  return [
    s.guid,
    s.exportId,
    s.startSec,
    s.endSec ?? null,
    s.media,
    s.mediaName,
    s.direction,
    s.directionName,
    s.customer,
    s.agents.map((a) => [a.name, a.employeeId]),
    s.chunk,
  ];
}

export function decodeEntry(a: unknown[]): InteractionSummary {
  const [guid, exportId, startSec, endSec, media, mediaName, direction, directionName, customer, agents, chunk] = a as [
    string,
    string,
    number,
    number | null,
    string,
    string,
    string,
    string,
    string,
    [string, string][],
    string,
  ];
  return {
    guid,
    exportId,
    startSec,
    ...(endSec === null ? {} : { endSec }),
    media,
    mediaName,
    direction,
    directionName,
    customer,
    agents: agents.map(([name, employeeId]) => ({ name, employeeId })),
    chunk,
  };
}
