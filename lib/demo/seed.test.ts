import { createHash } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from '../testing/azurite';
import { demoInteractions, exportChunks, gimExportFiles } from './gim-export';
import { demoBlobBytes, demoRecordings } from './recordings';
import { ANCHOR_METADATA_KEY, GIM_EXPORT_CONTAINER, RECORDINGS_CONTAINER, seedDemoData } from './seed';

const TENANT = 'mytenant';
const COUNT = 30;
const FIRST_NOW = new Date('2026-11-29T12:00:00.000Z');

let azurite: TestAzurite | undefined;
let service: BlobServiceClient;
let recordings: ContainerClient;
let gim: ContainerClient;

const md5 = (body: Buffer): string => createHash('md5').update(body).digest('base64');
const quiet = { log: () => {} };

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  recordings = service.getContainerClient(RECORDINGS_CONTAINER);
  gim = service.getContainerClient(GIM_EXPORT_CONTAINER);
}, 20_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('seedDemoData against Azurite', () => {
  const expected = demoRecordings({ tenant: TENANT, anchor: FIRST_NOW, count: COUNT });
  const expectedFiles = gimExportFiles(
    exportChunks(demoInteractions(expected, { tenant: TENANT, anchor: FIRST_NOW }), { anchor: FIRST_NOW }),
  );
  const total = COUNT + expectedFiles.length;

  it('first run creates private containers, recordings with tags and the GIM export', async () => {
    const messages: string[] = [];
    const result = await seedDemoData(service, { tenant: TENANT, count: COUNT, now: FIRST_NOW, log: (m) => messages.push(m) });
    expect(result).toEqual({ created: total, skipped: 0, anchor: FIRST_NOW.toISOString() });
    expect(messages.at(-1)).toContain(`seeded ${COUNT} recordings (${COUNT} new, 0 already there)`);

    const props = await recordings.getProperties();
    expect(props.metadata?.[ANCHOR_METADATA_KEY]).toBe(FIRST_NOW.toISOString());
    expect(props.blobPublicAccess).toBeUndefined();
    expect((await gim.getProperties()).blobPublicAccess).toBeUndefined();

    const listed = new Map<string, { tags?: Record<string, string>; md5?: string; type?: string }>();
    for await (const blob of recordings.listBlobsFlat({ includeTags: true, includeMetadata: true })) {
      const contentMD5 = blob.properties.contentMD5;
      listed.set(blob.name, {
        tags: blob.tags,
        md5: contentMD5 ? Buffer.from(contentMD5).toString('base64') : undefined,
        type: blob.properties.contentType,
      });
      expect(blob.metadata?.interactionid).toBe(expected.find((r) => r.name === blob.name)?.interactionId);
    }
    expect([...listed.keys()].sort()).toEqual(expected.map((r) => r.name).sort());
    for (const rec of expected) {
      expect(listed.get(rec.name)?.tags).toEqual({ RecordingType: rec.recordingType, StoredTime: rec.storedTime });
      expect(listed.get(rec.name)?.type).toBe('application/octet-stream');
      expect(listed.get(rec.name)?.md5).toBe(md5(demoBlobBytes(rec)));
    }
    const sample = expected[0];
    if (!sample) throw new Error('no recordings');
    const { tags } = await recordings.getBlobClient(sample.name).getTags();
    expect(tags).toEqual({ RecordingType: sample.recordingType, StoredTime: sample.storedTime });
    expect((await recordings.getBlobClient(sample.name).downloadToBuffer()).equals(demoBlobBytes(sample))).toBe(true);

    const gimNames: string[] = [];
    for await (const blob of gim.listBlobsFlat()) {
      gimNames.push(blob.name);
      const file = expectedFiles.find((f) => f.name === blob.name);
      expect(blob.properties.contentType).toBe(file?.contentType);
      expect(blob.properties.contentLength).toBe(file?.body.length);
    }
    expect(gimNames.sort()).toEqual(expectedFiles.map((f) => f.name).sort());
    expect(gimNames.length).toBeGreaterThan(5);
    expect(gimNames.every((n) => /^export_\d+_[\d_]{19}\/export_\d+_[\d_]{19}\.zip$/.test(n))).toBe(true);
  });

  it('second run reuses the recorded anchor and creates nothing', async () => {
    const later = new Date(FIRST_NOW.getTime() + 3 * 86_400_000);
    const result = await seedDemoData(service, { tenant: TENANT, count: COUNT, now: later, ...quiet });
    expect(result).toEqual({ created: 0, skipped: total, anchor: FIRST_NOW.toISOString() });
  });

  it('never overwrites a blob that was changed by hand', async () => {
    const victim = expected[1];
    if (!victim) throw new Error('no recordings');
    const handMade = Buffer.from('edited by hand');
    await recordings.getBlockBlobClient(victim.name).upload(handMade, handMade.length);
    const result = await seedDemoData(service, { tenant: TENANT, count: COUNT, ...quiet });
    expect(result.created).toBe(0);
    expect((await recordings.getBlobClient(victim.name).downloadToBuffer()).equals(handMade)).toBe(true);
  });

  it('recreates exactly the blobs that were deleted', async () => {
    const [rec, file] = [expected[2], expectedFiles[0]];
    if (!rec || !file) throw new Error('nothing seeded');
    await recordings.deleteBlob(rec.name);
    await gim.deleteBlob(file.name);
    const result = await seedDemoData(service, { tenant: TENANT, count: COUNT, ...quiet });
    expect(result).toEqual({ created: 2, skipped: total - 2, anchor: FIRST_NOW.toISOString() });
    expect((await recordings.getBlobClient(rec.name).downloadToBuffer()).equals(demoBlobBytes(rec))).toBe(true);
    expect((await recordings.getBlobClient(rec.name).getTags()).tags.RecordingType).toBe(rec.recordingType);
    expect((await gim.getBlobClient(file.name).downloadToBuffer()).equals(file.body)).toBe(true);
  });

  it('counts a blob that appears between listing and upload as skipped (If-None-Match: *)', async () => {
    // Two concurrent runs both find the blobs missing; whichever loses each race gets BlobAlreadyExists.
    for (const rec of expected.slice(0, 10)) await recordings.deleteBlob(rec.name);
    const runs = await Promise.all([1, 2].map(() => seedDemoData(service, { tenant: TENANT, count: COUNT, ...quiet })));
    expect(runs.map((r) => r.created).reduce((a, b) => a + b)).toBe(10);
    expect(runs.map((r) => r.skipped).reduce((a, b) => a + b)).toBe(2 * total - 10);
    for (const rec of expected.slice(0, 10)) {
      expect(md5(await recordings.getBlobClient(rec.name).downloadToBuffer())).toBe(md5(demoBlobBytes(rec)));
    }
  });

  it('refuses to pick a new anchor when the recorded one is unreadable', async () => {
    const { metadata = {} } = await recordings.getProperties();
    await recordings.setMetadata({ ...metadata, [ANCHOR_METADATA_KEY]: 'not-a-date' });
    await expect(seedDemoData(service, { tenant: TENANT, count: COUNT, ...quiet })).rejects.toThrow(/not a date/);
    expect((await recordings.getProperties()).metadata?.[ANCHOR_METADATA_KEY]).toBe('not-a-date');
  });
});
