import { createHash } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';

// The REST reads of one blob's properties and tags, against what the SDK reads of the same blob.
let azurite: TestAzurite;
let details: typeof import('./blob-details');
let service: BlobServiceClient;
const name = 'tenant/Folder with space/ünïcode+plus.mp3.bin';
const body = Buffer.from('not really audio');

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  process.env.AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.SAS_CONTAINERS = 'recordings';
  details = await import('./blob-details');
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const container = service.getContainerClient('recordings');
  await container.createIfNotExists();
  await container.getBlockBlobClient(name).upload(body, body.length, {
    metadata: { AgentId: '4711', source: 'demo' },
    tags: { RecordingType: 'CALL', StoredTime: '2026-12-01T10:00:00Z', 'with space': 'a+b = c/d' },
    blobHTTPHeaders: { blobContentType: 'audio/mpeg', blobContentMD5: createHash('md5').update(body).digest() },
  });
}, 30_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('blobDetails', () => {
  it('reads what the SDK reads: size, type, MD5, dates, tier, lease, metadata (names as stored) and tags', async () => {
    const blob = service.getContainerClient('recordings').getBlobClient(name);
    const [sdk, sdkTags] = await Promise.all([blob.getProperties(), blob.getTags()]);
    expect(await details.blobDetails('recordings', name)).toEqual({
      name,
      container: 'recordings',
      size: body.length,
      contentType: 'audio/mpeg',
      contentMD5: Buffer.from(sdk.contentMD5!).toString('base64'),
      accessTier: sdk.accessTier,
      leaseState: sdk.leaseState,
      createdOn: sdk.createdOn!.toISOString(),
      lastModified: sdk.lastModified!.toISOString(),
      etag: sdk.etag,
      metadata: { AgentId: '4711', source: 'demo' },
      tags: sdkTags.tags,
    });
  });

  it("answers a missing blob with storage's 404", async () => {
    await expect(details.blobDetails('recordings', 'tenant/nope.bin')).rejects.toMatchObject({ statusCode: 404, code: 'BlobNotFound' });
  });
});

describe('blobProperties', () => {
  it('reads a page of blobs, marking the missing ones, with or without tags', async () => {
    const rows = await details.blobProperties('recordings', [name, 'tenant/gone.bin']);
    expect(rows).toEqual([
      expect.objectContaining({
        name,
        size: body.length,
        contentType: 'audio/mpeg',
        tags: expect.objectContaining({ 'with space': 'a+b = c/d' }),
      }),
      { name: 'tenant/gone.bin', missing: true },
    ]);
    expect((await details.blobProperties('recordings', [name], { tags: false }))[0]!.tags).toBeUndefined();
  });
});
