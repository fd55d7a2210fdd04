// From a parsed chunk to the index's entities, pure: one interaction record (dimension keys named,
// agents joined through the resource facts) and one entity per access path carrying the summary a
// results row needs, so a search reads one partition and nothing else.
import { normalizeAddress, normalizeAgent, paths, rowKey, type ChunkName, type Path } from './keys';
import type { GimMapping } from './mapping';
import type { Dimensions, ParsedChunk } from './read-chunk';

import type { Agent, InteractionSummary } from './types';

export type { Agent, InteractionSummary };

export type InteractionRecord = InteractionSummary & { fields: Record<string, string>; order: string };

/** The properties every access-path entity carries (short names: they repeat on every entity). */
export type SummaryEntity = {
  g: string;
  x: string;
  s: number;
  e?: number;
  m: string;
  mn: string;
  d: string;
  dn: string;
  cu: string;
  ag: string;
  /** Normalised agent keys between bars (`|alvarez maria|emp10231|`), for the agent filter. */
  ak: string;
  ch: string;
};
/**
 * As stored: the summary as one JSON property beside the few a query filters on (start, media,
 * direction). Azurite's cost per entity grows with its properties: four instead of twelve made
 * writing access paths ~2x faster, measured.
 */
export type StoredSummary = { s: number; m: string; d: string; v: string };
export type IdEntity = StoredSummary & { f: string; o: string; keys: string };

export function stored(summary: SummaryEntity): StoredSummary {
  return { s: summary.s, m: summary.m, d: summary.d, v: JSON.stringify(summary) };
}

export function unstored(e: StoredSummary): SummaryEntity {
  return JSON.parse(e.v) as SummaryEntity;
}
export type TableEntity<T> = T & { partitionKey: string; rowKey: string };

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
    const agent = agentOf(r, key, m.resource);
    if (!agents.some((a) => a.name === agent.name && a.employeeId === agent.employeeId)) agents.push(agent);
  }
  return agents;
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

export function summaryEntity(r: InteractionSummary): SummaryEntity {
  return {
    g: r.guid,
    x: r.exportId,
    s: r.startSec,
    ...(r.endSec === undefined ? {} : { e: r.endSec }),
    m: r.media,
    mn: r.mediaName,
    d: r.direction,
    dn: r.directionName,
    cu: r.customer,
    ag: JSON.stringify(r.agents),
    ak: `|${agentKeys(r.agents).join('|')}|`,
    ch: r.chunk,
  };
}

export function summaryOf(e: SummaryEntity): InteractionSummary {
  let agents: Agent[] = [];
  try {
    agents = JSON.parse(e.ag) as Agent[];
  } catch {
    agents = [];
  }
  return {
    guid: e.g,
    exportId: e.x,
    startSec: e.s,
    endSec: e.e,
    media: e.m,
    mediaName: e.mn,
    direction: e.d,
    directionName: e.dn,
    customer: e.cu,
    agents,
    chunk: e.ch,
  };
}

/** Every access path of an interaction: by day, by customer address, by each agent name and id. */
export function accessKeys(
  r: Pick<InteractionSummary, 'guid' | 'startSec' | 'customer' | 'agents'>,
): { partitionKey: string; rowKey: string }[] {
  const list: Path[] = [paths.day(r.startSec)];
  if (normalizeAddress(r.customer)) list.push(paths.customer(r.customer));
  for (const key of agentKeys(r.agents)) list.push(paths.agent(key));
  const keys = list.map((p) => ({ partitionKey: p.partitionKey, rowKey: rowKey(p, r.startSec, r.guid) }));
  return keys.filter((k, i) => keys.findIndex((o) => o.partitionKey === k.partitionKey && o.rowKey === k.rowKey) === i);
}

/** Where an interaction's own record is. */
export function idKey(guid: string): { partitionKey: string; rowKey: string } {
  const p = paths.id(guid);
  return { partitionKey: p.partitionKey, rowKey: p.prefix };
}

export const isIdKey = (k: { partitionKey: string }) => k.partitionKey.startsWith('i|');

/** The entities one interaction is stored as: its record by id, and a summary per access path. */
export function entitiesOf(r: InteractionRecord): { id: TableEntity<IdEntity>; access: TableEntity<StoredSummary>[] } {
  const summary = stored(summaryEntity(r));
  const access = accessKeys(r);
  const fields = JSON.stringify(r.fields);
  return {
    // A string property holds at most 64 KiB; an export row is far smaller, but never fail on one.
    id: {
      ...idKey(r.guid),
      ...summary,
      f: fields.length > 30_000 ? '{}' : fields,
      o: r.order,
      keys: JSON.stringify(access.map((k) => [k.partitionKey, k.rowKey])),
    },
    access: access.map((k) => ({ ...k, ...summary })),
  };
}
