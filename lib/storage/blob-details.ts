import 'server-only';
// One blob's properties and tags (the details panel), and those of a page of found blobs (Find Blobs
// by Tags returns only names): plain HEAD and GET ?comp=tags calls, read from their headers and a
// small XML answer.
import type { BlobDetails, BlobRow } from '../blob-types';
import { mapLimit } from '../concurrency';
import { env } from '../env';
import { parseTagsXml } from './list-xml';
import { blobUrl } from './sas';
import { serverSas, storageCall, type Reply } from './server-calls';

const header = (reply: Reply, name: string): string | undefined => {
  const value = reply.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const isoDate = (value: string | undefined): string | undefined => {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
};

/** Metadata names as stored (Node lowercases `headers`; `rawHeaders` keeps their case). */
function metadataOf(reply: Reply): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (let i = 0; i < reply.rawHeaders.length; i += 2) {
    const name = reply.rawHeaders[i]!;
    if (name.toLowerCase().startsWith('x-ms-meta-')) metadata[name.slice('x-ms-meta-'.length)] = reply.rawHeaders[i + 1]!;
  }
  return metadata;
}

const properties = (container: string, name: string) =>
  storageCall(`${blobUrl(env().storage.blobEndpoint, container, name)}?${serverSas({ container, permissions: 'rt' })}`, 'HEAD');
const tagsOf = async (container: string, name: string) =>
  parseTagsXml(
    (await storageCall(`${blobUrl(env().storage.blobEndpoint, container, name)}?comp=tags&${serverSas({ container, permissions: 'rt' })}`))
      .body,
  );

/** Every property, metadata and tag of one blob. */
export async function blobDetails(container: string, name: string): Promise<BlobDetails> {
  const [p, tags] = await Promise.all([properties(container, name), tagsOf(container, name)]);
  const size = Number(header(p, 'content-length'));
  return {
    name,
    container,
    size: Number.isSafeInteger(size) ? size : undefined,
    contentType: header(p, 'content-type'),
    contentMD5: header(p, 'content-md5'),
    accessTier: header(p, 'x-ms-access-tier'),
    leaseState: header(p, 'x-ms-lease-state'),
    createdOn: isoDate(header(p, 'x-ms-creation-time')),
    lastModified: isoDate(header(p, 'last-modified')),
    etag: header(p, 'etag'),
    metadata: metadataOf(p),
    tags,
  };
}

/**
 * Size, dates, content type and every tag of the named blobs, fetched in parallel (32 at a time);
 * `{ tags: false }` leaves the tags out (one call per blob instead of two).
 */
export async function blobProperties(
  container: string,
  names: string[],
  opts: { tags?: boolean } = {},
): Promise<(BlobRow & { missing?: boolean })[]> {
  return mapLimit(names, 32, async (name) => {
    const [p, tags] = await Promise.allSettled([
      properties(container, name),
      opts.tags === false ? Promise.resolve(undefined) : tagsOf(container, name),
    ]);
    if (p.status === 'rejected') {
      if ((p.reason as { statusCode?: number }).statusCode === 404) return { name, missing: true };
      throw p.reason;
    }
    const size = Number(header(p.value, 'content-length'));
    return {
      name,
      size: Number.isSafeInteger(size) ? size : undefined,
      lastModified: isoDate(header(p.value, 'last-modified')),
      contentType: header(p.value, 'content-type'),
      tags: tags.status === 'fulfilled' ? tags.value : undefined,
    };
  });
}
