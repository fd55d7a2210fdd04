// Find Blobs by Tags against the embedded Azurite must page through EVERY match, like Azure does.
// Stock azurite 3.35.0 returns only the matches among the first `maxresults` blobs it scans and then an
// empty NextMarker, so everything after is lost (docs/azurite-find-blobs-by-tags.md). We carry a fix
// (patches/azurite+3.35.0.patch, applied by patch-package on install); this test fails without it.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type TestAzurite } from './azurite';

const TOTAL = 6_000;
const PAGE = 100;
const CONCURRENCY = 32;
/** Blobs in a second container that reuse names from `recordings` (a tie at service level). */
const ARCHIVE_TOTAL = 150;

const blobName = (i: number): string => `t/rec-${String(i).padStart(5, '0')}.bin`;
const isCall = (i: number): boolean => i % 3 === 0;
const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k + 1);

const expectedCalls = range(TOTAL).filter(isCall).map(blobName);
const archiveCalls = range(ARCHIVE_TOTAL).filter(isCall).map(blobName);

let azurite: TestAzurite | undefined;
let service: BlobServiceClient;
let recordings: ContainerClient;

async function runBounded<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function upload(container: ContainerClient, count: number): Promise<void> {
  await container.create();
  await runBounded(range(count), CONCURRENCY, (i) =>
    container.getBlockBlobClient(blobName(i)).upload(`#${i}`, String(i).length + 1, {
      tags: { RecordingType: isCall(i) ? 'CALL' : 'SCREEN' },
    }),
  );
}

type Hit = { name: string; containerName: string };
type Pages = { hits: Hit[]; pageSizes: number[]; lastMarker: string | undefined };

type FindPage = { blobs: Hit[]; continuationToken?: string };
type Findable = {
  findBlobsByTags(where: string): {
    byPage(o: { maxPageSize: number; continuationToken?: string }): AsyncIterator<FindPage> & AsyncIterable<FindPage>;
  };
};

/** One page (one request) of a Find Blobs by Tags query. */
async function onePage(client: Findable, where: string, maxPageSize: number, continuationToken?: string): Promise<FindPage> {
  const result = await client.findBlobsByTags(where).byPage({ maxPageSize, continuationToken }).next();
  expect(result.done).toBe(false);
  return result.value as FindPage;
}

/** Every page of a Find Blobs by Tags query, the SDK following NextMarker until it is empty. */
async function findAll(client: Findable, where: string): Promise<Pages> {
  const hits: Hit[] = [];
  const pageSizes: number[] = [];
  let lastMarker: string | undefined;
  for await (const page of client.findBlobsByTags(where).byPage({ maxPageSize: PAGE })) {
    pageSizes.push(page.blobs.length);
    hits.push(...page.blobs.map((b) => ({ name: b.name, containerName: b.containerName })));
    lastMarker = page.continuationToken;
  }
  return { hits, pageSizes, lastMarker };
}

function expectEachOnce(hits: Hit[], expected: Hit[]): void {
  const key = (h: Hit): string => `${h.containerName}/${h.name}`;
  const seen = new Map<string, number>();
  for (const h of hits) seen.set(key(h), (seen.get(key(h)) ?? 0) + 1);
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  expect(duplicates, 'returned more than once').toEqual([]);
  const want = new Set(expected.map(key));
  expect(
    [...seen.keys()].filter((k) => !want.has(k)),
    'returned but not a match',
  ).toEqual([]);
  expect([...want].filter((k) => !seen.has(k)).length, 'matches never returned').toBe(0);
  expect(hits).toHaveLength(expected.length);
}

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  recordings = service.getContainerClient('recordings');
  const started = Date.now();
  await Promise.all([upload(recordings, TOTAL), upload(service.getContainerClient('archive'), ARCHIVE_TOTAL)]);
  console.info(`uploaded ${TOTAL + ARCHIVE_TOTAL} tagged blobs in ${Date.now() - started} ms`);
}, 90_000);

afterAll(async () => {
  await azurite?.stop();
});

