// A throwaway Azurite (blob + table) for integration tests: free ports, a temp data folder, gone after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azuriteConnectionString } from '../config';

export type TestAzurite = {
  blobPort: number;
  tablePort: number;
  connectionString: string;
  stop: () => Promise<void>;
  /** Sends a signal to every Azurite process (SIGSTOP freezes it, SIGCONT thaws it). */ signal: (signal: NodeJS.Signals) => void;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startAzurite(services: ('blob' | 'table')[] = ['blob', 'table']): Promise<TestAzurite> {
  const location = await mkdtemp(join(tmpdir(), 'azurite-test-'));
  const [blobPort, tablePort] = [await freePort(), await freePort()];
  const common = ['--location', location, '--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent'];
  const children: ChildProcess[] = [];
  if (services.includes('blob')) {
    children.push(
      spawn(
        process.execPath,
        ['node_modules/azurite/dist/src/blob/main.js', '--blobHost', '127.0.0.1', '--blobPort', String(blobPort), ...common],
        { stdio: 'ignore' },
      ),
    );
  }
  if (services.includes('table')) {
    children.push(
      spawn(
        process.execPath,
        ['node_modules/azurite/dist/src/table/main.js', '--tableHost', '127.0.0.1', '--tablePort', String(tablePort), ...common],
        { stdio: 'ignore' },
      ),
    );
  }
  await Promise.all([
    services.includes('blob') ? waitForPort(blobPort, 15_000) : undefined,
    services.includes('table') ? waitForPort(tablePort, 15_000) : undefined,
  ]);
  return {
    blobPort,
    tablePort,
    connectionString: azuriteConnectionString('127.0.0.1', blobPort, tablePort),
    signal(signal) {
      for (const c of children) c.kill(signal);
    },
    async stop() {
      for (const c of children) c.kill('SIGCONT');
      await Promise.all(
        children.map(
          (c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill()))),
        ),
      );
      await rm(location, { recursive: true, force: true });
    },
  };
}
