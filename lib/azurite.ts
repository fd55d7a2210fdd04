// The one Azurite launcher: `npm start`'s embedded storage (scripts/start.ts), the throwaway Azurite
// of the integration tests (lib/testing/azurite.ts) and the bench's. It starts the blob and table
// services from node_modules on the ports asked for (free ones by default) and waits until they listen.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { azuriteConnectionString } from './config';

export type AzuriteService = 'blob' | 'table';

export type AzuriteOptions = {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Free ports when not given. */
  blobPort?: number;
  tablePort?: number;
  services?: AzuriteService[];
  /** Its data folder (created by Azurite); with `inMemory`, only its working folder. */
  location?: string;
  /** Data in memory only: with a data folder Azurite rewrites its whole metadata file as it grows. */
  inMemory?: boolean;
  /**
   * Through scripts/azurite-child.mjs, in a process group of its own: a terminal's Ctrl-C then reaches
   * only the parent (which stops the app before storage), and the child stops when the parent's IPC
   * channel closes, even if the parent is killed.
   */
  ownGroup?: boolean;
  /** Its stdout and stderr: the parent's (default) or nowhere. */
  output?: 'inherit' | 'ignore';
  /** Each line of Azurite's access log (one line a request); Azurite is then not --silent. */
  onAccessLog?: (line: string) => void;
  /** Hears each process as it is spawned, before it listens (to stop it in order, or notice it die). */
  onSpawn?: (name: string, child: ChildProcess) => void;
  /** How long each service may take to listen; 30 s by default. */
  readyMs?: number;
};

export type RunningAzurite = {
  host: string;
  blobPort: number;
  tablePort: number;
  connectionString: string;
  processes: Partial<Record<AzuriteService, ChildProcess>>;
  /** Sends a signal to every Azurite process (SIGSTOP freezes it, SIGCONT thaws it). */
  signal: (signal: NodeJS.Signals) => void;
  /**
   * Ends every process and waits for it (at most `boundMs`, then SIGKILL). SIGTERM ends at once
   * (throwaway data); SIGINT lets the table service save its database first (it does so on SIGINT only).
   */
  stop: (signal?: 'SIGTERM' | 'SIGINT', boundMs?: number) => Promise<void>;
};

const root = path.resolve(__dirname, '..');

export async function launchAzurite(opts: AzuriteOptions = {}): Promise<RunningAzurite> {
  const host = opts.host ?? '127.0.0.1';
  const services = opts.services ?? ['blob', 'table'];
  const ports: Record<AzuriteService, number> = {
    blob: opts.blobPort ?? (await freePort(host)),
    table: opts.tablePort ?? (await freePort(host)),
  };
  const common = [
    ...(opts.inMemory ? ['--inMemoryPersistence'] : opts.location ? ['--location', opts.location] : []),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--loose',
    ...(opts.onAccessLog ? [] : ['--silent']),
  ];
  const output = opts.output ?? 'inherit';
  const stdio: StdioOptions = ['ignore', opts.onAccessLog ? 'pipe' : output, output, ...(opts.ownGroup ? ['ipc' as const] : [])];
  const cwd = opts.inMemory && opts.location ? opts.location : root;
  const processes: RunningAzurite['processes'] = {};
  for (const service of services) {
    const args = [`--${service}Host`, host, `--${service}Port`, String(ports[service]), ...common];
    const child = opts.ownGroup
      ? spawn(process.execPath, [path.join(root, 'scripts', 'azurite-child.mjs'), service, ...args], { cwd, stdio, detached: true })
      : spawn(process.execPath, [path.join(root, 'node_modules', 'azurite', 'dist', 'src', service, 'main.js'), ...args], { cwd, stdio });
    processes[service] = child;
    opts.onSpawn?.(`Azurite (${service})`, child);
    if (opts.onAccessLog && child.stdout) createInterface({ input: child.stdout }).on('line', opts.onAccessLog);
  }
  const running = Object.values(processes);
  const azurite: RunningAzurite = {
    host,
    blobPort: ports.blob,
    tablePort: ports.table,
    connectionString: azuriteConnectionString(host, ports.blob, ports.table),
    processes,
    signal(signal) {
      for (const child of running) child.kill(signal);
    },
    async stop(signal = 'SIGTERM', boundMs = 5_000) {
      await Promise.all(running.map((child) => ended(child, signal, boundMs)));
    },
  };
  try {
    await Promise.all(
      services.map((service) => listening(processes[service]!, `Azurite (${service})`, host, ports[service], opts.readyMs)),
    );
  } catch (error) {
    await azurite.stop();
    throw error;
  }
  return azurite;
}

/** A port nothing listens on now (the system's pick). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something accepts a connection on `host:port` within half a second. */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(500);
    const answer = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => answer(true));
    socket.once('timeout', () => answer(false));
    socket.once('error', () => answer(false));
  });
}

/** Resolves once `host:port` accepts connections; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1', what = 'Azurite'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(host, port))) {
    if (Date.now() > deadline) throw new Error(`${what} did not start listening on ${host}:${port} within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for the service to listen, and fails at once if its process ends first. */
function listening(child: ChildProcess, what: string, host: string, port: number, timeoutMs = 30_000): Promise<void> {
  let onExit = () => {};
  const exited = new Promise<never>((_, reject) => {
    onExit = () => reject(new Error(`${what} ended before it listened on ${host}:${port}.`));
    child.once('exit', onExit);
  });
  return Promise.race([waitForPort(port, timeoutMs, host, what), exited]).finally(() => child.off('exit', onExit));
}

function ended(child: ChildProcess, signal: NodeJS.Signals, boundMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), boundMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGCONT'); // a frozen process cannot act on the signal
    child.kill(signal);
  });
}
