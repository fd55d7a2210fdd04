// The run's table, printed and written to bench/results/: the added milliseconds first, then the rest.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { options, root } from './args';
import { added, json, log, notes, rows } from './results';

function version(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

export function report() {
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    next: version('next'),
    azurite: version('azurite'),
    storageBlob: version('@azure/storage-blob'),
    recordings: options.sizes,
    runsPerFigure: options.runs,
  };
  const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');
  const table = [
    '| Figure | Console | Raw storage | Ratio | Goal |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.figure} | ${r.console} | ${r.raw} | ${r.ratio} | ${r.goal}${mark(r.met)} |`),
  ].join('\n');
  const addedTable = Object.keys(added).length
    ? [
        '## What the console adds (console minus raw, pair by pair, same run)',
        '',
        '| Call | Added p50 | Added p95 | Console p50 | Raw p50 | Ratio |',
        '|---|---|---|---|---|---|',
        ...Object.entries(added).map(
          ([name, a]) =>
            `| ${name} | ${a.addedP50Ms.toFixed(1)} ms | ${a.addedP95Ms.toFixed(1)} ms | ${a.consoleP50Ms.toFixed(1)} ms | ${a.rawP50Ms.toFixed(1)} ms | ${a.ratio.toFixed(2)} |`,
        ),
        '',
        '## Every figure',
        '',
        '',
      ].join('\n')
    : '';
  const sizes = options.sizes.map((n) => n.toLocaleString('en-US')).join(' and ');
  const md = `# Benchmark results\n\n${machine.date} · ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB · Node ${machine.node} · Next.js ${machine.next} · Azurite ${machine.azurite} · @azure/storage-blob ${machine.storageBlob} · ${sizes} recordings · ${options.runs} runs or more a figure after a warm-up, console and raw alternated\n\n${addedTable}${table}\n${notes.map((n) => `\n${n}\n`).join('')}`;
  console.log(`\n${md}`);
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const body = `${JSON.stringify({ machine, added, figures: json }, null, 2)}\n`;
  // A partial run keeps latest.* as they are and writes its own files (e.g. only-interactions.md).
  const name = options.only ? `only-${[...options.only].sort().join('-')}` : 'latest';
  writeFileSync(path.join(dir, `${name}.md`), md);
  writeFileSync(path.join(dir, `${name}.json`), body);
  log(`written to bench/results/${name}.md and .json${options.only ? ' (a partial run: latest.* left as they were)' : ''}`);
}
