// What a bench run found: the table's rows and the JSON figures, filled in by the phases.
import { cpuSeconds } from './processes';
import { median, ms, pct, timed } from './stats';

export type Row = { figure: string; console: string; raw: string; ratio: string; goal: string; met?: boolean };
export const rows: Row[] = [];
export const json: Record<string, unknown> = {};
/** Paragraphs printed under the table (how to read a group of figures). */
export const notes: string[] = [];
/** Console minus raw per figure (the `added…` figures of latest.json), in the order measured. */
export const added: Record<
  string,
  { addedP50Ms: number; addedP95Ms: number; consoleP50Ms: number; rawP50Ms: number; ratio: number; serverCpuMs?: number }
> = {};

export const log = (m: string) => console.log(`[bench] ${m}`);

/**
 * Console against raw storage, `runs` times after one warm-up each, alternating so drift hits both
 * alike. The added cost is taken pair by pair (console minus the raw call right after it), so a slow
 * spell of the machine falls on both halves of a pair rather than on one side's median.
 */
export async function sideBySide(
  name: string,
  consoleFn: () => Promise<unknown>,
  rawFn: () => Promise<unknown>,
  opts: { runs: number; goal?: number; addedGoalMs?: number; serverPid?: number },
) {
  await consoleFn();
  await rawFn();
  const c: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    c.push(await timed(consoleFn));
    r.push(await timed(rawFn));
  }
  const diffs = c.map((x, i) => x - r[i]!);
  // The console server's CPU per request, over enough requests that the clock's 10 ms ticks do not
  // matter: on 2 shared cores it is what the added milliseconds are made of, and steadier than them.
  let serverCpuMs: number | undefined;
  if (opts.serverPid) {
    const count = 150;
    const before = cpuSeconds(opts.serverPid);
    for (let i = 0; i < count; i++) await consoleFn();
    serverCpuMs = ((cpuSeconds(opts.serverPid) - before) * 1000) / count;
  }
  const ratio = median(c) / median(r);
  const [addedP50, addedP95] = [pct(diffs, 50), pct(diffs, 95)];
  const goal = opts.goal ?? 1.25;
  const addedGoal = opts.addedGoalMs ?? 3;
  rows.push({
    figure: `${name}: added p50 / p95 (console minus raw, pair by pair)`,
    console: `${ms(addedP50)} / ${ms(addedP95)}`,
    raw: '',
    ratio: '',
    goal: `p50 ≤ ${addedGoal} ms`,
    met: addedP50 <= addedGoal,
  });
  rows.push({ figure: name, console: ms(median(c)), raw: ms(median(r)), ratio: ratio.toFixed(2), goal: `≤ ${goal}`, met: ratio <= goal });
  if (serverCpuMs !== undefined)
    rows.push({
      figure: `${name}: console server CPU per request (150 in a row)`,
      console: `${serverCpuMs.toFixed(2)} ms`,
      raw: '',
      ratio: '',
      goal: '',
    });
  added[name] = { addedP50Ms: addedP50, addedP95Ms: addedP95, consoleP50Ms: median(c), rawP50Ms: median(r), ratio, serverCpuMs };
  json[name] = {
    consoleMs: c,
    rawMs: r,
    medianConsoleMs: median(c),
    medianRawMs: median(r),
    ratio,
    addedP50Ms: addedP50,
    addedP95Ms: addedP95,
    serverCpuMs,
  };
  log(
    `${name}: console ${ms(median(c))}, raw ${ms(median(r))}, ratio ${ratio.toFixed(2)}, added p50 ${ms(addedP50)} p95 ${ms(addedP95)}${serverCpuMs === undefined ? '' : `, server CPU ${serverCpuMs.toFixed(2)} ms a request`}`,
  );
}
