// One size's stack: its own Azurite (in memory), seeded with that many recordings, and a console
// signed in against it. Each size gets a fresh one, so a large container's emulator cannot slow a
// small one's figures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from '@azure/storage-blob';
import { AZURITE_ACCOUNT, AZURITE_KEY, azuriteConnectionString } from '../../lib/config';
import { mapLimit } from '../../lib/concurrency';
import { demoRecordings } from '../../lib/demo/recordings';
import { freePort, launchAzurite, waitForPort } from '../../lib/azurite';
import { BLOB_5MIB, TENANT, root } from './args';
import { expectOk } from './http';
import { children, descendants, storageIdle } from './processes';
import { log, rows, json } from './results';

/** This size's Azurite, in memory, counting its requests (the console's storage round trips). */
export async function startAzurite(location: string) {
  let accessLines = 0;
  const az = await launchAzurite({
    inMemory: true,
    location,
    readyMs: 20_000,
    onAccessLog: (line) => {
      if (!/"(GET|PUT|POST|DELETE|HEAD|PATCH|MERGE) /.test(line)) return;
      accessLines++;
      // BENCH_ACCESS_LOG=1 prints them, to see which calls a figure's round trips are.
      if (process.env.BENCH_ACCESS_LOG) console.log(`[azurite] ${line.replace(/sig=[^& ]+/g, 'sig=…')}`);
    },
    onSpawn: (_name, child) => children.push(child),
  });
  return { blobPort: az.blobPort, tablePort: az.tablePort, blobPid: az.processes.blob!.pid!, requests: () => accessLines };
}

export async function seed(service: BlobServiceClient, n: number, zipCount: number) {
  const container = service.getContainerClient('recordings');
  await container.createIfNotExists();
  await service.getContainerClient('gim-export').createIfNotExists();
  const recs = demoRecordings({ tenant: TENANT, anchor: new Date(), count: n });
  const body = randomBytes(512);
  const t = performance.now();
  await mapLimit(recs, 64, (r) =>
    container.getBlockBlobClient(r.name).upload(body, body.length, { tags: { RecordingType: r.recordingType, StoredTime: r.storedTime } }),
  );
  const seconds = (performance.now() - t) / 1000;
  log(`seeded ${recs.length} recordings in ${seconds.toFixed(1)} s (${Math.round(recs.length / seconds)} blobs/s)`);
  json[`seeding ${n}`] = { blobs: recs.length, seconds, perSecond: recs.length / seconds };
  if (recs.length)
    rows.push({
      figure: `Seeding ${n.toLocaleString('en-US')} recordings (64 in parallel)`,
      console: '',
      raw: `${Math.round(n / seconds)} blobs/s`,
      ratio: '',
      goal: '',
    });

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

/**
 * The console as `npm start` runs it (building first when the sources are newer). With `nodeArgs`
 * (a profiler's flags, which Node refuses in NODE_OPTIONS) its server is started directly instead,
 * from the build already there.
 */
export async function startConsole(
  connection: string,
  port: number,
  password: string,
  extraEnv: Record<string, string> = {},
  nodeArgs?: string[],
) {
  const child = spawn(
    process.execPath,
    nodeArgs
      ? [...nodeArgs, path.join(root, 'scripts', 'serve.mjs')]
      : [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', 'scripts/start.ts'],
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
  if (nodeArgs) return child.pid!;
  const server = descendants(child.pid!).find((p) => /next-server|scripts\/serve\.mjs/.test(p.cmdline));
  if (!server) throw new Error(`could not find the Next.js server process among ${JSON.stringify(descendants(child.pid!))}`);
  return server.pid;
}

export async function signIn(base: string, password: string): Promise<string> {
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

export function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${name}`);
  return id;
}

/** A GET that waits as long as `limitMs` for its answer (fetch stops waiting for headers at 300 s); its body is read and dropped. */
function slowGet(url: string, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { signal: AbortSignal.timeout(limitMs) }, (res) => {
      res.resume();
      res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`warm-up list answered ${res.statusCode}`))));
      res.once('error', reject);
    });
    request.once('error', reject);
  });
}

export type Stack = Awaited<ReturnType<typeof openStack>>;

/** Azurite, `n` recordings (and `zipBlobs` of 5 MiB for the zip figures), and a signed-in console. */
export async function openStack(n: number, zipBlobs: number, nodeArgs?: string[]) {
  const location = path.join(root, 'bench', 'data', `run-${Date.now()}-${n}`);
  mkdirSync(location, { recursive: true });
  const first = children.length;
  const az = await startAzurite(location);
  const connection = azuriteConnectionString('127.0.0.1', az.blobPort, az.tablePort);
  const blobEndpoint = `http://127.0.0.1:${az.blobPort}/${AZURITE_ACCOUNT}`;
  const service = BlobServiceClient.fromConnectionString(connection);
  const recs = await seed(service, n, zipBlobs);
  const sas = generateAccountSASQueryParameters(
    {
      services: AccountSASServices.parse('b').toString(),
      resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      permissions: AccountSASPermissions.parse('rlft'),
      expiresOn: new Date(Date.now() + 4 * 3600_000),
      protocol: SASProtocol.HttpsAndHttp,
    },
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  ).toString();
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const serverPid = await startConsole(connection, port, password, {}, nodeArgs);
  const base = `http://127.0.0.1:${port}`;
  const cookie = await signIn(base, password);
  // Seeding leaves the emulator busy for a while (its own housekeeping): measure once it is quiet.
  await storageIdle(`${blobEndpoint}/recordings?restype=container&${sas}`);
  // The emulator's first listing of a large container is its slowest, so it is taken raw and
  // untimed first (a console listing past its 3.5 s storage limit failed a run at 100,000). It
  // lists the folder the figures list. An earlier warm-up listed the container's root with a
  // delimiter, where every recording sits under one folder: Azurite's PageWithDelimiter then reads
  // the whole container in pages of 100, each a filter and sort of every document: it grows with
  // the square of the count (a probe: 0.33 s at 10,000, 1.6 s at 20,000, against 0.07-0.2 s for the
  // folder), and kept a core at 100% for over 8 minutes at 100,000. Through node:http (Node's fetch
  // gives up on headers after 300 s by itself), up to 20 min, and its time said.
  const warmStart = performance.now();
  await slowGet(
    `${blobEndpoint}/recordings?restype=container&comp=list&prefix=${TENANT}%2F&include=tags&delimiter=%2F&maxresults=100&${sas}`,
    20 * 60_000,
  );
  log(`the emulator's first listing (untimed warm-up) took ${((performance.now() - warmStart) / 1000).toFixed(1)} s`);
  return {
    n,
    az,
    connection,
    blobEndpoint,
    service,
    recs,
    sas,
    password,
    serverPid,
    base,
    cookie,
    headers: { Cookie: cookie, Accept: 'application/json' },
    /** Stops this stack's processes and removes its data folder. */
    async close() {
      for (const c of children.slice(first)) if (c.exitCode === null) c.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 1500));
      rmSync(location, { recursive: true, force: true });
    },
  };
}
