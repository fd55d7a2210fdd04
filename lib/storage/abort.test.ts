import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';

// A client that goes away stops the storage work it started: no storage call begins after the abort.
let azurite: TestAzurite;
let blobs: typeof import('./blobs');
let details: typeof import('./blob-details');
let clients: typeof import('./clients');
let context: typeof import('../request-context');
const names = Array.from({ length: 300 }, (_, i) => `tenant/blob-${String(i).padStart(4, '0')}.bin`);

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.SAS_CONTAINERS = 'recordings';
  blobs = await import('./blobs');
  details = await import('./blob-details');
  clients = await import('./clients');
  context = await import('../request-context');
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('recordings');
  await container.createIfNotExists();
  await Promise.all(names.map((n) => container.getBlockBlobClient(n).upload('x', 1)));
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('a request whose client has gone', () => {
  it('starts no further storage call of a properties batch', async () => {
    const gate = clients.storageGate();
    const run = gate.run.bind(gate);
    const started: number[] = [];
    gate.run = ((fn: () => Promise<unknown>, ticket?: object) =>
      run(() => {
        const call = fn(); // throws, without calling storage, once the client has gone
        started.push(Date.now());
        return call;
      }, ticket)) as typeof gate.run;
    try {
      const controller = new AbortController();
      const batch = context.withRequestContext({ signal: controller.signal, lane: 'amy' }, () =>
        details.blobProperties('recordings', names),
      );
      await new Promise((r) => setTimeout(r, 30));
      controller.abort();
      const abortedAt = Date.now();
      await expect(batch).rejects.toBeDefined();
      await new Promise((r) => setTimeout(r, 200));
      // Some calls ran before the abort; none started after it, and most of the 600 never did.
      expect(started.filter((t) => t > abortedAt)).toEqual([]);
      expect(started.length).toBeGreaterThan(0);
      expect(started.length).toBeLessThan(600);
    } finally {
      gate.run = run;
    }
  });

  it("answers a listing's abort as the client gone, not as storage not answering", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      context.withRequestContext({ signal: controller.signal }, () => blobs.listPage('recordings', { prefix: '', pageSize: 10 })),
    ).rejects.toBeInstanceOf(context.ClientGone);
  });
});
