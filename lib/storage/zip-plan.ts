import 'server-only';
// What goes into a zip download: the named blobs, or every blob a find query matches (with their
// sizes, so the download can show its progress), bounded so one request cannot ask for a whole account.
// What cannot be zipped is refused with a RequestError, its sentence and status.
import { blobNameProblem } from '../validations/blobs';
import { MAX_ZIP_BLOBS } from '../validations/find';
import { blobProperties } from './blob-details';
import { findPage } from './blobs';
import type { ZipItem } from '../zip/zip-job';
import { RequestError } from '../request-error';

export type ZipPlan = { items: ZipItem[]; totalBytes?: number };

/**
 * The named blobs, each once. Nothing is looked up here: each blob's size and date come with its
 * GET while the zip streams, and one deleted meanwhile is left out then (see startZip in lib/zip/zip-job.ts).
 */
export function planNamedZip(names: string[]): ZipPlan {
  const unsafe = names.filter((n) => blobNameProblem(n));
  if (unsafe.length) throw new RequestError(`These names cannot go into a zip safely: ${unsafe.slice(0, 3).join(', ')}.`, 422);
  return { items: [...new Set(names)].map((name) => ({ name })) };
}

export async function planQueryZip(container: string, where: string): Promise<ZipPlan> {
  const items: ZipItem[] = [];
  let marker: string | undefined;
  do {
    const page = await findPage(where, { container, marker, pageSize: 500 });
    for (const b of await blobProperties(
      container,
      page.blobs.map((f) => f.name),
      { tags: false },
    )) {
      // Deleted since the find: nothing to put in the zip.
      if (b.missing || b.size === undefined) continue;
      items.push({ name: b.name, size: b.size, modified: b.lastModified ? new Date(b.lastModified) : undefined });
    }
    if (items.length > MAX_ZIP_BLOBS) {
      throw new RequestError(
        `The query finds more than ${MAX_ZIP_BLOBS.toLocaleString('en-US')} blobs. Narrow it (a shorter StoredTime range) and download in parts.`,
        413,
      );
    }
    marker = page.nextMarker;
  } while (marker);
  if (items.length === 0) throw new RequestError('The query finds no blobs.', 404);
  // Storage allows names a zip must not carry (.., backslashes): refuse them by name rather than write them.
  const unsafe = items.filter((i) => blobNameProblem(i.name)).map((i) => i.name);
  if (unsafe.length)
    throw new RequestError(
      `Some found blobs have names that cannot go into a zip safely: ${unsafe.slice(0, 3).join(', ')}. Download them one by one.`,
      422,
    );
  return { items, totalBytes: items.reduce((a, b) => a + (b.size ?? 0), 0) };
}
