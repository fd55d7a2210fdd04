// `npm run bench [-- --n 100000 --runs 7 --load-seconds 30 --zip-gib 1,2 --only list,find,tokens,zip,tracing,browser,load,interactions]`:
// the console's cost over raw storage, measured side by side in one run on its own Azurite (loopback
// only, bounded in time). Prints a table; a full run (no --only) also writes bench/results/latest.{md,json}.
// Figures are printed, never asserted.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http, { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from '@azure/storage-blob';
import { chromium } from '@playwright/test';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteConnectionString } from '../lib/config';
import { mapLimit } from '../lib/concurrency';
import { demoRecordings } from '../lib/demo/recordings';
import { freePort, waitForPort } from '../lib/testing/azurite';
import { benchInteractions } from './bench-interactions';

const root = path.resolve(__dirname, '..');
const args = new Map(
  process.argv
    .slice(2)
    .flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1] && !all[i + 1]!.startsWith('--') ? all[i + 1]! : 'true']] : [])),
);
const N = Number(args.get('n') ?? 100_000);
const RUNS = Math.max(5, Number(args.get('runs') ?? 7));
const LOAD_SECONDS = Math.min(60, Number(args.get('load-seconds') ?? 30));
const LOAD_CLIENTS = 50;
const ZIP_GIB = (args.get('zip-gib') ?? '1,2')
  .split(',')
  .map(Number)
  .filter((g) => g > 0 && g <= 4);
