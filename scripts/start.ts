// `npm start`: the whole console from one command. Without AZURE_STORAGE_CONNECTION_STRING it
// starts the embedded Azurite (blob + table, data kept in AZURITE_LOCATION), seeds the demo data
// once, builds the app when the sources are newer than the last build, and serves it.
// `npm run dev` (this with --dev): the same storage, demo data and sign-in, served by `next dev`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { isLoopbackAddress } from '../lib/auth/loopback';
import { launchAzurite, portOpen, waitForPort } from '../lib/azurite';
import type { Config } from '../lib/config';
import { sweepExpired } from '../lib/demo/retention-sweep';
import { seedDemoData } from '../lib/demo/seed';
import { checkEnv } from '../lib/env';
import { nodeVersionProblem } from '../lib/node-version';
import { loadEnvConfig } from '@next/env';
import { scheduleIndexer } from '../lib/gim/indexer';
import { embeddedAuthEnv } from './console-auth';

const root = path.resolve(__dirname, '..');
const dev = process.argv.includes('--dev');
const children: ChildProcess[] = [];
/** The app's server (Next.js), stopped before the storage it writes to. */
const appChildren = new Set<ChildProcess>();
let stopping = false;

function log(message: string) {
  console.log(`[start] ${message}`);
}

class StartFailure extends Error {}

/** Stops everything started so far; the throw unwinds the caller (main's catch knows it is reported). */
function fail(message: string): never {
  console.error(`[start] ${message}`);
  stop(1);
  throw new StartFailure(message);
}

/**
 * Stops the children in order: the app first (it finishes the requests in flight and writes its last
 * audit records into storage, the embedded Azurite, which must still be up), then Azurite (which
 * writes its database on exit). Each step has a bound.
 */
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  const ended = (group: ChildProcess[], ms: number) =>
    Promise.race([
      Promise.all(group.filter(running).map((child) => new Promise((resolve) => child.once('exit', resolve)))),
      new Promise((resolve) => setTimeout(resolve, ms)),
    ]);
  const app = children.filter((child) => appChildren.has(child));
  const rest = children.filter((child) => !appChildren.has(child));
  void (async () => {
    for (const child of app.filter(running)) child.kill('SIGTERM');
    await ended(app, 20_000);
    // SIGINT: Azurite's table service saves its database on SIGINT only; SIGTERM kills it on the spot,
    // losing what it took in since its last autosave (up to 5 s of audit records).
    for (const child of rest.filter(running)) child.kill('SIGINT');
    await ended(rest, 5_000);
    process.exit(code);
  })();
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  // Stopping began while main() was still starting things: start nothing more, it would be left running.
  if (stopping) throw new StartFailure('stopping');
  return watch(name, spawn(command, args, { cwd: root, env, stdio: 'inherit' }));
}

/** Keeps `child` for stop(), and stops everything if it ends on its own. */
function watch(name: string, child: ChildProcess): ChildProcess {
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] ${name} stopped unexpectedly (${signal ?? `exit code ${code}`}).`);
    stop(1);
  });
  return child;
}

async function startAzurite(host: string, blobPort: number, tablePort: number, location: string) {
  for (const [port, variable] of [
    [blobPort, 'AZURITE_BLOB_PORT'],
    [tablePort, 'AZURITE_TABLE_PORT'],
  ] as const) {
    if (await portOpen(host, port)) {
      fail(`Port ${port} on ${host} is already in use (another Azurite or \`npm start\`?). Stop it, or set ${variable} to a free port.`);
    }
  }
  mkdirSync(location, { recursive: true });
  // In its own process group, out of the terminal's Ctrl-C: stop() ends it after the app, in its turn.
  const azurite = await launchAzurite({
    host,
    blobPort,
    tablePort,
    location,
    ownGroup: true,
    onSpawn: (name, child) => {
      // Stopping began while main() was still starting things: end it now, it would be left running.
      if (stopping) child.kill('SIGINT');
      watch(name, child);
    },
  }).catch((error: Error) => fail(error.message));
  log(`Azurite is serving blob on ${host}:${blobPort} and table on ${host}:${tablePort}; data in ${location}`);
  return azurite;
}

const BUILD_INPUTS = ['app', 'components', 'lib', 'next.config.js', 'package-lock.json', 'tsconfig.json', 'proxy.ts'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((max, entry) => Math.max(max, newestMtime(path.join(target, entry))), stat.mtimeMs);
}

