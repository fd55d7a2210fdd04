import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sharedKeyAuthorization } from './shared-key';

vi.mock('server-only', () => ({}));

const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// A stand-in storage endpoint that answers from a script, to see what the Shared Key calls send and how they retry.
let server: http.Server;
let answers: number[] = [];
const seen: { url: string; date?: string; authorization?: string; headers: http.IncomingHttpHeaders }[] = [];
let calls: typeof import('./server-calls');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({
      url: req.url ?? '',
      date: req.headers['x-ms-date'] as string,
      authorization: req.headers.authorization,
      headers: req.headers,
    });
    req.resume();
    const status = answers.shift() ?? 200;
    res.writeHead(status, status === 200 ? {} : { 'x-ms-error-code': status === 503 ? 'ServerBusy' : 'LeaseAlreadyPresent' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AZURE_STORAGE_CONNECTION_STRING = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
  calls = await import('./server-calls');
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('Shared Key calls', () => {
  it("ask storage to give up on the operation within the console's own limit, below the endpoint's path", () => {
    expect(calls.accountCallUrl('http://127.0.0.1:10000/devstoreaccount1', 'recordings', 'restype=container&comp=acl')).toBe(
      'http://127.0.0.1:10000/devstoreaccount1/recordings?restype=container&comp=acl&timeout=3',
    );
    expect(calls.accountCallUrl('https://acct.blob.core.windows.net/', 'console-locks/tokens', 'comp=lease')).toBe(
      'https://acct.blob.core.windows.net/console-locks/tokens?comp=lease&timeout=3',
    );
  });

  it('try once more, freshly signed, when storage answers busy; not when it refuses', async () => {
    seen.length = 0;
    answers = [503, 200];
    await calls.accountCall('recordings', 'restype=container&comp=acl', { method: 'GET' });
    expect(seen).toHaveLength(2);
    expect(seen.every((s) => s.url.endsWith('timeout=3') && s.authorization?.startsWith('SharedKey devstoreaccount1:'))).toBe(true);

    seen.length = 0;
    answers = [409];
    await expect(
      calls.accountCall('console-locks/tokens', 'comp=lease', { method: 'PUT', ok: [201], headers: { 'x-ms-lease-action': 'acquire' } }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'LeaseAlreadyPresent' });
    expect(seen).toHaveLength(1);
  });

  it("send the console's request id as storage's client request id, inside what Shared Key signs", async () => {
    const log = new AsyncLocalStorage<{ id: string; storageCalls: number }>();
    (globalThis as unknown as { __consoleRequestLog?: typeof log }).__consoleRequestLog = log;
    try {
      seen.length = 0;
      answers = [200];
      await log.run({ id: 'req-42.a_b', storageCalls: 0 }, () =>
        calls.accountCall('recordings', 'restype=container&comp=acl', { method: 'GET' }),
      );
      const [sent] = seen;
      expect(sent!.headers['x-ms-client-request-id']).toBe('req-42.a_b');
      const signed = Object.fromEntries(
        Object.entries(sent!.headers)
          .filter(([name]) => name !== 'authorization' && name !== 'host' && name !== 'connection')
          .map(([k, v]) => [k, String(v)]),
      );
      const url = new URL(`http://127.0.0.1${sent!.url}`);
      expect(sent!.authorization).toBe(sharedKeyAuthorization('devstoreaccount1', Buffer.from(KEY, 'base64'), 'GET', url, signed));
      // Outside a request there is none.
      seen.length = 0;
      answers = [200];
      await calls.accountCall('recordings', 'restype=container&comp=acl', { method: 'GET' });
      expect(seen[0]!.headers['x-ms-client-request-id']).toBeUndefined();
    } finally {
      delete (globalThis as { __consoleRequestLog?: unknown }).__consoleRequestLog;
    }
  });
});
