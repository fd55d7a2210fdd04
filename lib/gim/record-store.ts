import 'server-only';
// The records table (layout in record-packs.ts): writing a chunk's record and id packs, removing
// pruned interactions from them, and finding one interaction's record.
import { mapLimit } from '../concurrency';
import { chunkOrder } from './buckets';
import { paths } from './keys';
import {
  idRange,
  idSlice,
  newestPlace,
  packsOf,
  recordRange,
  recordsIn,
  withoutIds,
  type FullRecord,
  type PackEntity,
} from './record-packs';
import type { InteractionSummary } from './records';
import { readPartition, recordsTable, writeBatches } from './store';

type Use = 'pages' | 'indexer';

/** Writes the packs of whole (day, chunk) pairs: the record packs first, so an id pack never names a record not there. */
export async function writeRecords(records: readonly { day: string; record: FullRecord }[]): Promise<void> {
  if (!records.length) return;
  const table = await recordsTable('indexer');
  const packs = packsOf(records);
  await writeBatches(table, { upserts: packs.records });
  await writeBatches(table, { upserts: packs.ids });
}

/** Removes the interactions `byDay` names (YYYY-MM-DD → ids) from every pack of their day, every chunk's: the id packs first. */
export async function removeRecords(byDay: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
  const table = await recordsTable('indexer');
  const edit = (entities: readonly PackEntity[], gone: ReadonlySet<string>, kind: 'record' | 'id') => {
    const upserts: PackEntity[] = [];
    const deletes: PackEntity[] = [];
    for (const e of entities) {
      const next = withoutIds(e, gone, kind);
      if (next === null) deletes.push(e);
      else if (next) upserts.push(next);
    }
    return { upserts, deletes };
  };
  for (const [day, gone] of byDay) {
    if (!gone.size) continue;
    const slices = [...new Set([...gone].map(idSlice))];
    const idPacks = (
      await mapLimit(slices, 8, (s) => readPartition<PackEntity>(table, idRange(s, day).partitionKey, idRange(s, day)))
    ).flat();
    await writeBatches(table, edit(idPacks, gone, 'id'));
    await writeBatches(table, edit(await readPartition<PackEntity>(table, day), gone, 'record'));
  }
}

const dayOf = (startSec: number) => paths.day(startSec).partitionKey.slice(2);

async function recordIn(guid: string, day: string, order: string, use: Use): Promise<FullRecord | undefined> {
  const range = recordRange(guid, day, order);
  const packs = await readPartition<PackEntity>(await recordsTable(use), range.partitionKey, range);
  for (const e of packs) for (const r of recordsIn(e)) if (r.guid === guid) return r;
  return undefined;
}

/** An interaction's newest record by its id alone: its id slice says which day and chunk (two queries). */
export async function findRecord(guid: string, use: Use = 'pages'): Promise<FullRecord | undefined> {
  const range = idRange(idSlice(guid));
  const place = newestPlace(await readPartition<PackEntity>(await recordsTable(use), range.partitionKey, range), guid);
  return place ? recordIn(guid, place.day, place.order, use) : undefined;
}

/** The record of a summary a search found (it names its day and chunk: one query), else by id. */
export async function recordOf(s: InteractionSummary): Promise<FullRecord | undefined> {
  return (await recordIn(s.guid, dayOf(s.startSec), chunkOrder(s.chunk), 'pages')) ?? findRecord(s.guid);
}