describe('Find Blobs by Tags on Azurite follows NextMarker through every match', () => {
  const inRecordings = expectedCalls.map((name) => ({ name, containerName: 'recordings' }));
  const inArchive = archiveCalls.map((name) => ({ name, containerName: 'archive' }));

  it(`container level: all ${expectedCalls.length} of ${TOTAL} blobs, pages of at most ${PAGE}`, async () => {
    const { hits, pageSizes, lastMarker } = await findAll(recordings, `RecordingType = 'CALL'`);
    console.info(`container level: ${hits.length} matches in ${pageSizes.length} pages`);
    expectEachOnce(hits, inRecordings);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(PAGE);
    expect(lastMarker ?? '').toBe('');
  });

  it(`service level with @container: all ${expectedCalls.length}, none from other containers`, async () => {
    const { hits, pageSizes } = await findAll(service, `@container='recordings' AND RecordingType = 'CALL'`);
    console.info(`service level, @container='recordings': ${hits.length} matches in ${pageSizes.length} pages`);
    expectEachOnce(hits, inRecordings);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(PAGE);
  });

  it('service level across containers: same blob name in two containers is returned for both', async () => {
    const { hits, pageSizes } = await findAll(service, `RecordingType = 'CALL'`);
    console.info(`service level, all containers: ${hits.length} matches in ${pageSizes.length} pages`);
    expectEachOnce(hits, [...inRecordings, ...inArchive]);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(PAGE);
  });

  it('the other tag value is complete too (SCREEN, two in three)', async () => {
    const { hits } = await findAll(recordings, `RecordingType = 'SCREEN'`);
    const want = range(TOTAL)
      .filter((i) => !isCall(i))
      .map((i) => ({ name: blobName(i), containerName: 'recordings' }));
    expectEachOnce(hits, want);
  });

  it('a query with no match: one empty page and an empty marker, at both levels', async () => {
    for (const client of [recordings, service] as Findable[]) {
      const { hits, pageSizes, lastMarker } = await findAll(client, `RecordingType = 'NONE'`);
      expect(hits).toEqual([]);
      expect(pageSizes).toEqual([0]);
      expect(lastMarker ?? '').toBe('');
    }
  });

  it('a page ends at its 100th match and its marker resumes right after it', async () => {
    // The first 100 matches are t/rec-00003 … t/rec-00300 (every third blob).
    const where = `RecordingType = 'CALL'`;
    const first = await onePage(recordings, where, PAGE);
    expect(first.blobs).toHaveLength(PAGE);
    expect(first.blobs.at(-1)!.name).toBe(blobName(300));
    expect(first.continuationToken).toBeTruthy();
    const second = await onePage(recordings, where, PAGE, first.continuationToken);
    expect(second.blobs[0]!.name).toBe(blobName(303));
  });

  it('a full page whose last match is the last blob: no marker, no empty extra page', async () => {
    // archive holds 150 blobs; its 50 CALL matches end with t/rec-00150, the last blob.
    const archive = service.getContainerClient('archive');
    const pages: FindPage[] = [];
    for await (const page of archive.findBlobsByTags(`RecordingType = 'CALL'`).byPage({ maxPageSize: archiveCalls.length }))
      pages.push(page);
    expect(pages.map((p) => p.blobs.length)).toEqual([archiveCalls.length]);
    expect(pages[0]!.continuationToken ?? '').toBe('');
  });

  it('service level: a page never ends between two containers holding the same blob name', async () => {
    // Azurite's marker is a blob name, so resuming skips every blob of that name: a page that would
    // split such a group ends before it instead (Azure may return fewer than maxresults).
    const twins = ['pair-a', 'pair-b'].map((c) => service.getContainerClient(c));
    for (const c of twins) {
      await c.create();
      for (let i = 1; i <= 5; i++) await c.getBlockBlobClient(`p/${i}`).upload('x', 1, { tags: { Pair: 'X' } });
    }
    const pages: Hit[][] = [];
    for await (const page of service.findBlobsByTags(`Pair = 'X'`).byPage({ maxPageSize: 3 })) pages.push(page.blobs);
    expect(pages.map((p) => p.map((h) => `${h.containerName}/${h.name}`))).toEqual([
      ['pair-a/p/1', 'pair-b/p/1'],
      ['pair-a/p/2', 'pair-b/p/2'],
      ['pair-a/p/3', 'pair-b/p/3'],
      ['pair-a/p/4', 'pair-b/p/4'],
      ['pair-a/p/5', 'pair-b/p/5'],
    ]);
    // More same-name matches than maxresults: the whole group comes back in one (oversized) page.
    const wide = await onePage(service, `Pair = 'X'`, 1);
    expect(wide.blobs.map((h) => h.containerName)).toEqual(['pair-a', 'pair-b']);
    expect(wide.continuationToken).toBe('p/1');
  });
});
