// How much costly fan-out (a properties batch, a zip, a preview) one user may start, pure: a bucket
// of storage calls per user that refills at a steady rate. A request that would overdraw it is
// answered 429 with the time until enough has refilled, so one user cannot fill the storage queue
// that every other user's pages wait in. Kept per console process.

export type Budget = { capacity: number; perSecond: number };

/** Storage calls: a find page of 500 (1,000 calls with tags) at once, and two such pages a second. */
export const FAN_OUT_BUDGET: Budget = { capacity: 2_000, perSecond: 1_000 };

type Bucket = { level: number; at: number };

export function fanOutLimiter(budget: Budget = FAN_OUT_BUDGET, maxUsers = 10_000) {
  const buckets = new Map<string, Bucket>();
  const levelNow = (user: string, now: number) => {
    const bucket = buckets.get(user);
    return bucket ? Math.min(budget.capacity, bucket.level + ((now - bucket.at) / 1000) * budget.perSecond) : budget.capacity;
  };
  return {
    /**
     * Seconds until the user's bucket holds `least` calls again, or 0 when it does now: a flood is
     * refused on this before its body is even read.
     */
    waitFor(user: string, least: number, now = Date.now()): number {
      const level = levelNow(user, now);
      return level >= least ? 0 : Math.max(1, Math.ceil((least - level) / budget.perSecond));
    },
    /**
     * Takes `cost` calls from the user's bucket, or says in how many seconds to retry. A request
     * larger than the bucket is let in once the bucket is full, and the bucket then goes below zero
     * by the rest: it is charged in full, and waits that much longer before the next.
     */
    spend(user: string, cost: number, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
      const full = Math.max(cost, 1);
      const want = Math.min(full, budget.capacity);
      const level = levelNow(user, now);
      if (level < want) {
        buckets.set(user, { level, at: now });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((want - level) / budget.perSecond)) };
      }
      buckets.delete(user);
      if (buckets.size >= maxUsers) buckets.delete(buckets.keys().next().value!);
      buckets.set(user, { level: level - full, at: now });
      return { ok: true };
    },
  };
}
