// Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. After
// the first failure no further item is started (the answer is already that failure).
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (!failed && next < items.length) {
        const i = next++;
        try {
          out[i] = await fn(items[i]!);
        } catch (error) {
          failed = true;
          throw error;
        }
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
 * take every slot for good. A call that fails with an error `shedOn` accepts (the service did not
 * answer) fails everyone waiting with it at once, rather than letting each wait its turn to fail.
 */
export function gate(limit: number, maxWaitMs: number, maxHoldMs = Infinity, shedOn: (error: unknown) => boolean = () => false) {
  let active = 0;
  const waiting: { go: () => void; fail: (error: unknown) => void }[] = [];
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
        fail: (error: unknown) => {
          clearTimeout(timer);
          reject(error);
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
      } catch (error) {
        if (shedOn(error)) for (const waiter of waiting.splice(0)) waiter.fail(error);
        throw error;
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
