// The interactions phase of `npm run bench`: 30 days of GIM export at 5,000 interactions a day
// (150,000 in all, in 90 chunks as the export writes them) indexed by the console's own server, and
// the first results page searched by customer address over 30 days and by a one-day range.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BlobServiceClient } from '@azure/storage-blob';
import { chunkBlobName, chunkZip, exportChunks, syntheticInteractions } from '../lib/demo/gim-export';

export type BenchRow = { figure: string; console: string; raw: string; ratio: string; goal: string; met?: boolean };
type Ctx = {
  service: BlobServiceClient;
  connection: string;
  root: string;
  base: string;
  headers: Record<string, string>;
  serverPid: number;
  runs: number;
  rssMiB: (pid: number) => number;
  descendants: (pid: number) => number[];
  log: (m: string) => void;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchInteractions(
  ctx: Ctx,
  opts: { days?: number; perDay?: number } = {},
): Promise<{ rows: BenchRow[]; json: Record<string, unknown> }> {
  const days = opts.days ?? 30;
  const perDay = opts.perDay ?? 5_000;
  const anchor = new Date();
  const interactions = syntheticInteractions({ anchor, days, perDay });
  const chunks = exportChunks(interactions, { anchor });
  const gim = ctx.service.getContainerClient('gim-export');
  await gim.createIfNotExists();
  let bytes = 0;
  for (const chunk of chunks) {
    const body = chunkZip(chunk);
    bytes += body.length;
    await gim.uploadBlockBlob(chunkBlobName(chunk), body, body.length);
  }
  ctx.log(
    `interactions: uploaded ${chunks.length} chunks, ${interactions.length.toLocaleString('en-US')} interactions, ${(bytes / 1024 ** 2).toFixed(1)} MiB of zips`,
  );

  // Indexed by a console process of its own (scripts/index-once.ts, the code `npm start` runs at
  // start), so its memory is the indexer's alone.
  const t = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(ctx.root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', 'scripts/index-once.ts'],
    {
      cwd: ctx.root,
      // With the allocator settings `npm start` runs its indexer (and the server) with (package.json, docs/measurements.md).
      env: {
        ...process.env,
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
        MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
        AZURE_STORAGE_CONNECTION_STRING: ctx.connection,
        AUTH_SECRET: 'x'.repeat(32),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      // tsx runs the script in a child of its own: the largest process under it is the indexer.
      peak = Math.max(peak, ctx.rssMiB(child.pid!), ...ctx.descendants(child.pid!).map((p) => ctx.rssMiB(p)));
    } catch {
      // A process that just ended.
    }
  }, 100);
  await new Promise((resolve) => child.once('exit', resolve));
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    outcome: string;
    rows: number;
    chunks: number;
    failed: number;
    message?: string;
  };
  if (result.outcome !== 'ok') throw new Error(`indexing answered ${JSON.stringify(result)}`);
  const perSecond = result.rows / seconds;
  ctx.log(
    `interactions: indexed ${result.rows} rows from ${result.chunks} chunks in ${seconds.toFixed(1)} s (${Math.round(perSecond)} rows/s), indexer peak RSS ${peak.toFixed(0)} MiB`,
  );

  const search = async (criteria: Record<string, string>) => {
    const t0 = performance.now();
    const r = await fetch(`${ctx.base}/api/interactions/search`, {
      method: 'POST',
      headers: { ...ctx.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ search: { zone: 'UTC', ...criteria }, pageSize: 50 }),
    });
    const page = (await r.json()) as { items?: unknown[]; error?: string };
    if (!r.ok || !page.items?.length) throw new Error(`search answered ${r.status}: ${JSON.stringify(page).slice(0, 200)}`);
    return performance.now() - t0;
  };
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const to = Math.ceil(anchor.getTime() / 3_600_000) * 3_600_000;
  const customer = interactions[0]!.customer;
  const day = Date.parse(`${new Date(to - 3 * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);
  const timings = { customer: [] as number[], day: [] as number[] };
  await search({ from: local(to - days * 86_400_000), to: local(to), customer });
  await search({ from: local(day), to: local(day + 86_400_000) });
  for (let i = 0; i < ctx.runs; i++) {
    timings.customer.push(await search({ from: local(to - days * 86_400_000), to: local(to), customer: `+${customer}` }));
    timings.day.push(await search({ from: local(day), to: local(day + 86_400_000) }));
  }
  const p50 = { customer: median(timings.customer), day: median(timings.day) };
  ctx.log(`interactions: first page p50 by customer over ${days} days ${p50.customer.toFixed(0)} ms, by one day ${p50.day.toFixed(0)} ms`);
  const n = interactions.length.toLocaleString('en-US');
  return {
    rows: [
      {
        figure: `Interactions: indexing ${n} (${days} days × ${perDay.toLocaleString('en-US')}, ${chunks.length} chunks)`,
        console: `${Math.round(perSecond)} rows/s`,
        raw: '',
        ratio: '',
        goal: '≥ 2,000 rows/s',
        met: perSecond >= 2_000,
      },
      {
        figure: 'Interactions: indexer process peak RSS (scripts/index-once.ts, the code `npm start` runs)',
        console: `${peak.toFixed(0)} MiB`,
        raw: '',
        ratio: '',
        goal: '≤ 300 MiB',
        met: peak <= 300,
      },
      {
        figure: `Interactions: first page (50), by customer address over ${days} days, p50`,
        console: `${p50.customer.toFixed(0)} ms`,
        raw: '',
        ratio: '',
        goal: '≤ 300 ms',
        met: p50.customer <= 300,
      },
      {
        figure: 'Interactions: first page (50), a one-day range, p50',
        console: `${p50.day.toFixed(0)} ms`,
        raw: '',
        ratio: '',
        goal: '≤ 300 ms',
        met: p50.day <= 300,
      },
    ],
    json: {
      interactions: interactions.length,
      chunks: chunks.length,
      zipBytes: bytes,
      indexSeconds: seconds,
      rowsPerSecond: perSecond,
      rows: result.rows,
      peakRssMiB: peak,
      searchMs: timings,
      p50,
    },
  };
}
