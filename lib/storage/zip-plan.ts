import 'server-only';
// What goes into a zip download: the named blobs (checked to exist, with their sizes) or every
// blob a find query matches, bounded so one request cannot ask for a whole account.
import { mapLimit } from '../concurrency';
import { blobService } from './clients';
import { blobNameProblem } from '../validations/blobs';
import { blobProperties, findPage } from './blobs';

export const MAX_ZIP_BLOBS = 10_000;

export type ZipItem = { name: string; size: number; modified?: Date };
export type ZipPlan = { items: ZipItem[]; totalBytes: number } | { error: string; status: number };

export async function planNamedZip(container: string, names: string[]): Promise<ZipPlan> {
  const unsafe = names.filter((n) => blobNameProblem(n));
  if (unsafe.length) return { status: 422, error: `These names cannot go into a zip safely: ${unsafe.slice(0, 3).join(', ')}.` };
  const client = blobService().getContainerClient(container);
  const unique = [...new Set(names)];
  const found = await mapLimit(unique, 32, async (name) => {
    try {
      const p = await client.getBlobClient(name).getProperties();
      return { name, size: p.contentLength ?? 0, modified: p.lastModified };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return { name, missing: true as const };
      throw error;
    }
  });
  const missing = found.filter((f) => 'missing' in f).map((f) => f.name);
  if (missing.length) {
    return { status: 404, error: `${missing.length} selected blob${missing.length === 1 ? ' no longer exists' : 's no longer exist'} (deleted since they were listed): ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}.` };
  }
  const items = found.filter((f): f is ZipItem => !('missing' in f));
  return { items, totalBytes: items.reduce((a, b) => a + b.size, 0) };
}

export async function planQueryZip(container: string, where: string): Promise<ZipPlan> {
  const items: ZipItem[] = [];
  let marker: string | undefined;
  do {
    const page = await findPage(where, { container, marker, pageSize: 500 });
    for (const b of await blobProperties(container, page.blobs.map((f) => f.name))) {
      // Deleted since the find: nothing to put in the zip.
      if (b.missing || b.size === undefined) continue;
      items.push({ name: b.name, size: b.size, modified: b.lastModified ? new Date(b.lastModified) : undefined });
    }
    if (items.length > MAX_ZIP_BLOBS) {
      return { status: 413, error: `The query finds more than ${MAX_ZIP_BLOBS.toLocaleString('en-US')} blobs. Narrow it (a shorter StoredTime range) and download in parts.` };
    }
    marker = page.nextMarker;
  } while (marker);
  if (items.length === 0) return { status: 404, error: 'The query finds no blobs.' };
  // Storage allows names a zip must not carry (.., backslashes): refuse them by name rather than write them.
  const unsafe = items.filter((i) => blobNameProblem(i.name)).map((i) => i.name);
  if (unsafe.length) return { status: 422, error: `Some found blobs have names that cannot go into a zip safely: ${unsafe.slice(0, 3).join(', ')}. Download them one by one.` };
  return { items, totalBytes: items.reduce((a, b) => a + b.size, 0) };
}
