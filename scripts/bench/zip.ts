// Zip downloads against raw sequential downloads.
import { expectOk } from './http';
import { cpuList, cpuPlan, pinLayout, type Layout } from './pinning';
import { cpuDuring, processIdle, rssMiB } from './processes';
import { json, log, notes, rows } from './results';
import type { Stack } from './stack';
import { median, ms } from './stats';

function zipper(s: Stack) {
  let planMs: number[] = [];
  const zipOnce = async (names: string[]) => {
    let bytes = 0;
    const t = performance.now();
    const res = await expectOk(
      await fetch(`${s.base}/api/blobs/zip`, {
        method: 'POST',
        headers: { ...s.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ container: 'recordings', names }),
      }),
      'zip',
    );
    planMs.push(performance.now() - t);
    for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    return bytes;
  };
  const rawOnce = async (names: string[]) => {
    let bytes = 0;
    for (const n of names) {
      const res = await expectOk(await fetch(`${s.blobEndpoint}/recordings/${n}?${s.sas}`), 'raw download');
      for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    }
    return bytes;
  };
  return {
    zipOnce,
    rawOnce,
    planMs: () => planMs,
    resetPlan: () => {
      planMs = [];
    },
  };
}

export const zipNames = (count: number) => Array.from({ length: count }, (_, i) => `bench-zip/${String(i).padStart(4, '0')}.mp3.bin`);

