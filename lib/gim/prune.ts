import 'server-only';
// Retention for the index: interactions that started before the cutoff leave it with all their
// access paths, as their recordings leave storage. The days' count rows say which days to read.
import { applyDays, readDay } from './apply-days';
import { paths } from './keys';
import { indexedDays } from './store';

/** Deletes every interaction that started before `cutoff`; returns how many. */
export async function pruneBefore(cutoff: Date): Promise<number> {
  const cutoffSec = Math.floor(cutoff.getTime() / 1000);
  let pruned = 0;
  for (const { day } of await indexedDays(paths.day(cutoffSec).partitionKey.slice(2))) {
    const partition = `d|${day}`;
    const old = [...(await readDay(partition)).values()].filter((s) => s.startSec < cutoffSec).map((s) => s.guid);
    if (old.length) pruned += (await applyDays(new Map([[partition, { upserts: [], removals: new Set(old) }]]))).removed;
  }
  return pruned;
}
