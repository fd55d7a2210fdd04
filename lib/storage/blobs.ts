import 'server-only';
// Reading blobs: one page at a time (never a whole container), finds by tags, one blob's details,
// and short-lived read-only URLs so the browser takes bytes straight from storage.
import type { BlobDownloadResponseParsed, BlobItem } from '@azure/storage-blob';
import { env } from '../env';
import { isoSeconds } from '../time/zones';
import { mapLimit } from '../concurrency';
import { blobService } from './clients';
import { blobReadSasUrl, signingWindow } from './sas';

export type BlobRow = {
  name: string;
  size?: number;
  lastModified?: string;
  contentType?: string;
  tags?: Record<string, string>;
};

export type ListPage = { folders: string[]; blobs: BlobRow[]; nextMarker?: string };

function toRow(item: BlobItem): BlobRow {
  return {
    name: item.name,
    size: item.properties.contentLength,
    lastModified: item.properties.lastModified?.toISOString(),
    contentType: item.properties.contentType,
    tags: item.tags,
  };
}

/** The first blob in a container (for a ready-to-run example), or undefined when empty or unreadable. */
export async function firstBlobName(container: string): Promise<string | undefined> {
  try {
    const page = await blobService().getContainerClient(container).listBlobsFlat().byPage({ maxPageSize: 1 }).next();
    return page.done ? undefined : page.value.segment.blobItems[0]?.name;
  } catch {
    return undefined;
  }
}

/** One page of a virtual folder: sub-folders and blobs (with their tags), and the marker for the next page. */
export async function listPage(container: string, opts: { prefix: string; marker?: string; pageSize: number }): Promise<ListPage> {
  const page = await blobService()
    .getContainerClient(container)
    .listBlobsByHierarchy('/', { prefix: opts.prefix || undefined, includeTags: true })
    .byPage({ continuationToken: opts.marker || undefined, maxPageSize: opts.pageSize })
    .next();
  if (page.done) return { folders: [], blobs: [] };
  return {
    folders: page.value.segment.blobPrefixes?.map((p) => p.name) ?? [],
    blobs: page.value.segment.blobItems.map(toRow),
    nextMarker: page.value.continuationToken || undefined,
  };
}

/**
 * One page of Find Blobs by Tags, as Azure answers it: names and the tags the query named. Size,
 * last modified and every tag (which Storage Explorer's results lack) come from `blobProperties`,
 * which the page asks for separately so the find itself costs what the raw call costs.
 */
export async function findPage(where: string, opts: { container: string; marker?: string; pageSize: number }): Promise<{ blobs: BlobRow[]; nextMarker?: string }> {
  const page = await blobService()
    .findBlobsByTags(where)
    .byPage({ continuationToken: opts.marker || undefined, maxPageSize: opts.pageSize })
    .next();
  if (page.done) return { blobs: [] };
  return {
    blobs: page.value.blobs.filter((b) => b.containerName === opts.container).map((b) => ({ name: b.name, tags: b.tags ?? {} })),
    nextMarker: page.value.continuationToken || undefined,
  };
}

/** Size, dates, content type and every tag of the named blobs, fetched in parallel (32 at a time). */
export async function blobProperties(container: string, names: string[]): Promise<(BlobRow & { missing?: boolean })[]> {
  const client = blobService().getContainerClient(container);
  return mapLimit(names, 32, async (name) => {
    const blob = client.getBlobClient(name);
    const [properties, tags] = await Promise.allSettled([blob.getProperties(), blob.getTags()]);
    if (properties.status === 'rejected') {
      if ((properties.reason as { statusCode?: number }).statusCode === 404) return { name, missing: true };
      throw properties.reason;
    }
    const p = properties.value;
    return {
      name,
      size: p.contentLength,
      lastModified: p.lastModified?.toISOString(),
      contentType: p.contentType,
      tags: tags.status === 'fulfilled' ? tags.value.tags : undefined,
    };
  });
}

export type BlobDetails = {
  name: string;
  container: string;
  size?: number;
  contentType?: string;
  contentMD5?: string;
  accessTier?: string;
  leaseState?: string;
  createdOn?: string;
  lastModified?: string;
  etag?: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
};

export async function blobDetails(container: string, name: string): Promise<BlobDetails> {
  const blob = blobService().getContainerClient(container).getBlobClient(name);
  const [p, tags] = await Promise.all([blob.getProperties(), blob.getTags()]);
  return {
    name,
    container,
    size: p.contentLength,
    contentType: p.contentType,
    contentMD5: p.contentMD5 ? Buffer.from(p.contentMD5).toString('base64') : undefined,
    accessTier: p.accessTier,
    leaseState: p.leaseState,
    createdOn: p.createdOn?.toISOString(),
    lastModified: p.lastModified?.toISOString(),
    etag: p.etag,
    metadata: p.metadata ?? {},
    tags: tags.tags,
  };
}

export const DOWNLOAD_URL_MINUTES = 15;

/** A read-only URL for one blob, valid at most 15 minutes, that makes the browser save it. */
export function downloadUrl(container: string, name: string, now = new Date()): { url: string; expiresOn: string } {
  const window = signingWindow(now, new Date(now.getTime() + DOWNLOAD_URL_MINUTES * 60_000), now);
  const fileName = name.split('/').pop() || 'blob';
  return { url: blobReadSasUrl(env().storage, container, name, window, fileName), expiresOn: isoSeconds(window.expiresOn) };
}

/** A read-only URL for playing a blob in the page (no attachment disposition). */
export function playbackUrl(container: string, name: string, now = new Date()): string {
  const window = signingWindow(now, new Date(now.getTime() + DOWNLOAD_URL_MINUTES * 60_000), now);
  return blobReadSasUrl(env().storage, container, name, window);
}

async function bodyBytes(response: BlobDownloadResponseParsed, limit: number): Promise<Uint8Array> {
  const stream = response.readableStreamBody;
  if (!stream) return new Uint8Array();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= limit) break;
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, limit));
}

/** Bytes `offset`..`offset+count` of a blob (clamped to its end). */
export async function readRange(container: string, name: string, offset: number, count: number): Promise<Uint8Array> {
  const response = await blobService().getContainerClient(container).getBlobClient(name).download(offset, count);
  return bodyBytes(response, count);
}

/** The blob's bytes as a stream, for relaying into a zip. */
export async function openBlobStream(container: string, name: string, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
  const response = await blobService().getContainerClient(container).getBlobClient(name).download(0, undefined, { abortSignal: signal });
  return (response.readableStreamBody ?? []) as AsyncIterable<Uint8Array>;
}

/** The values of one tag seen in the first blobs of a container (for the query builder's choices). */
export async function sampleTagValues(container: string, key: string, sample = 500): Promise<string[]> {
  const page = await blobService().getContainerClient(container).listBlobsFlat({ includeTags: true }).byPage({ maxPageSize: sample }).next();
  const values = new Set<string>();
  if (!page.done) for (const b of page.value.segment.blobItems) if (b.tags?.[key]) values.add(b.tags[key]);
  return [...values].sort();
}
