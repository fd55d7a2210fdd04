import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AzureNamedKeyCredential, TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// A stand-in table endpoint that answers from a script, to see what the inserts send and how they retry.
let server: http.Server;
/** A status to answer with, `reset` to cut the connection, or a 409 with its code. */
let answers: (number | 'reset' | 'EntityAlreadyExists' | 'TableBeingDeleted')[] = [];
const seen: { url: string; date?: string; body: string }[] = [];
let insert: typeof import('./table-insert');

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', date: req.headers['x-ms-date'] as string, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? 204;
      if (answer === 'reset') return void req.socket.destroy();
      if (answer === 204) return void res.writeHead(204).end();
      const status = typeof answer === 'number' ? answer : 409;
      const code = typeof answer === 'string' ? answer : status === 409 ? 'EntityAlreadyExists' : 'ServerBusy';
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ 'odata.error': { code, message: { value: 'x' } } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.AZURE_STORAGE_CONNECTION_STRING = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};TableEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
  insert = await import('./table-insert');
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Sent = { method: string; url: string; headers: Record<string, string>; body: string };

/** What the Tables SDK sends for one insert, captured instead of sent. */
async function sdkSends(endpoint: string, entity: Record<string, string | undefined> & { partitionKey: string; rowKey: string }) {
  let sent: Sent | undefined;
  const httpClient = {
    async sendRequest(request: { method: string; url: string; headers: Iterable<[string, string]>; body?: unknown }) {
      sent = {
        method: request.method,
        url: request.url,
        headers: Object.fromEntries([...request.headers].map(([name, value]) => [name.toLowerCase(), value])),
        body: String(request.body),
      };
      return { status: 204, headers: request.headers, request, bodyAsText: '' };
    },
  };
  const client = new TableClient(endpoint, 'consoleaudit', new AzureNamedKeyCredential(ACCOUNT, KEY), {
    allowInsecureConnection: true,
    httpClient: httpClient as never,
    retryOptions: { maxRetries: 0 },
  });
  await client.createEntity(entity);
  if (!sent) throw new Error('the SDK sent nothing');
  return sent;
}

const entity = {
  partitionKey: '2026-12',
  rowKey: '7982ff…_0a1b2c3d',
  at: '2026-12-02T15:34:27.000Z',
  user: 'Zoë "admin" <z@example.com>',
  role: 'admin',
  action: 'tokens.generate',
  outcome: 'ok',
  ip: undefined,
  details: '{"revoke":true}',
};

describe('audit inserts', () => {
  for (const endpoint of [`http://127.0.0.1:10002/${ACCOUNT}`, `https://${ACCOUNT}.table.core.windows.net/`]) {
    it(`send what the Tables SDK sends, signed the same (${endpoint.startsWith('http:') ? 'the emulator' : 'Azure'})`, async () => {
      const sdk = await sdkSends(endpoint.replace(/\/$/, ''), entity);
      const ours = insert.tableInsertRequest(
        { tableEndpoint: endpoint, accountName: ACCOUNT, accountKey: KEY },
        'consoleaudit',
        entity,
        sdk.headers['x-ms-date']!,
      );
      expect(sdk.method).toBe('POST');
      expect(ours.url).toBe(sdk.url);
      expect(ours.body).toBe(sdk.body);
      const { 'user-agent': _ua, 'x-ms-client-request-id': _id, 'accept-encoding': _enc, ...sdkHeaders } = sdk.headers;
      void [_ua, _id, _enc];
      expect(ours.headers).toEqual(sdkHeaders);
    });
  }

  it('try once more after a busy answer, and count "already exists" then as written', async () => {
    seen.length = 0;
    answers = [503, 409];
    await insert.insertEntity('consoleaudit', entity);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.url).toBe(`/${ACCOUNT}/consoleaudit`);
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ PartitionKey: '2026-12', action: 'tokens.generate' });
  });

  it('count "already exists" as written after a connection that was cut, but no other conflict', async () => {
    seen.length = 0;
    answers = ['reset', 'EntityAlreadyExists'];
    await insert.insertEntity('consoleaudit', entity);
    expect(seen).toHaveLength(2);

    seen.length = 0;
    answers = [502, 'TableBeingDeleted'];
    await expect(insert.insertEntity('consoleaudit', entity)).rejects.toMatchObject({ statusCode: 409, code: 'TableBeingDeleted' });
    expect(seen).toHaveLength(2);
  });

  it('fail on a first "already exists" or a refusal, without trying again', async () => {
    for (const status of [409, 400, 403]) {
      seen.length = 0;
      answers = [status];
      await expect(insert.insertEntity('consoleaudit', entity)).rejects.toMatchObject({ statusCode: status });
      expect(seen).toHaveLength(1);
    }
  });

  it('give up after a second busy answer', async () => {
    seen.length = 0;
    answers = [500, 503];
    await expect(insert.insertEntity('consoleaudit', entity)).rejects.toMatchObject({ statusCode: 503 });
    expect(seen).toHaveLength(2);
  });
});
