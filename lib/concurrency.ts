// Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results.
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export class GateTimeout extends Error {
  override name = 'GateTimeout';
  readonly code = 'ConsoleQueueTimeout';
}

/**
 * At most `limit` calls of `run` in flight; the rest wait their turn, first come first served, for
 * at most `maxWaitMs` (then GateTimeout). A freed slot passes straight to the next in line. A call
 * still running after `maxHoldMs` gives its slot back (and goes on), so calls that hang cannot
 * take every slot for good.
 */
export function gate(limit: number, maxWaitMs: number, maxHoldMs = Infinity) {
  let active = 0;
  const waiting: { go: () => void }[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next.go();
    else active--;
  };
  const acquire = (): Promise<void> => {
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        go: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new GateTimeout(`waited ${maxWaitMs} ms for one of ${limit} slots`));
      }, maxWaitMs);
      waiting.push(waiter);
    });
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      await acquire();
      let held = true;
      const giveBack = () => {
        if (held) (held = false), release();
      };
      const timer = Number.isFinite(maxHoldMs) ? setTimeout(giveBack, maxHoldMs) : undefined;
      try {
        return await fn();
      } finally {
        clearTimeout(timer);
        giveBack();
      }
    },
    get stats() {
      return { active, waiting: waiting.length };
    },
  };
}
