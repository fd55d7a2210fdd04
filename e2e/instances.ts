// A second console process beside the one Playwright started: the same build, the same AUTH_SECRET
// and the same Azurite (so the same tables), on its own port, as behind a load balancer.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { azuriteConnectionString } from '../lib/config';
import { appEnv } from './app-env';
import { signInFrom } from './balancer';
import { E2E } from './ports';

export type Instance = { baseURL: string; log: () => string; stop: () => Promise<void> };

export async function startSecondInstance(port: number, overrides: Record<string, string> = {}): Promise<Instance> {
  const secret = (JSON.parse(readFileSync(path.join(E2E.azuriteLocation, 'console-auth.json'), 'utf8')) as { secret: string }).secret;
  const env = {
    ...process.env,
    ...appEnv(),
    AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString('127.0.0.1', E2E.blobPort, E2E.tablePort),
    STORAGE_EMBEDDED: '1',
    AUTH_SECRET: secret,
    PORT: String(port),
    ...overrides,
  };
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Kept beside the first console's log, for the search for secrets at the end of the run.
  const keep = (d: Buffer) => {
    output += d.toString();
    appendFileSync(E2E.serverLog, d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second console exited: ${output}`);
    const up = await fetch(`${baseURL}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`the second console did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    log: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** One password sign-in from this machine, the address given as the trusted proxy reports it (X-Forwarded-For). */
export async function passwordSignIn(
  baseURL: string,
  username: string,
  password: string,
  forwardedFor: string,
): Promise<{ code: string | null }> {
  return { code: await signInFrom('127.0.0.1', baseURL, username, password, { 'X-Forwarded-For': forwardedFor }) };
}
