// `npm run bench [-- --sizes 2000,100000 --runs 7 --load-seconds 30 --zip-gib 1,2 --only list,find,details,tokens,zip,tracing,browser,load,interactions]`:
// the console's cost over raw storage, measured side by side in one run, on Azurite of its own for
// each container size (loopback only, bounded in time). Prints a table; a full run (no --only) also
// writes bench/results/latest.{md,json}. Figures are printed, never asserted.
// The phases live in scripts/bench/, one file each; the report in scripts/bench/report.ts.
import { benchInteractions } from './bench-interactions';
import { PER_SIZE, PHASES, options, phase, root } from './bench/args';
import { benchBrowser } from './bench/browser';
import { benchDetails, benchFind } from './bench/find';
import { benchList } from './bench/list';
import { benchLoad } from './bench/load';
import { descendants, rssMiB, stopAll, storageIdle } from './bench/processes';
import { report } from './bench/report';
import { json, log, rows } from './bench/results';
import { openStack } from './bench/stack';
import { benchTokens } from './bench/tokens';
import { benchTracing } from './bench/tracing';
import { benchZip } from './bench/zip';

process.on('SIGINT', () => (stopAll(), process.exit(130)));

/** Where storage answers in a few ms, more pairs are cheap and steady the p95. */
const runsAt = (n: number) => (n <= 10_000 ? Math.max(options.runs, 31) : options.runs);

async function main() {
  const perSize = PER_SIZE.some(phase);
  const sizes = perSize ? options.sizes : options.sizes.slice(0, 1);
  const needsRecordings = PHASES.some((p) => p !== 'interactions' && phase(p));
  for (const [i, size] of sizes.entries()) {
    const first = i === 0;
    const zipBlobs = first && (phase('zip') || phase('tracing')) ? Math.max(0, ...options.zipGib) * 200 : 0;
    const s = await openStack(needsRecordings ? size : 0, zipBlobs);
    try {
      const runs = runsAt(size);
      if (phase('list')) await benchList(s, runs);
      if (phase('find')) await benchFind(s, runs);
      if (phase('details')) await benchDetails(s, runs);
      if (!first) continue;
      // The rest runs once, on the smallest container, where the console's own cost shows.
      if (phase('tokens')) await benchTokens(s, options.runs);
      if (phase('zip')) await benchZip(s, options.runs, options.zipGib);
      if (phase('tracing')) await benchTracing(s, options.runs);
      if (phase('browser')) await benchBrowser(s, options.runs);
      // Work the browser pages left behind (an emulator cannot cancel an abandoned listing) must not
      // be counted against whichever load run comes first.
      if (phase('load')) {
        await storageIdle(`${s.blobEndpoint}/recordings?restype=container&${s.sas}`);
        await benchLoad(s, options.loadSeconds, options.loadClients);
      }
      if (phase('interactions')) {
        const measured = await benchInteractions(
          {
            service: s.service,
            connection: s.connection,
            root,
            base: s.base,
            headers: s.headers,
            serverPid: s.serverPid,
            runs: options.runs,
            rssMiB,
            descendants: (pid) => descendants(pid).map((p) => p.pid),
            log,
          },
          { perDay: options.interactionsPerDay },
        );
        rows.push(...measured.rows);
        json.interactions = measured.json;
      }
    } finally {
      await s.close();
    }
  }
  report();
}

main().catch((error: unknown) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  stopAll();
  process.exitCode = 1;
});
