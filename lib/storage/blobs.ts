import 'server-only';
// Reading blobs: one page at a time (never a whole container), finds by tags, and short-lived
// read-only URLs so the browser takes bytes straight from storage (one blob's details: blob-details.ts).
import type { BlobDownloadResponseParsed } from '@azure/storage-blob';
import type { BlobRow, ListPage } from '../blob-types';
import { env } from '../env';
import { isoSeconds } from '../time/zones';
import { blobService } from './clients';
import { parseListXml } from './list-xml';
import { storageResponse } from './rest';
import { serverSas, storageGet } from './server-calls';
import type { OpenedSource } from '../zip/stream-zip';
import { accountBaseUrl, blobReadSasUrl, signingWindow } from './sas';

export type { BlobDetails, BlobRow, ListPage } from '../blob-types';

const EXAMPLE_BLOB_MS = 10 * 60_000;
const globalForExample = globalThis as unknown as { exampleBlobs?: Map<string, { name: string; until: number }> };

/**
 * The first blob in a container (for a ready-to-run example), or undefined when empty or
 * unreadable. Kept for ten minutes: it is only an example, and on the emulator the lookup costs a
 * scan of the whole container (~0.5 s at 100,000 blobs).
 */
export async function firstBlobName(container: string): Promise<string | undefined> {
  const cache = (globalForExample.exampleBlobs ??= new Map());
  const cached = cache.get(container);
  if (cached && cached.until > Date.now()) return cached.name;
  try {
    const page = await blobService().getContainerClient(container).listBlobsFlat().byPage({ maxPageSize: 1 }).next();
    const name = page.done ? undefined : page.value.segment.blobItems[0]?.name;
    if (name) cache.set(container, { name, until: Date.now() + EXAMPLE_BLOB_MS });
    return name;
  } catch {
    return undefined;
  }
}

/**
 * One page of a virtual folder: sub-folders and blobs (with their tags), and the marker for the
 * next page. A plain REST call read by a targeted parser: the SDK's generic XML deserializer cost
 * several times the storage call itself. Tried twice when storage cannot be reached.
 */
export async function listPage(container: string, opts: { prefix: string; marker?: string; pageSize: number }): Promise<ListPage> {
  const query = new URLSearchParams({
    restype: 'container',
    comp: 'list',
    include: 'tags',
    delimiter: '/',
    maxresults: String(opts.pageSize),
  });
  if (opts.prefix) query.set('prefix', opts.prefix);
  if (opts.marker) query.set('marker', opts.marker);
  return parseListXml(
    await storageGet(`${env().storage.blobEndpoint}/${encodeURIComponent(container)}?${query}&${serverSas({ container })}`),
  );
}

/**
 * One page of Find Blobs by Tags, as Azure answers it: names and the tags the query named. Size,
 * last modified and every tag (which Storage Explorer's results lack) come from `blobProperties`,
 * which the page asks for separately so the find itself costs what the raw call costs.
 */
export async function findPage(
  where: string,
  opts: { container: string; marker?: string; pageSize: number },
): Promise<{ blobs: BlobRow[]; nextMarker?: string }> {
  const query = new URLSearchParams({ comp: 'blobs', where, maxresults: String(opts.pageSize) });
  if (opts.marker) query.set('marker', opts.marker);
  const page = parseListXml(await storageGet(`${accountBaseUrl(env().storage.blobEndpoint)}?${query}&${serverSas('find')}`));
  return {
    blobs: page.blobs.filter((b) => b.containerName === opts.container).map((b) => ({ name: b.name, tags: b.tags ?? {} })),
    nextMarker: page.nextMarker,
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

/**
 * The blob's bytes as a stream, with the size and date its GET answered with, for relaying into a
 * zip: a plain GET through a short read SAS, so the bytes flow from the socket without the SDK's
 * pipeline in between. Only the headers must arrive within STORAGE_TIMEOUT_MS; the body then
 * streams for as long as it takes. A blob that is gone throws storage's 404 (BlobNotFound).
 */
export async function openBlobStream(container: string, name: string, signal: AbortSignal): Promise<OpenedSource> {
  const now = new Date();
  const response = await storageResponse(
    blobReadSasUrl(env().storage, container, name, signingWindow(now, new Date(now.getTime() + 60 * 60_000), now)),
    { signal },
  );
  const length = Number(response.headers['content-length']);
  const modified = new Date(response.headers['last-modified'] ?? '');
  return {
    body: response,
    size: Number.isSafeInteger(length) ? length : undefined,
    modified: Number.isNaN(modified.getTime()) ? undefined : modified,
  };
}

/** The values of one tag seen in the first blobs of a container (for the query builder's choices). */
export async function sampleTagValues(container: string, key: string, sample = 500): Promise<string[]> {
  const page = await blobService()
    .getContainerClient(container)
    .listBlobsFlat({ includeTags: true })
    .byPage({ maxPageSize: sample })
    .next();
  const values = new Set<string>();
  if (!page.done) for (const b of page.value.segment.blobItems) if (b.tags?.[key]) values.add(b.tags[key]);
  return [...values].sort();
}
