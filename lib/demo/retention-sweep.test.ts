import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';
import { sweepExpired } from './retention-sweep';

let azurite: TestAzurite;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

it('removes only blobs whose retention has passed, by StoredTime', async () => {
  const c = service.getContainerClient('recordings');
  await c.create();
  const put = (name: string, stored?: string) => c.getBlockBlobClient(name).upload('x', 1, stored ? { tags: { StoredTime: stored } } : {});
  await put('t/old.bin', '2026-10-01T00:00:00Z');
  await put('t/fresh.bin', '2026-11-25T00:00:00Z');
  await put('t/untagged.bin');
  const now = new Date('2026-12-01T00:00:00Z');
  const result = await sweepExpired(service, { containers: ['recordings', 'missing'], retentionDays: 30, now });
  expect(result).toEqual({ deleted: 1, checked: 3 });
  const left: string[] = [];
  for await (const b of c.listBlobsFlat()) left.push(b.name);
  expect(left.sort()).toEqual(['t/fresh.bin', 't/untagged.bin']);
});
