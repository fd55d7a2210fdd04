// `npx tsx --conditions=react-server scripts/bench/profile.ts [list|find|details|tokens] [requests]`: one
// console under a CPU profiler (V8's --cpu-prof) answering one kind of request many times against a
// 2,000-recording Azurite, then the functions that took the most of its CPU, by self time and by
// package. The profile itself stays in bench/data/profiles/ for Chrome's DevTools. It profiles the
// build already there (`npm run build`, or any bench run, makes it). `PROFILE_BUILD=1 npm run build`
// builds the server unminified (next.config.js), so the profile names the console's own functions.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './args';
import { consoleFind } from './find';
import { consoleList } from './list';
import { request } from './http';
import { openStack } from './stack';
import { generateTokens } from './tokens';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] };

const kind = process.argv[2] ?? 'list';
const count = Number(process.argv[3] ?? 400);
const dir = path.join(root, 'bench', 'data', 'profiles', `${kind}-${Date.now()}`);
mkdirSync(dir, { recursive: true });

function where(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('.next/server')) return 'app (.next/server)';
  if (url.startsWith('node:') || !url) return url || '(native)';
  return path.relative(root, url.replace('file://', ''));
}

async function main() {
  const s = await openStack(2000, 0, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const name = s.recs[700]!.name;
  const one = {
    list: () => consoleList(s),
    find: () => consoleFind(s),
    tokens: () => generateTokens(s),
    details: () =>
      request(`${s.base}/api/blobs/details?${new URLSearchParams({ container: 'recordings', name })}`, 'details', { headers: s.headers }),
  }[kind];
  if (!one) throw new Error('profile takes list, find, details or tokens');
  for (let i = 0; i < 20; i++) await one();
  const t = performance.now();
  // V8's sample times and hrtime are both the monotonic clock, so the warm-up (module loading) is left out.
  const from = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < count; i++) await one();
  const to = Number(process.hrtime.bigint() / 1000n);
  console.log(`[profile] ${count} ${kind} requests in ${(performance.now() - t).toFixed(0)} ms`);
  await s.close();
  await new Promise((r) => setTimeout(r, 2000));
  // The server process's profile is the largest (tsx's launcher writes one too).
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const biggest = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!biggest) throw new Error(`no profile in ${dir}`);
  const profile = JSON.parse(readFileSync(biggest, 'utf8')) as {
    nodes: Node[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  // Hits within the measured window only.
  const hits = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    if (at >= from && at <= to) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const self = (n: Node) => hits.get(n.id) ?? 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const total = profile.nodes.reduce((a, n) => a + self(n), 0);
  const idleNames = ['(idle)', '(program)', '(root)'];
  const idle = profile.nodes.filter((n) => idleNames.includes(n.callFrame.functionName)).reduce((a, n) => a + self(n), 0);
  const keyOf = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  const inclusive = new Map<string, number>();
  // Inclusive time: a frame counts once per sample even when it recurses.
  const walk = (n: Node, onStack: Set<string>): number => {
    const key = keyOf(n);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let sum = self(n);
    for (const c of n.children ?? []) sum += walk(byId.get(c)!, onStack);
    if (fresh) {
      onStack.delete(key);
      if (!idleNames.includes(n.callFrame.functionName)) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0]!, new Set());
  for (const n of profile.nodes) {
    if (idleNames.includes(n.callFrame.functionName)) continue;
    byFn.set(keyOf(n), (byFn.get(keyOf(n)) ?? 0) + self(n));
    byPkg.set(where(n.callFrame.url), (byPkg.get(where(n.callFrame.url)) ?? 0) + self(n));
  }
  const busy = total - idle;
  const sampleUs = (to - from) / Math.max(1, total);
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, hits]) => `${((hits / busy) * 100).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n');
  console.log(
    `[profile] ${biggest}\n[profile] busy ${((busy / total) * 100).toFixed(0)}% of samples\n\nBy package (self time):\n${top(byPkg, 15)}`,
  );
  console.log(`\nBy function (self time):\n${top(byFn, 30)}`);
  console.log(`\nBy function (inclusive time):\n${top(inclusive, 50)}`);
  console.log(`\n[profile] CPU per request: ${((busy * sampleUs) / count / 1000).toFixed(2)} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
