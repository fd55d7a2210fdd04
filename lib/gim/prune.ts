import 'server-only';
// Retention for the index: interactions that started before the cutoff leave it with all their
// access paths, as their recordings leave storage. The day partitions say which ones, without a scan.
import { paths } from './keys';
import { accessKeys, idKey, isIdKey, summaryOf, unstored, type StoredSummary } from './records';
import { deleteEntities, indexTable } from './store';

/** Deletes every interaction that started before `cutoff`; returns how many. */
export async function pruneBefore(cutoff: Date): Promise<number> {
  const table = await indexTable('indexer');
  const cutoffSec = Math.floor(cutoff.getTime() / 1000);
  // Day partitions sort by date: `d|` up to the cutoff's day, then the start time within it.
  const filter = `PartitionKey ge 'd|' and PartitionKey le '${paths.day(cutoffSec).partitionKey}' and s lt ${cutoffSec}`;
  let pruned = 0;
  for await (const page of table.listEntities<StoredSummary>({ queryOptions: { filter } }).byPage({ maxPageSize: 500 })) {
    const keys = page.flatMap((e) => {
      const s = summaryOf(unstored(e));
      return [idKey(s.guid), ...accessKeys(s)];
    });
    // The record first: an interaction without it is gone, even if a path delete fails midway.
    await deleteEntities(keys.filter(isIdKey));
    await deleteEntities(keys.filter((k) => !isIdKey(k)));
    pruned += page.length;
  }
  return pruned;
}
