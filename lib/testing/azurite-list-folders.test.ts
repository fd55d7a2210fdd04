// Listing with a delimiter against the embedded Azurite: the project's patch (patches/azurite+3.35.0.patch)
// reads a page by name and skips the rest of a folder it ends in, where stock azurite 3.35.0 read on
// through every blob of that folder, a filter and sort of the whole container per 100 (minutes for a
// root at 100,000 blobs). The pages must be exactly what the stock path gives, which still answers
// listings that include snapshots: both are listed here and compared, page by page.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../concurrency';
import { startAzurite, type TestAzurite } from './azurite';

let azurite: TestAzurite | undefined;
let container: ContainerClient;

const names = [
  'a.txt',
  ...Array.from({ length: 250 }, (_, i) => `f1/${String(i).padStart(4, '0')}.bin`),
  'f1/sub/x.bin',
  'f2/1.bin',
  'f2/2.bin',
  'f2/3.bin',
  'g.txt',
  ...Array.from({ length: 120 }, (_, i) => `h/${String(i).padStart(4, '0')}.bin`),
  'z.txt',
];

beforeAll(async () => {
  azurite = await startAzurite(['blob']);
  container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('folders');
  await container.create();
  await mapLimit(names, 32, (name) => container.getBlockBlobClient(name).upload('x', 1));
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

type Page = { items: string[]; next?: string };

/** Every page of a listing: its folders and blobs in order, and its continuation. */
async function pages(prefix: string, size: number, stock: boolean): Promise<Page[]> {
  const out: Page[] = [];
  // Listing snapshots too takes Azurite's stock path (there are none here, so the answers must match).
  for await (const page of container.listBlobsByHierarchy('/', { prefix, includeSnapshots: stock }).byPage({ maxPageSize: size })) {
    const items = [...page.segment.blobPrefixes!.map((p) => p.name), ...page.segment.blobItems.map((b) => b.name)].sort();
    out.push({ items, next: page.continuationToken || undefined });
    if (out.length > 50) throw new Error('the listing does not end');
  }
  return out;
}

describe('listing folders on the patched Azurite', () => {
  it('gives the root of a container whose blobs sit in folders, page by page, as the stock path does', async () => {
    const fast = await pages('', 2, false);
    expect(fast.map((p) => p.items)).toEqual([
      ['a.txt', 'f1/'],
      ['f2/', 'g.txt'],
      ['h/', 'z.txt'],
    ]);
    expect(fast).toEqual(await pages('', 2, true));
    expect((await pages('', 100, false)).map((p) => p.items)).toEqual([['a.txt', 'f1/', 'f2/', 'g.txt', 'h/', 'z.txt']]);
  });

  it('pages through a folder, its sub-folder last, as the stock path does', async () => {
    const fast = await pages('f1/', 100, false);
    expect(fast.map((p) => p.items.length)).toEqual([100, 100, 51]);
    expect(fast[2]!.items.at(-1)).toBe('f1/sub/');
    expect(fast.at(-1)!.next).toBeUndefined();
    expect(fast).toEqual(await pages('f1/', 100, true));
  });

  it('ends a page on a folder with a marker past all of its blobs', async () => {
    const [first, second] = await pages('', 3, false);
    expect(first!.items).toEqual(['a.txt', 'f1/', 'f2/']);
    expect(second!.items).toEqual(['g.txt', 'h/', 'z.txt']);
    expect(first).toEqual((await pages('', 3, true))[0]);
  });
});
