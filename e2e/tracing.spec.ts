import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { generateTokens, signIn } from './helpers';
import { startSecondInstance, type Instance } from './instances';
import { E2E } from './ports';

// A small OTLP/HTTP receiver on loopback, and a console that sends it traces (OTEL_EXPORTER_OTLP_ENDPOINT).
type OtlpSpan = { name: string; attributes?: { key: string; value: Record<string, unknown> }[] };
let receiver: Server;
let endpoint: string;
const bodies: string[] = [];
let instance: Instance | undefined;

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await instance?.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

function spans(): OtlpSpan[] {
  return bodies.flatMap((b) =>
    (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans),
    ),
  );
}

test('one token generation leaves a span for its request and for each storage call, and no signature in any', async ({ browser }) => {
  test.setTimeout(120_000);
  instance = await startSecondInstance(E2E.port + 11, { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
  const context = await browser.newContext({ baseURL: instance.baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, E2E.target, process.env.E2E_TARGET_PASSWORD!);
  await page.goto('/blob-storage');
  bodies.length = 0;
  await generateTokens(page);
  // Spans arrive in batches, the request's own after its storage calls': wait for both.
  const targetsOf = (list: ReturnType<typeof spans>) =>
    list.filter((s) => s.name.startsWith('storage ')).map((s) => s.attributes?.find((a) => a.key === 'storage.target')?.value.stringValue);
  await expect
    .poll(
      () => {
        const now = spans();
        const targets = targetsOf(now);
        return now.some((s) => /^POST \/blob-storage/.test(s.name)) && targets.includes('recordings') && targets.includes('gim-export');
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  const all = spans();
  console.log(`spans of one generation: ${all.length}: ${[...new Set(all.map((s) => s.name))].join(', ')}`);
  // The request itself (Next.js's span names the method and route), and storage calls that name only their container.
  expect(all.some((s) => /^POST \/blob-storage/.test(s.name))).toBe(true);
  const targets = targetsOf(all);
  expect(targets.length).toBeGreaterThanOrEqual(4);
  expect(targets).toEqual(expect.arrayContaining(['recordings', 'gim-export']));
  expect(bodies.join('\n')).not.toMatch(/sig=/);
  await context.close();
});