const PHASES = ['list', 'find', 'tokens', 'zip', 'tracing', 'browser', 'load', 'interactions'] as const;
const ONLY = args.has('only') ? new Set(args.get('only')!.split(',')) : undefined;
for (const p of ONLY ?? []) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only takes ${PHASES.join(', ')}; not ${p}`);
const phase = (name: (typeof PHASES)[number]) => !ONLY || ONLY.has(name);
const BLOB_5MIB = 5 * 1024 * 1024;
const TENANT = 'mytenant';

const children: ChildProcess[] = [];
const log = (m: string) => console.log(`[bench] ${m}`);

function stopAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('SIGINT', () => (stopAll(), process.exit(130)));

type Row = { figure: string; console: string; raw: string; ratio: string; goal: string; met?: boolean };
const rows: Row[] = [];
let zipLayoutsMeasured: Layout[] = [];
const json: Record<string, unknown> = {};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Median of RUNS timings after one warm-up, alternating console and raw so drift hits both alike. */
async function sideBySide(name: string, consoleFn: () => Promise<unknown>, rawFn: () => Promise<unknown>, goal: number) {
  await consoleFn();
  await rawFn();
  const c: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    c.push(await timed(consoleFn));
    r.push(await timed(rawFn));
  }
  const ratio = median(c) / median(r);
  rows.push({ figure: name, console: ms(median(c)), raw: ms(median(r)), ratio: ratio.toFixed(2), goal: `≤ ${goal}`, met: ratio <= goal });
  json[name] = { consoleMs: c, rawMs: r, medianConsoleMs: median(c), medianRawMs: median(r), ratio };
  log(`${name}: console ${ms(median(c))}, raw ${ms(median(r))}, ratio ${ratio.toFixed(2)}`);
}

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

/**
 * A GET or POST the way a browser makes it for the list and find figures: keep-alive, gzip
 * accepted and decoded in one go. (fetch decodes gzip through a stream, which cost this client
 * ~2 ms a compressed answer that a browser does not pay; raw storage answers are not compressed.)
 */
const benchAgent = new http.Agent({ keepAlive: true });
function request(
  url: string,
  what: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'GET', agent: benchAgent, headers: { 'Accept-Encoding': 'gzip', ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`${what} answered ${res.statusCode}: ${text.slice(0, 300)}`));
          else resolve(text);
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function startAzurite(location: string) {
  const [blobPort, tablePort] = [await freePort(), await freePort()];
  // In memory: with a data folder Azurite rewrites its whole metadata file as it grows, and seeding
  // 100,000 blobs slowed from ~900 to ~35 blobs/s (measured), which says nothing about the console.
  // Its working folder is the run's own data folder, removed afterwards.
  const common = ['--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--loose'];
  const bin = path.join(root, 'node_modules', 'azurite', 'dist', 'src');
  let accessLines = 0;
  let blobPid = 0;
  for (const [service, port] of [
    ['blob', blobPort],
    ['table', tablePort],
  ] as const) {
    const child = spawn(
      process.execPath,
      [path.join(bin, service, 'main.js'), `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), ...common],
      {
        cwd: location,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    // Azurite's access log (one line a request) counts the console's storage round trips.
    child.stdout!.on(
      'data',
      (chunk: Buffer) =>
        (accessLines += chunk
          .toString()
          .split('\n')
          .filter((l) => /"(GET|PUT|POST|DELETE|HEAD|PATCH|MERGE) /.test(l)).length),
    );
    children.push(child);
    if (service === 'blob') blobPid = child.pid!;
  }
  await Promise.all([waitForPort(blobPort, 20_000), waitForPort(tablePort, 20_000)]);
  return { blobPort, tablePort, blobPid, requests: () => accessLines };
}

async function seed(service: BlobServiceClient) {
  const container = service.getContainerClient('recordings');
  await container.createIfNotExists();
  await service.getContainerClient('gim-export').createIfNotExists();
  // The interactions phase brings its own export and needs no recordings.
  const recs = PHASES.some((p) => p !== 'interactions' && phase(p)) ? demoRecordings({ tenant: TENANT, anchor: new Date(), count: N }) : [];
  const body = randomBytes(512);
  const t = performance.now();
  await mapLimit(recs, 64, (r) =>
    container.getBlockBlobClient(r.name).upload(body, body.length, { tags: { RecordingType: r.recordingType, StoredTime: r.storedTime } }),
  );
  const seconds = (performance.now() - t) / 1000;
  log(`seeded ${recs.length} recordings in ${seconds.toFixed(1)} s (${Math.round(recs.length / seconds)} blobs/s)`);
  json.seeding = { blobs: recs.length, seconds, perSecond: recs.length / seconds };
  if (recs.length)
    rows.push({
      figure: `Seeding ${N.toLocaleString('en-US')} recordings (64 in parallel)`,
      console: '',
      raw: `${Math.round(N / seconds)} blobs/s`,
      ratio: '',
      goal: '',
    });

  const zipCount = phase('zip') || phase('tracing') ? Math.max(0, ...ZIP_GIB) * 200 : 0;
  const big = randomBytes(BLOB_5MIB);
  await mapLimit(
    Array.from({ length: zipCount }, (_, i) => i),
    8,
    async (i) => {
      big.writeUInt32LE(i, 0);
      const copy = Buffer.from(big);
      await container
        .getBlockBlobClient(`bench-zip/${String(i).padStart(4, '0')}.mp3.bin`)
        .uploadData(copy, { blockSize: 4 * 1024 * 1024, concurrency: 2 });
    },
  );
  return recs;
}

/** Every process below `pid` (Next.js renames its server process, so it is found by ancestry). */
function descendants(pid: number): { pid: number; cmdline: string }[] {
  const all: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      all.push({ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone
    }
  }
  const out: { pid: number; cmdline: string }[] = [];
  const walk = (p: number) => all.filter((x) => x.ppid === p).forEach((x) => (out.push(x), walk(x.pid)));
  walk(pid);
  return out;
}

/** Waits (at most 2 minutes) until storage answers a cheap request quickly twice in a row. */
async function storageIdle(probe: string) {
  const until = performance.now() + 120_000;
  for (let quick = 0; quick < 2 && performance.now() < until;) {
    const took = await timed(async () => (await fetch(probe, { signal: AbortSignal.timeout(10_000) })).arrayBuffer()).catch(() => Infinity);
    quick = took < 50 ? quick + 1 : 0;
    if (quick < 2) await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Where the zip figures run. 'shared': storage, the console and this client share the cores they were
 * given. 'own-core': the console's server on one CPU, storage and this client on another, in the zip
 * and the raw runs alike. A deployed console runs on its own host, away from both storage and the
 * browser; on a shared 2-core machine a relay's copying takes CPU from storage and the client, so
 * 'shared' measures that contention more than the console's cost. Where pinning is unavailable (no
 * taskset, fewer than 2 CPUs allowed), only 'shared' is measured.
 */
type Layout = 'shared' | 'own-core';
type Pids = { server: number; storage: number; client: number };

/** The CPUs a process may run on, as taskset lists them ("0-3", "0,2"). */
function cpuList(pid: number): string {
  return /:\s*(\S+)\s*$/.exec(execFileSync('taskset', ['--cpu-list', '-p', String(pid)], { encoding: 'utf8' }))![1]!;
}

/** Each process's CPU list as it was (restored by `shared`), and the two CPUs `own-core` uses. */
function cpuPlan(pids: Pids): { original: Record<keyof Pids, string>; storageCpu: string; serverCpu: string } | undefined {
  try {
    const list = cpuList;
    const original = { server: list(pids.server), storage: list(pids.storage), client: list(pids.client) };
    const allowed = original.client.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, i) => String(from! + i));
    });
    if (process.env.BENCH_SWAP) allowed.reverse();
    return allowed.length >= 2 ? { original, storageCpu: allowed[0]!, serverCpu: allowed[1]! } : undefined;
  } catch {
    return undefined;
  }
}

