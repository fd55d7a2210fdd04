// Load: 50 signed-in clients listing and finding, for a bounded time, on loopback only; then
// the same load sent to storage directly, to tell the console's limits from the emulator's.
import { consoleList, rawList } from './list';
import { consoleFind, rawFind } from './find';
import { json, log, rows } from './results';
import type { Stack } from './stack';
import { ms, pct } from './stats';

export async function benchLoad(s: Stack, seconds: number, clients: number) {
  const load = async (list: () => Promise<unknown>, find: () => Promise<unknown>) => {
    const latencies: number[] = [];
    let errors = 0;
    const kinds: Record<string, number> = {};
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = 0; performance.now() < until; i++) {
          const t = performance.now();
          try {
            if ((client + i) % 2 === 0) await list();
            else await find();
            latencies.push(performance.now() - t);
          } catch (error) {
            errors++;
            const kind = (error instanceof Error ? error.message : String(error)).slice(0, 120);
            kinds[kind] = (kinds[kind] ?? 0) + 1;
          }
        }
      }),
    );
    return {
      requests: latencies.length,
      rps: latencies.length / seconds,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      errors,
      errorKinds: kinds,
    };
  };
  const consoleLoad = await load(
    () => consoleList(s),
    () => consoleFind(s),
  );
  const rawLoad = await load(
    () => rawList(s),
    () => rawFind(s),
  );
  const describe = (l: typeof consoleLoad) => `${l.rps.toFixed(0)} req/s, p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, ${l.errors} errors`;
  rows.push({
    figure: `Load: ${clients} clients listing and finding for ${seconds} s`,
    console: describe(consoleLoad),
    raw: describe(rawLoad),
    ratio: (consoleLoad.rps / rawLoad.rps).toFixed(2),
    goal: 'no errors',
    met: consoleLoad.errors === 0,
  });
  json.load = { clients: clients, seconds: seconds, console: consoleLoad, raw: rawLoad };
  log(`load: console ${describe(consoleLoad)}; raw ${describe(rawLoad)}`);
  for (const [side, run] of [
    ['console', consoleLoad],
    ['raw', rawLoad],
  ] as const) {
    for (const [kind, count] of Object.entries(run.errorKinds)) log(`load error (${side}) ×${count}: ${kind}`);
  }
}
