import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { storage } from './helpers';
import { E2E } from './ports';

// A page on another port of the same host: same-site to the browser, so SameSite=Lax cookies ride
// along, and the console must refuse it as another origin.
let attacker: Server;
let attackerOrigin: string;

test.beforeAll(async () => {
  attacker = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Win a prize</title>'),
  );
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => attacker.close(resolve));
});

async function someRecording(): Promise<string> {
  for await (const blob of storage().getContainerClient('recordings').listBlobsFlat()) return blob.name;
  throw new Error('no recordings seeded');
}

test("a page elsewhere cannot start a zip, find or download with the user's cookies", async ({ page }) => {
  const name = await someRecording();
  // What the server answered: opaque to the attacker's script, visible to the test through the browser.
  const answers: { url: string; status: number }[] = [];
  page.on('response', (r) => {
    if (r.url().startsWith(E2E.baseURL)) answers.push({ url: new URL(r.url()).pathname, status: r.status() });
  });
  await page.goto(attackerOrigin);
  await page.evaluate(
    async ({ console, name }) => {
      const post = (path: string, body: unknown) =>
        // text/plain needs no preflight: the request reaches the server with the user's cookies.
        fetch(`${console}${path}`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          headers: { 'Content-Type': 'text/plain' },
          body: JSON.stringify(body),
        });
      await post('/api/blobs/zip', { container: 'recordings', names: [name] });
      await post('/api/blobs/find', { query: { container: 'recordings', recordingType: 'CALL' } });
      await fetch(`${console}/api/blobs/download?container=recordings&name=${encodeURIComponent(name)}`, {
        mode: 'no-cors',
        credentials: 'include',
      });
    },
    { console: E2E.baseURL, name },
  );
  await expect.poll(() => answers.length).toBe(3);
  expect(answers).toEqual([
    { url: '/api/blobs/zip', status: 403 },
    { url: '/api/blobs/find', status: 403 },
    { url: '/api/blobs/download', status: 403 },
  ]);
});

test("the console's own page gets 415 for a JSON body sent as text/plain", async ({ page }) => {
  await page.goto('/recordings');
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/blobs/find', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ query: { container: 'recordings', recordingType: 'CALL' } }),
    });
    return { status: res.status, body: (await res.json()) as { error: string } };
  });
  expect(status.status).toBe(415);
  expect(status.body.error).toContain('application/json');
});

test('a body over 1 MB gets 413 before it is read, signed in or not', async ({ request, playwright }) => {
  const big = JSON.stringify({
    container: 'recordings',
    names: Array.from({ length: 20_000 }, (_, i) => `mytenant/${'x'.repeat(60)}-${i}.mp3.bin`),
  });
  expect(big.length).toBeGreaterThan(1024 * 1024);
  const signedIn = await request.post('/api/blobs/zip', { data: big, headers: { 'Content-Type': 'application/json' } });
  expect(signedIn.status()).toBe(413);
  expect((await signedIn.json()).error).toMatch(/larger than 1024 KB/);
  const anonymous = await playwright.request.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  for (const path of ['/api/blobs/zip', '/sign-in', '/api/auth/callback/credentials']) {
    const res = await anonymous.post(path, { data: big, headers: { 'Content-Type': 'application/json' } });
    expect(res.status(), path).toBe(413);
  }
  await anonymous.dispose();
});

test('a client that trickles its headers is cut off', async () => {
  test.setTimeout(40_000);
  const { connect } = await import('node:net');
  const socket = connect(E2E.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const started = Date.now();
  // Slowloris: a request line, then one header line every few seconds, never the blank line that ends them.
  socket.write('GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const trickle = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 3_000);
  // The server's 408 answer, its end of the connection, or an error writing to it: whichever comes first.
  const closed = await new Promise<number>((resolve) => {
    for (const event of ['data', 'end', 'close', 'error']) socket.once(event, () => resolve(Date.now() - started));
  });
  clearInterval(trickle);
  socket.destroy();
  // Headers must be in within 15 s, checked every second (Node's defaults: 60 s, checked every 30 s).
  expect(closed).toBeLessThan(20_000);
  expect(closed).toBeGreaterThanOrEqual(14_000);
});

test('a body sent without a length is refused (411) before it is read', async () => {
  const { connect } = await import('node:net');
  const socket = connect(E2E.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  // Chunked: the server cannot know the size before reading it, so it does not start.
  socket.write(
    'POST /api/blobs/zip HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n',
  );
  await expect.poll(() => answer, { timeout: 5_000 }).toMatch(/^HTTP\/1\.1 411/);
  expect(answer).toContain('Send the request with a Content-Length.');
  socket.destroy();
});
