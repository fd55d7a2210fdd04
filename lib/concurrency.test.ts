import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { gate, GateTimeout, mapLimit } from './concurrency';

describe('mapLimit', () => {
  it('keeps the order of results with a bounded number in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight);
      await sleep(n);
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

it('mapLimit starts no further item after the first failure', async () => {
  const seen: number[] = [];
  await expect(
    mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      seen.push(n);
      await sleep(5);
      if (n === 1) throw new Error('first failed');
      return n;
    }),
  ).rejects.toThrow('first failed');
  await sleep(30);
  expect(seen.sort()).toEqual([1, 2]); // the two in flight when 1 failed; 3-6 never start
});

describe('gate', () => {
  it('runs at most `limit` at once, first come first served, and frees slots after failures', async () => {
    const g = gate(2, 1_000);
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const task = (i: number) =>
      g.run(async () => {
        started.push(i);
        most = Math.max(most, ++inFlight);
        await sleep(5);
        inFlight--;
        if (i === 1) throw new Error('boom');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(task));
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('takes back the slot of a call that hangs, and lets the next one in', async () => {
    const g = gate(1, 1_000, 30);
    void g.run(() => new Promise<never>(() => {}));
    const t = performance.now();
    await expect(g.run(async () => 'next')).resolves.toBe('next');
    expect(performance.now() - t).toBeGreaterThanOrEqual(25);
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a caller that waited too long, without taking its place from the others', async () => {
    const g = gate(1, 20);
    const long = g.run(() => sleep(60).then(() => 'long'));
    const late = g.run(async () => 'late');
    await expect(late).rejects.toBeInstanceOf(GateTimeout);
    expect(g.stats).toEqual({ active: 1, waiting: 0 });
    await expect(long).resolves.toBe('long');
    await expect(g.run(async () => 'next')).resolves.toBe('next');
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('fails everyone waiting at once when a call fails because the service did not answer, and stays usable', async () => {
    class NoAnswer extends Error {}
    const g = gate(1, 10_000, Infinity, (e) => e instanceof NoAnswer);
    const started: string[] = [];
    const first = g.run(async () => {
      await sleep(10);
      throw new NoAnswer('no answer');
    });
    const queued = ['a', 'b'].map((id) => g.run(async () => void started.push(id)));
    const t = performance.now();
    await expect(first).rejects.toBeInstanceOf(NoAnswer);
    for (const q of queued) await expect(q).rejects.toBeInstanceOf(NoAnswer);
    expect(performance.now() - t).toBeLessThan(1_000);
    expect(started).toEqual([]);
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
    // Other failures leave the queue alone.
    const other = g.run(async () => {
      await sleep(10);
      throw new Error('bad request');
    });
    const after = g.run(async () => 'served');
    await expect(other).rejects.toThrow('bad request');
    await expect(after).resolves.toBe('served');
  });
});

describe('gate lines', () => {
  const hold = () => {
    let open!: () => void;
    const done = new Promise<void>((r) => (open = r));
    return { done, open };
  };

  it("serves each lane in turn, so one lane's flood does not wait in front of another lane", async () => {
    const g = gate(1, 5_000);
    const first = hold();
    const order: string[] = [];
    const running = g.run(() => first.done, { lane: 'flood' });
    const calls = [
      ...Array.from({ length: 5 }, (_, i) => g.run(async () => void order.push(`flood${i}`), { lane: 'flood' })),
      g.run(async () => void order.push('other'), { lane: 'other' }),
    ];
    first.open();
    await Promise.all([running, ...calls]);
    expect(order.indexOf('other')).toBeLessThanOrEqual(1);
  });

  it('serves priority calls before any waiting lane', async () => {
    const g = gate(1, 5_000);
    const first = hold();
    const order: string[] = [];
    const running = g.run(() => first.done, { lane: 'a' });
    const calls = [
      g.run(async () => void order.push('a'), { lane: 'a' }),
      g.run(async () => void order.push('b'), { lane: 'b' }),
      g.run(async () => void order.push('tokens'), { priority: true }),
    ];
    first.open();
    await Promise.all([running, ...calls]);
    expect(order[0]).toBe('tokens');
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
  });

  it('a lane whose waiter timed out leaves no empty line behind', async () => {
    const g = gate(1, 20);
    const first = hold();
    const running = g.run(() => first.done, { lane: 'a' });
    await expect(g.run(async () => 1, { lane: 'b' })).rejects.toBeInstanceOf(GateTimeout);
    first.open();
    await running;
    expect(g.stats).toEqual({ active: 0, waiting: 0 });
  });
});