function pinLayout(layout: Layout, pids: Pids, plan: NonNullable<ReturnType<typeof cpuPlan>>): boolean {
  const lists = layout === 'own-core' ? { server: plan.serverCpu, storage: plan.storageCpu, client: plan.storageCpu } : plan.original;
  try {
    for (const key of ['server', 'storage', 'client'] as const) {
      execFileSync('taskset', ['--all-tasks', '--cpu-list', '-p', lists[key], String(pids[key])], { stdio: 'ignore' });
    }
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most 15 s) until `pid` uses under 5% of a core over half a second; returns how long that took, in ms. */
async function processIdle(pid: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSeconds(pid) - before < 0.025 || performance.now() - start > 15_000) return performance.now() - start;
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14 and 15) in clock ticks
}

/** CPU seconds of the console's server, Azurite's blob service and this client while `fn` runs. */
async function cpuDuring(pids: { server: number; azurite: number }, fn: () => Promise<unknown>) {
  const before = { server: cpuSeconds(pids.server), azurite: cpuSeconds(pids.azurite), client: process.cpuUsage() };
  const msTaken = await timed(fn);
  const client = process.cpuUsage(before.client);
  return {
    ms: msTaken,
    cpu: {
      server: cpuSeconds(pids.server) - before.server,
      azurite: cpuSeconds(pids.azurite) - before.azurite,
      client: (client.user + client.system) / 1e6,
    },
  };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function startConsole(connection: string, port: number, password: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', 'scripts/start.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        ...extraEnv,
        AZURE_STORAGE_CONNECTION_STRING: connection,
        AUTH_SECRET: randomBytes(32).toString('base64'),
        ADMIN_USERNAME: 'bench',
        ADMIN_PASSWORD: password,
        PORT: String(port),
        HOST: '127.0.0.1',
        NEXT_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  children.push(child);
  await waitForPort(port, 300_000);
  const server = descendants(child.pid!).find((p) => /next-server|scripts\/serve\.mjs/.test(p.cmdline));
  if (!server) throw new Error(`could not find the Next.js server process among ${JSON.stringify(descendants(child.pid!))}`);
  return server.pid;
}

async function signIn(base: string, password: string): Promise<string> {
  const csrf = await expectOk(await fetch(`${base}/api/auth/csrf`), 'csrf');
  // The proxy and the route both set cookies; as in a browser, the last of each name wins.
  const cookies = new Map(csrf.headers.getSetCookie().map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
  const jar = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar },
    body: new URLSearchParams({ csrfToken, username: 'bench', password, callbackUrl: '/blob-storage' }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`sign-in failed (${res.status} ${res.headers.get('location')})`);
  return session.split(';')[0]!;
}

function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${name}`);
  return id;
}

async function browserFigures(base: string, cookie: string) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const [name, value] = cookie.split('=') as [string, string];
  const state = {
    cookies: [{ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' as const }],
    origins: [],
  };
  // The token form first: visiting /recordings starts listings that a large emulator may still be
  // working through (abandoned, it cannot cancel them) when the next page loads.
  const usable: number[] = [];
  const firstByte: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ storageState: state });
    const tab = await context.newPage();
    const t = performance.now();
    await tab.goto(`${base}/blob-storage`);
    await tab.waitForFunction(() => (document.getElementById('initiation') as HTMLInputElement | null)?.value !== '');
    usable.push(performance.now() - t);
    // Where the time went: the server's first byte of the page, from the browser's navigation timing.
    firstByte.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart));
    await context.close();
  }
  rows.push({
    figure: "Token form usable, cold load in Chromium (median; of which the page's first byte)",
    console: `${ms(median(usable))} (${ms(median(firstByte))})`,
    raw: '',
    ratio: '',
    goal: '',
  });
  json.tokenFormUsableMs = usable;
  json.tokenFormFirstByteMs = firstByte;
  log(`token form usable after ${ms(median(usable))}, first byte after ${ms(median(firstByte))}`);
  for (const page of ['/blob-storage', '/recordings']) {
    const context = await browser.newContext({ storageState: state });
    const tab = await context.newPage();
    const scripts: Promise<number>[] = [];
    tab.on('response', (r) => {
      if (r.request().resourceType() === 'script')
        scripts.push(
          r
            .body()
            .then((b) => gzipSync(b, { level: 9 }).length)
            .catch(() => 0),
        );
    });
    // The Recordings page opens on the tenant's folder: its scripts are the same for any folder, and
    // the emulator takes minutes over a delimiter listing of the container root at 100,000 blobs
    // (which it goes on computing after the console has given up), starving the phases after this.
    await tab.goto(`${base}${page}${page === '/recordings' ? `?prefix=${TENANT}%2F` : ''}`, { waitUntil: 'networkidle' });
    const kb = (await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 1024;
    rows.push({
      figure: `First-load JavaScript of ${page} (gzip)`,
      console: `${kb.toFixed(1)} KB`,
      raw: '',
      ratio: '',
      goal: '≤ 180 KB',
      met: kb <= 180,
    });
    json[`firstLoadJs ${page}`] = { gzipKB: kb };
    log(`first-load JS ${page}: ${kb.toFixed(1)} KB gzip`);
    await context.close();
  }
  await browser.close();
}

async function main() {
  const location = path.join(root, 'bench', 'data', `run-${Date.now()}`);
  mkdirSync(location, { recursive: true });
  try {
    const az = await startAzurite(location);
    const connection = azuriteConnectionString('127.0.0.1', az.blobPort, az.tablePort);
    const blobEndpoint = `http://127.0.0.1:${az.blobPort}/${AZURITE_ACCOUNT}`;
    const service = BlobServiceClient.fromConnectionString(connection);
    const recs = await seed(service);

    const sas = generateAccountSASQueryParameters(
      {
        services: AccountSASServices.parse('b').toString(),
        resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
        permissions: AccountSASPermissions.parse('rlf'),
        expiresOn: new Date(Date.now() + 4 * 3600_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
    ).toString();

    const port = await freePort();
    const password = randomBytes(18).toString('base64url');
    const serverPid = await startConsole(connection, port, password);
    const base = `http://127.0.0.1:${port}`;
    const cookie = await signIn(base, password);
    const headers = { Cookie: cookie, Accept: 'application/json' };

    // 1. Listing: the first page, and a page after 50,000 blobs.
    const rawList = (marker = '') =>
      request(
        `${blobEndpoint}/recordings?restype=container&comp=list&prefix=${TENANT}%2F&delimiter=%2F&include=tags&maxresults=100${marker ? `&marker=${encodeURIComponent(marker)}` : ''}&${sas}`,
        'raw list',
      );
    const consoleList = async (marker = '') =>
      JSON.parse(
        await request(
          `${base}/api/blobs?container=recordings&prefix=${TENANT}%2F&pageSize=100&marker=${encodeURIComponent(marker)}`,
          'console list',
          { headers },
        ),
      ) as unknown;
    // Seeding leaves the emulator busy for a while (its own housekeeping): measure once it is quiet.
    await storageIdle(`${blobEndpoint}/recordings?restype=container&${sas}`);
    if (phase('list')) {
      await sideBySide(
        'List, first page (100 blobs)',
        () => consoleList(),
        () => rawList(),
        1.25,
      );
      let deep = '';
      for (let seen = 0; seen < Math.min(50_000, N - 100); seen += 5000) {
        const xml = await (
          await fetch(
            `${blobEndpoint}/recordings?restype=container&comp=list&prefix=${TENANT}%2F&maxresults=5000${deep ? `&marker=${encodeURIComponent(deep)}` : ''}&${sas}`,
          )
        ).text();
        deep = /<NextMarker>([^<]*)<\/NextMarker>/.exec(xml)?.[1] ?? '';
      }
      await sideBySide(
        `List, a page after ${Math.min(50_000, N - 100).toLocaleString('en-US')} blobs`,
        () => consoleList(deep),
        () => rawList(deep),
        1.25,
      );
    }

    // 2. Find by tags: RecordingType plus a one-day StoredTime range, first page.
    const day = (recs[Math.floor(recs.length / 2)]?.storedTime ?? new Date().toISOString()).slice(0, 10);
    const query = { container: 'recordings', recordingType: 'CALL', storedFrom: `${day}T00:00:00Z`, storedTo: `${day}T23:59:59Z` };
    const where = `@container='recordings' AND RecordingType = 'CALL' AND StoredTime >= '${query.storedFrom}' AND StoredTime < '${query.storedTo}'`;
    const rawFind = () => request(`${blobEndpoint}?comp=blobs&where=${encodeURIComponent(where)}&maxresults=50&${sas}`, 'raw find');
    const consoleFind = async () =>
      JSON.parse(
        await request(`${base}/api/blobs/find`, 'console find', {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ query, pageSize: 50 }),
        }),
      ) as unknown;
    if (phase('find')) {
      await sideBySide('Find by tags, first page (50 results)', consoleFind, rawFind, 1.25);
      // What the page shows: the find, then size, dates and every tag of its rows in one batch. Raw
      // Find Blobs by Tags has no such columns, so this figure has no raw counterpart.
      const findWithProperties = async () => {
        const page = (await consoleFind()) as { blobs: { name: string }[] };
        await expectOk(
          await fetch(`${base}/api/blobs/properties`, {
            method: 'POST',
            headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ container: 'recordings', names: page.blobs.map((b) => b.name) }),
          }),
          'console properties',
        );
      };
      await findWithProperties();
      const enriched: number[] = [];
      for (let i = 0; i < RUNS; i++) enriched.push(await timed(findWithProperties));
      rows.push({
        figure: 'Find by tags page as shown: find + sizes, dates and all tags (median)',
        console: ms(median(enriched)),
        raw: '',
        ratio: '',
        goal: '',
      });
      json.findWithProperties = { ms: enriched, median: median(enriched) };
    }

    if (phase('tokens')) {
      // 3. Token generation through the server action.
      const generate = actionId('generateTokensAction');
      const form = () => {
        const now = new Date();
        const local = (d: Date) => d.toISOString().slice(0, 16);
        return JSON.stringify([
          { initiation: local(now), expiration: local(new Date(now.getTime() + 86_400_000)), timeZone: 'UTC', revoke: true },
        ]);
      };
      const generateOnce = async () => {
        const res = await expectOk(
          await fetch(`${base}/blob-storage`, {
            method: 'POST',
            headers: { Cookie: cookie, 'Next-Action': generate, 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
            body: form(),
          }),
          'generate',
        );
        const text = await res.text();
        if (!text.includes('"issued"')) throw new Error(`generation did not issue: ${text.slice(-600)}`);
      };
      await generateOnce();
      const tokenTimes: number[] = [];
      for (let i = 0; i < Math.max(20, RUNS); i++) tokenTimes.push(await timed(generateOnce));
      await new Promise((r) => setTimeout(r, 300));
      const before = az.requests();
      await generateOnce();
      await new Promise((r) => setTimeout(r, 500));
      const trips = az.requests() - before;
      rows.push({
        figure: 'Token generation via the server action, p50 / p95',
        console: `${ms(pct(tokenTimes, 50))} / ${ms(pct(tokenTimes, 95))}`,
        raw: '',
        ratio: '',
        goal: '',
      });
      rows.push({
        figure: 'Storage round trips per generation (incl. audit and the refreshed status)',
        console: String(trips),
        raw: '',
        ratio: '',
        goal: '',
      });
      json.tokenGeneration = { ms: tokenTimes, p50: pct(tokenTimes, 50), p95: pct(tokenTimes, 95), storageRoundTrips: trips };
      log(`token generation p50 ${ms(pct(tokenTimes, 50))}, p95 ${ms(pct(tokenTimes, 95))}, ${trips} storage round trips`);
    }

    // 4. Zip downloads against raw sequential downloads: median throughput of RUNS each, alternated,
    // after a warm-up; the server's peak memory over all of them; where the CPU goes.
    // The zip answers once its first blob has answered; the time to its first byte is kept apart
    // so the streaming shows on its own.
    let planMs: number[] = [];
    const zipOnce = async (names: string[]) => {
      let bytes = 0;
      const t = performance.now();
      const res = await expectOk(
        await fetch(`${base}/api/blobs/zip`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
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
        const res = await expectOk(await fetch(`${blobEndpoint}/recordings/${n}?${sas}`), 'raw download');
        for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
      }
      return bytes;
    };
    const zipNames = (count: number) => Array.from({ length: count }, (_, i) => `bench-zip/${String(i).padStart(4, '0')}.mp3.bin`);
    if (phase('zip')) {
      await zipOnce(zipNames(20));
      await rawOnce(zipNames(20));
    }
    const pinned = { server: serverPid, storage: az.blobPid, client: process.pid };
    const plan = phase('zip') ? cpuPlan(pinned) : undefined;
    zipLayoutsMeasured = plan ? ['own-core', 'shared'] : ['shared'];
    if (phase('zip') && !plan)
      log('zip: cannot pin processes to CPUs here (taskset, 2 CPUs allowed), so only the shared layout is measured');
    const layoutLabel = {
      'own-core': 'console on its own core (storage and client on another, for raw too)',
      shared: 'storage, console and client sharing all cores',
    };
    for (const gib of phase('zip') ? ZIP_GIB : []) {
      const names = zipNames(gib * 200);
      const baseline = rssMiB(serverPid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(serverPid))), 50);
      const pids = { server: serverPid, azurite: az.blobPid };
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
        const settled = Math.max(...(await Promise.all([processIdle(serverPid), processIdle(az.blobPid)])));
        log(
          `zip ${gib} GiB, ${layout}: CPUs ${plan ? `server ${cpuList(serverPid)}, Azurite ${cpuList(az.blobPid)}, client ${cpuList(process.pid)}` : 'as given'}; server and Azurite idle after ${ms(settled)}`,
        );
        await zipOnce(names);
        await rawOnce(names);
      }
      const measured = zipLayoutsMeasured;
      const runsOf = Object.fromEntries(measured.map((l) => [l, { zips: [] as Run[], raws: [] as Run[], firstByte: [] as number[] }]));
      for (let i = 0; i < RUNS; i++) {
        for (const layout of measured) {
          use(layout);
          planMs = [];
          runsOf[layout]!.zips.push(await measure(zipOnce));
          runsOf[layout]!.firstByte.push(...planMs);
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
      const runs = RUNS * zipLayoutsMeasured.length;
      rows.push({
        figure: `Zip of ${gib} GiB: server peak RSS over ${runs} runs and ${zipLayoutsMeasured.length} warm-ups (before: ${baseline.toFixed(0)} MiB)`,
        console: `${peak.toFixed(0)} MiB`,
        raw: '',
        ratio: '',
        goal: '≤ 250 MiB',
        met: peak <= 250,
      });
      json[`zip ${gib} GiB`] = { ...figures, baselineRssMiB: baseline, peakRssMiB: peak };
      log(`zip ${gib} GiB: peak RSS ${peak.toFixed(0)} MiB (before ${baseline.toFixed(0)} MiB)`);
    }

    // 4b. Tracing's cost: the same 1 GiB zip through a second console that sends OpenTelemetry traces
    // to a sink on loopback, runs taking turns with the first (tracing off), all sharing the cores.
    if (phase('tracing')) {
      const sink = createServer((req, res) => {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
      });
      await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
      const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
      const tracedPort = await freePort();
      const tracedPid = await startConsole(connection, tracedPort, password, { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl });
      const tracedBase = `http://127.0.0.1:${tracedPort}`;
      const tracedHeaders = { Cookie: await signIn(tracedBase, password), Accept: 'application/json' };
      const names = zipNames(200);
      const zipVia = async (via: string, viaHeaders: Record<string, string>) => {
        let bytes = 0;
        const res = await expectOk(
          await fetch(`${via}/api/blobs/zip`, {
            method: 'POST',
            headers: { ...viaHeaders, 'Content-Type': 'application/json' },
            body: JSON.stringify({ container: 'recordings', names }),
          }),
          'zip',
        );
        for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        return bytes;
      };
      const perGiB = { off: [] as number[], on: [] as number[] };
      await zipVia(base, headers);
      await zipVia(tracedBase, tracedHeaders);
      for (let i = 0; i < RUNS; i++) {
        for (const [side, pid, via, viaHeaders] of [
          ['off', serverPid, base, headers],
          ['on', tracedPid, tracedBase, tracedHeaders],
        ] as const) {
          let bytes = 0;
          const run = await cpuDuring({ server: pid, azurite: az.blobPid }, async () => (bytes = await zipVia(via, viaHeaders)));
          perGiB[side].push(run.cpu.server / (bytes / 1024 ** 3));
        }
      }
      const [off, on] = [median(perGiB.off), median(perGiB.on)];
      rows.push({
        figure: `Zip of 1 GiB: console server CPU seconds per GiB, tracing on (OTLP to a sink) / off, median of ${RUNS}`,
        console: `${on.toFixed(2)} / ${off.toFixed(2)}`,
        raw: '',
        ratio: (on / off).toFixed(2),
        goal: '',
      });
      json.tracing = { serverCpuSecondsPerGiB: perGiB, medianOn: on, medianOff: off };
      log(
        `tracing: zip server CPU s/GiB on ${on.toFixed(2)} vs off ${off.toFixed(2)} (runs on ${perGiB.on.map((v) => v.toFixed(2)).join(', ')}; off ${perGiB.off.map((v) => v.toFixed(2)).join(', ')})`,
      );
      sink.close();
    }

    // 5. The browser.
    if (phase('browser')) await browserFigures(base, cookie);
    // Work the browser pages left behind (a large emulator cannot cancel an abandoned listing) must
    // not be counted against whichever load run comes first.
    if (phase('load')) await storageIdle(`${blobEndpoint}/recordings?restype=container&${sas}`);

    // 6. Load: 50 signed-in clients listing and finding, for a bounded time, on loopback only; then
    // the same load sent to storage directly, to tell the console's limits from the emulator's.
    const load = async (list: () => Promise<unknown>, find: () => Promise<unknown>) => {
      const latencies: number[] = [];
      let errors = 0;
      const kinds: Record<string, number> = {};
      const until = performance.now() + LOAD_SECONDS * 1000;
      await Promise.all(
        Array.from({ length: LOAD_CLIENTS }, async (_, client) => {
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
        rps: latencies.length / LOAD_SECONDS,
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        errors,
        errorKinds: kinds,
      };
    };
    if (phase('load')) {
      const consoleLoad = await load(() => consoleList(), consoleFind);
      const rawLoad = await load(() => rawList(), rawFind);
      const describe = (l: typeof consoleLoad) => `${l.rps.toFixed(0)} req/s, p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, ${l.errors} errors`;
      rows.push({
        figure: `Load: ${LOAD_CLIENTS} clients listing and finding for ${LOAD_SECONDS} s`,
        console: describe(consoleLoad),
        raw: describe(rawLoad),
        ratio: (consoleLoad.rps / rawLoad.rps).toFixed(2),
        goal: 'no errors',
        met: consoleLoad.errors === 0,
      });
      json.load = { clients: LOAD_CLIENTS, seconds: LOAD_SECONDS, console: consoleLoad, raw: rawLoad };
      log(`load: console ${describe(consoleLoad)}; raw ${describe(rawLoad)}`);
      for (const [side, run] of [
        ['console', consoleLoad],
        ['raw', rawLoad],
      ] as const) {
        for (const [kind, count] of Object.entries(run.errorKinds)) log(`load error (${side}) ×${count}: ${kind}`);
      }
    }

    if (phase('interactions')) {
      const measured = await benchInteractions(
        {
          service,
          connection,
          root,
          base,
          headers,
          serverPid,
          runs: RUNS,
          rssMiB,
          descendants: (pid) => descendants(pid).map((p) => p.pid),
          log,
        },
        { perDay: Number(args.get('interactions-per-day') ?? 5_000) },
      );
      rows.push(...measured.rows);
      json.interactions = measured.json;
    }

    report();
  } finally {
    stopAll();
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(location, { recursive: true, force: true });
  }
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

function report() {
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    next: version('next'),
    azurite: version('azurite'),
    storageBlob: version('@azure/storage-blob'),
    recordings: N,
    runsPerFigure: RUNS,
  };
  const notes = !zipLayoutsMeasured.length
    ? []
    : zipLayoutsMeasured.includes('own-core')
      ? [
          "Zip layouts. *own-core*: the console server pinned to one CPU, Azurite and the client to another, in the zip runs and the raw runs alike, as when the console runs on its own host; the goal is judged here. Both runs are then bound by the CPU that storage and the client share, so a ratio near 1 says the console, on its own core, kept up with them. *shared*: all three share the same CPUs, so the relay's copying takes CPU from storage and the client (the zip path costs about twice raw's CPU per GiB, so on 2 cores it gets about half of raw's throughput); shown for comparison.",
        ]
      : [
          "Zip layout: storage, the console and the client share the same CPUs (pinning was unavailable), so the relay's copying takes CPU from storage and the client.",
        ];
  const table = [
    '| Figure | Console | Raw storage | Ratio | Goal |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) => `| ${r.figure} | ${r.console} | ${r.raw} | ${r.ratio} | ${r.goal}${r.met === undefined ? '' : r.met ? ' ✓' : ' ✗'} |`,
    ),
  ].join('\n');
  const md = `# Benchmark results\n\n${machine.date} · ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB · Node ${machine.node} · Next.js ${machine.next} · Azurite ${machine.azurite} · @azure/storage-blob ${machine.storageBlob} · ${N.toLocaleString('en-US')} recordings · median of ${RUNS} runs after a warm-up, console and raw alternated\n\n${table}\n${notes.map((n) => `\n${n}\n`).join('')}`;
  console.log(`\n${md}`);
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A partial run keeps latest.* as they are and writes its own files (e.g. only-interactions.md).
  if (ONLY) {
    const name = `only-${[...ONLY].sort().join('-')}`;
    writeFileSync(path.join(dir, `${name}.md`), md);
    writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ machine, figures: json }, null, 2)}\n`);
    return log(`a partial run (--only): written to bench/results/${name}.md and .json; latest.* left as they were`);
  }
  writeFileSync(path.join(dir, 'latest.md'), md);
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify({ machine, figures: json }, null, 2)}\n`);
  log('written to bench/results/latest.md and latest.json');
}

main().catch((error: unknown) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : String(error)}`);
  stopAll();
  process.exitCode = 1;
});