// Zip downloads against raw sequential downloads: median throughput of runs each, alternated,
// after a warm-up; the server's peak memory over all of them; where the CPU goes.
// The zip answers once its first blob has answered; the time to its first byte is kept apart
// so the streaming shows on its own.
export async function benchZip(s: Stack, runs: number, gibs: number[]) {
  const { zipOnce, rawOnce, planMs, resetPlan } = zipper(s);
  await zipOnce(zipNames(20));
  await rawOnce(zipNames(20));
  const pinned = { server: s.serverPid, storage: s.az.blobPid, client: process.pid };
  const plan = cpuPlan(pinned);
  let zipLayoutsMeasured: Layout[] = plan ? ['own-core', 'shared'] : ['shared'];
  if (!plan) log('zip: cannot pin processes to CPUs here (taskset, 2 CPUs allowed), so only the shared layout is measured');
  const layoutLabel = {
    'own-core': 'console on its own core (storage and client on another, for raw too)',
    shared: 'storage, console and client sharing all cores',
  };
  for (const gib of gibs) {
    const names = zipNames(gib * 200);
    const baseline = rssMiB(s.serverPid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(s.serverPid))), 50);
    const pids = { server: s.serverPid, azurite: s.az.blobPid };
    type Run = Awaited<ReturnType<typeof cpuDuring>> & { bytes: number; mibps: number };
    const measure = async (fn: (names: string[]) => Promise<number>): Promise<Run> => {
      let bytes = 0;
      const run = await cpuDuring(pids, async () => (bytes = await fn(names)));
      return { ...run, bytes, mibps: bytes / 1048576 / (run.ms / 1000) };
    };
    const middle = (runs: Run[]) => [...runs].sort((a, b) => a.mibps - b.mibps)[Math.floor(runs.length / 2)]!;
    // Where the CPU goes: seconds per GiB of each process.
    const perGiB = (run: Run) =>
      Object.fromEntries(Object.entries(run.cpu).map(([k, v]) => [k, Number((v / (run.bytes / 1024 ** 3)).toFixed(2))])) as Run['cpu'];
    const figures: Record<string, unknown> = {};
    // Layouts take turns run by run (zip, then raw, in each), so a slow spell of this noisy machine
    // falls on both rather than on one layout's whole batch. Each layout is warmed up first, once
    // the server and Azurite are idle (what earlier phases left, say a large heap to collect, would
    // otherwise be charged to the first runs).
    const use = (layout: Layout) => !plan || pinLayout(layout, pinned, plan);
    for (const layout of [...zipLayoutsMeasured]) {
      if (!use(layout)) {
        log(`zip: pinning for the ${layout} layout failed, so it is left out`);
        zipLayoutsMeasured = zipLayoutsMeasured.filter((l) => l !== layout);
        continue;
      }
      const settled = Math.max(...(await Promise.all([processIdle(s.serverPid), processIdle(s.az.blobPid)])));
      log(
        `zip ${gib} GiB, ${layout}: CPUs ${plan ? `server ${cpuList(s.serverPid)}, Azurite ${cpuList(s.az.blobPid)}, client ${cpuList(process.pid)}` : 'as given'}; server and Azurite idle after ${ms(settled)}`,
      );
      await zipOnce(names);
      await rawOnce(names);
    }
    const measured = zipLayoutsMeasured;
    const runsOf = Object.fromEntries(measured.map((l) => [l, { zips: [] as Run[], raws: [] as Run[], firstByte: [] as number[] }]));
    for (let i = 0; i < runs; i++) {
      for (const layout of measured) {
        use(layout);
        resetPlan();
        runsOf[layout]!.zips.push(await measure(zipOnce));
        runsOf[layout]!.firstByte.push(...planMs());
        runsOf[layout]!.raws.push(await measure(rawOnce));
      }
    }
    for (const layout of measured) {
      const { zips, raws, firstByte } = runsOf[layout]!;
      const [zip, raw] = [middle(zips), middle(raws)];
      const ratio = zip.mibps / raw.mibps;
      const [zipCpu, rawCpu] = [perGiB(zip), perGiB(raw)];
      const streamRate = zip.bytes / 1048576 / ((zip.ms - median(firstByte)) / 1000);
      const judged = layout === measured[0];
      const spread = (runs: Run[]) =>
        `${Math.min(...runs.map((r) => r.mibps)).toFixed(0)}–${Math.max(...runs.map((r) => r.mibps)).toFixed(0)}`;
      rows.push({
        figure: `Zip of ${gib} GiB (${names.length} × 5 MiB), throughput: ${layoutLabel[layout]}`,
        console: `${zip.mibps.toFixed(0)} MiB/s (runs ${spread(zips)})`,
        raw: `${raw.mibps.toFixed(0)} MiB/s (runs ${spread(raws)})`,
        ratio: ratio.toFixed(2),
        ...(judged ? { goal: '≥ 0.8', met: ratio >= 0.8 } : { goal: '' }),
      });
      rows.push({
        figure: `Zip of ${gib} GiB, ${layout}: its first byte after, then streaming`,
        console: `${ms(median(firstByte))}, then ${streamRate.toFixed(0)} MiB/s`,
        raw: `${raw.mibps.toFixed(0)} MiB/s`,
        ratio: (streamRate / raw.mibps).toFixed(2),
        goal: '',
      });
      rows.push({
        figure: `Zip of ${gib} GiB, ${layout}: CPU seconds per GiB, console server / Azurite / client`,
        console: `${zipCpu.server} / ${zipCpu.azurite} / ${zipCpu.client}`,
        raw: `– / ${rawCpu.azurite} / ${rawCpu.client}`,
        ratio: '',
        goal: '',
      });
      if (judged) {
        rows.push({
          figure: `Zip of ${gib} GiB: what one core of the console server relays at that CPU cost`,
          console: `${(1024 / zipCpu.server).toFixed(0)} MiB/s`,
          raw: '',
          ratio: '',
          goal: '',
        });
      }
      figures[layout] = {
        zipMiBps: zips.map((r) => r.mibps),
        rawMiBps: raws.map((r) => r.mibps),
        ratio,
        firstByteMs: firstByte,
        streamMiBps: streamRate,
        cpuSecondsPerGiB: { zip: zipCpu, raw: rawCpu },
        serverCpuSecondsPerGiBByRun: zips.map((r) => Number((r.cpu.server / (r.bytes / 1024 ** 3)).toFixed(2))),
      };
      log(
        `zip ${gib} GiB, ${layout}: ${zip.mibps.toFixed(0)} vs raw ${raw.mibps.toFixed(0)} MiB/s (ratio ${ratio.toFixed(2)}; runs ${spread(zips)} vs ${spread(raws)}); first byte after ${ms(median(firstByte))}, then ${streamRate.toFixed(0)} MiB/s`,
      );
      log(
        `zip ${gib} GiB, ${layout}, CPU s/GiB: console server ${zipCpu.server}, Azurite ${zipCpu.azurite}, client ${zipCpu.client}; raw: Azurite ${rawCpu.azurite}, client ${rawCpu.client}`,
      );
    }
    if (plan) pinLayout('shared', pinned, plan);
    clearInterval(sampler);
    const totalRuns = runs * zipLayoutsMeasured.length;
    rows.push({
      figure: `Zip of ${gib} GiB: server peak RSS over ${totalRuns} runs and ${zipLayoutsMeasured.length} warm-ups (before: ${baseline.toFixed(0)} MiB)`,
      console: `${peak.toFixed(0)} MiB`,
      raw: '',
      ratio: '',
      goal: '≤ 250 MiB',
      met: peak <= 250,
    });
    json[`zip ${gib} GiB`] = { ...figures, baselineRssMiB: baseline, peakRssMiB: peak };
    log(`zip ${gib} GiB: peak RSS ${peak.toFixed(0)} MiB (before ${baseline.toFixed(0)} MiB)`);
  }

  notes.push(
    zipLayoutsMeasured.includes('own-core')
      ? "Zip layouts. *own-core*: the console server pinned to one CPU, Azurite and the client to another, in the zip runs and the raw runs alike, as when the console runs on its own host; the goal is judged here. Both runs are then bound by the CPU that storage and the client share, so a ratio near 1 says the console, on its own core, kept up with them. *shared*: all three share the same CPUs, so the relay's copying takes CPU from storage and the client (the zip path costs about twice raw's CPU per GiB, so on 2 cores it gets about half of raw's throughput); shown for comparison."
      : "Zip layout: storage, the console and the client share the same CPUs (pinning was unavailable), so the relay's copying takes CPU from storage and the client.",
  );
}
