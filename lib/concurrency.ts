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

/** Whose call it is: each lane waits in its own line, and priority calls go before every line. */
export type GateTicket = { lane?: string; priority?: boolean };

type Waiter = { go: () => void; fail: (error: unknown) => void };

/**
 * At most `limit` calls of `run` in flight; the rest wait their turn for at most `maxWaitMs` (then
 * GateTimeout). Waiting calls stand in one line per lane (a user), and a freed slot passes to the
 * lines in turn, so one user's flood of calls waits behind itself and not in front of everyone
 * else's; priority calls (an administrator's token work) go before every line. A call still
 * running after `maxHoldMs` gives its slot back (and goes on), so calls that hang cannot take every
 * slot for good. A call that fails with an error `shedOn` accepts (the service did not answer)
 * fails everyone waiting with it at once, rather than letting each wait its turn to fail.
 */
export function gate(limit: number, maxWaitMs: number, maxHoldMs = Infinity, shedOn: (error: unknown) => boolean = () => false) {
  let active = 0;
  const priority: Waiter[] = [];
  // A Map keeps insertion order: the line served last moves to the end.
  const lines = new Map<string, Waiter[]>();
  const waitingCount = () => priority.length + [...lines.values()].reduce((n, line) => n + line.length, 0);
  const nextWaiter = (): Waiter | undefined => {
    const first = priority.shift();
    if (first) return first;
    for (const [lane, line] of lines) {
      const waiter = line.shift();
      lines.delete(lane);
      if (line.length) lines.set(lane, line);
      return waiter;
    }
    return undefined;
  };
  const release = () => {
    const next = nextWaiter();
    if (next) next.go();
    else active--;
  };
  const acquire = (ticket: GateTicket): Promise<void> => {
    if (active < limit) {
      active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const line = ticket.priority ? priority : (lines.get(ticket.lane ?? '') ?? []);
      if (!ticket.priority && !lines.has(ticket.lane ?? '')) lines.set(ticket.lane ?? '', line);
      const waiter: Waiter = {
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
        line.splice(line.indexOf(waiter), 1);
        if (!line.length && !ticket.priority) lines.delete(ticket.lane ?? '');
        reject(new GateTimeout(`waited ${maxWaitMs} ms for one of ${limit} slots`));
      }, maxWaitMs);
      line.push(waiter);
    });
  };
  const failAllWaiting = (error: unknown) => {
    const all = [...priority.splice(0), ...[...lines.values()].flat()];
    lines.clear();
    for (const waiter of all) waiter.fail(error);
  };
  return {
    async run<T>(fn: () => Promise<T>, ticket: GateTicket = {}): Promise<T> {
      await acquire(ticket);
      let held = true;
      const giveBack = () => {
        if (!held) return;
        held = false;
        release();
      };
      const timer = Number.isFinite(maxHoldMs) ? setTimeout(giveBack, maxHoldMs) : undefined;
      try {
        return await fn();
      } catch (error) {
        if (shedOn(error)) failAllWaiting(error);
        throw error;
      } finally {
        clearTimeout(timer);
        giveBack();
      }
    },
    get stats() {
      return { active, waiting: waitingCount() };
    },
  };
}