function buildNeeded(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (stopping) return Promise.reject(new StartFailure('stopping'));
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
    children.push(child);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function sweep(service: BlobServiceClient, config: Config) {
  try {
    const { deleted, checked } = await sweepExpired(service, { containers: config.containers, retentionDays: config.retentionDays });
    log(`retention: ${deleted} of ${checked} blobs were older than ${config.retentionDays} days and were removed from the emulator`);
  } catch (error) {
    console.error(`[start] retention sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main() {
  const tooOld = nodeVersionProblem(process.version);
  if (tooOld) fail(tooOld);
  // .env and .env.local (and .env.production / .env.development with their .local), read by Next's own
  // loader; a variable already in the real environment wins over every file.
  loadEnvConfig(root, dev, { info: () => undefined, error: (...m: unknown[]) => console.error('[start]', ...m) });
  const checked = checkEnv();
  if (!checked.ok) fail(checked.message);
  const config = checked.config;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    // Fewer malloc arenas, and the zip's 512 KiB chunks in mappings handed back when freed: lower peak
    // memory under zips at the same speed (figures: docs/measurements.md). `npm start` sets them for
    // this process too (package.json), where the interactions indexer runs.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
  };

  if (config.startsAzurite) {
    const { host, blobPort, tablePort } = config.azurite;
    const location = path.resolve(root, config.azurite.location);
    const azurite = await startAzurite(host, blobPort, tablePort, location);
    appEnv.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
    appEnv.STORAGE_EMBEDDED = '1';
    Object.assign(appEnv, await embeddedAuthEnv(config, location, log));

    // Seed through the emulator just started, never through whatever else the configuration names.
    const service = BlobServiceClient.fromConnectionString(appEnv.AZURE_STORAGE_CONNECTION_STRING);
    const seeded = await seedDemoData(service, {
      tenant: config.demo.tenant,
      count: config.demo.recordings,
      retentionDays: config.retentionDays,
      log,
    });
    log(`demo data: ${seeded.created} blobs created, ${seeded.skipped} already there (anchor ${seeded.anchor})`);
    await sweep(service, config);
    // Azure's lifecycle rule runs about daily; hourly is close enough for the emulator.
    setInterval(() => void sweep(service, config), 60 * 60_000).unref();
  } else {
    if (!config.auth.secret)
      fail('AUTH_SECRET is required with a real storage account (at least 32 characters, the same on every console process).');
    if (config.auth.localAccounts.length === 0 && !config.auth.oidc) {
      fail(
        'No one could sign in: set ADMIN_USERNAME with ADMIN_PASSWORD or ADMIN_PASSWORD_HASH (npm run hash-password), LOCAL_USERS, or OIDC_*.',
      );
    }
    log(`using the storage account ${config.storage.accountName} (${config.storage.blobEndpoint}); no Azurite started`);
  }

  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  if (dev) {
    appChildren.add(
      run('next dev', process.execPath, [nextBin, 'dev', '--hostname', config.host, '--port', String(config.port)], {
        ...appEnv,
        NODE_ENV: 'development',
      }),
    );
  } else if (buildNeeded()) {
    log('building the app (sources are newer than the last build)…');
    await runToEnd(process.execPath, [nextBin, 'build'], appEnv);
  }
  if (!dev)
    appChildren.add(
      run('Next.js', process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
        ...appEnv,
        HOST: config.host,
        PORT: String(config.port),
      }),
    );
  await waitForPort(config.port, 60_000, config.host, 'Next.js').catch((error: Error) => fail(error.message));
  // The interactions index: now and every INDEX_INTERVAL_MINUTES; a lease keeps it to one console process.
  scheduleIndexer((message) => log(`index: ${message}`));
  // Single sign-on on this machine runs at localhost (lib/auth/loopback.ts), so that is the address to open.
  const shownHost =
    config.host === '0.0.0.0' || config.host === '::' || (config.auth.oidc && isLoopbackAddress(config.host)) ? 'localhost' : config.host;
  log(`the console is ready at http://${shownHost}:${config.port}/ (Ctrl-C stops everything)`);
}

main().catch((error: unknown) => {
  if (error instanceof StartFailure) return;
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  stop(1);
});
