import 'server-only';
// What a blob holds, read with a few range requests (never the whole blob): audio gets a short
// playback URL, CSV and text their first rows, a zip its entry list and its CSVs' first rows.
import { Inflate } from 'fflate';
import { parseCsvPreview } from '../preview/csv';
import { sniff, SNIFF_BYTES } from '../preview/sniff';
import { shownText, TEXT_PREVIEW_CAP } from '../preview/text';
import {
  entryDataRange,
  findEndOfCentralDirectory,
  LOCAL_HEADER_BYTES,
  parseCentralDirectory,
  ZIP_TAIL_BYTES,
} from '../preview/zip-directory';
import type { CsvTable, Preview } from '../blob-types';
import { blobService } from './clients';
import { playbackUrl, readRange } from './blobs';

const CSV_ROWS = 100;
/** The most storage calls one preview makes (properties, the head, a zip's tail and directory, 3 CSVs × 2). */
export const PREVIEW_STORAGE_CALLS = 10;
const ZIP_CSV_ROWS = 20;
const ZIP_LISTED = 200;
const ZIP_CSVS = 3;
const ZIP_CD_CAP = 4 * 1024 * 1024;
const ZIP_CSV_CAP = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8');
const INFLATED_CAP = 256 * 1024;

/**
 * Inflates at most INFLATED_CAP bytes (enough for the first rows): a zip's stated sizes can lie,
 * and deflate expands up to ~1000×, so the output is counted rather than trusted.
 */
function inflateHead(data: Uint8Array): { bytes: Uint8Array; partial: boolean } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const full = new Error('cap reached');
  const inflater = new Inflate((chunk) => {
    chunks.push(chunk.subarray(0, Math.max(0, INFLATED_CAP - total)));
    total += chunk.length;
    if (total >= INFLATED_CAP) throw full;
  });
  try {
    inflater.push(data, true);
  } catch (error) {
    if (error !== full) throw error;
  }
  const bytes = new Uint8Array(Math.min(total, INFLATED_CAP));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, partial: total >= INFLATED_CAP };
}

async function zipPreview(container: string, name: string, size: number): Promise<Preview> {
  const tailStart = Math.max(0, size - ZIP_TAIL_BYTES);
  const directory = findEndOfCentralDirectory(await readRange(container, name, tailStart, size - tailStart), size);
  if (!directory) return { kind: 'none', reason: 'the zip has no readable directory' };
  if (directory.cdSize > ZIP_CD_CAP) return { kind: 'none', reason: 'the zip directory is too large to preview' };
  const entries = parseCentralDirectory(await readRange(container, name, directory.cdOffset, directory.cdSize));
  const csvs: CsvTable[] = [];
  for (const entry of entries
    .filter((e) => !e.isDirectory && !e.encrypted && /\.csv$/i.test(e.name) && e.compressedSize > 0 && e.compressedSize <= ZIP_CSV_CAP)
    .slice(0, ZIP_CSVS)) {
    if (entry.method !== 0 && entry.method !== 8) continue;
    // A damaged entry (offsets past the data, bad header or data) is listed but not previewed.
    try {
      if (entry.localHeaderOffset + LOCAL_HEADER_BYTES > directory.cdOffset) continue;
      const range = entryDataRange(await readRange(container, name, entry.localHeaderOffset, LOCAL_HEADER_BYTES), entry);
      if (!range || range.start + range.length > directory.cdOffset) continue;
      const data = await readRange(container, name, range.start, range.length);
      const { bytes, partial } =
        entry.method === 8 ? inflateHead(data) : { bytes: data.subarray(0, INFLATED_CAP), partial: data.length > INFLATED_CAP };
      const table = parseCsvPreview(utf8.decode(bytes), ZIP_CSV_ROWS, { partial });
      csvs.push({ name: entry.name, header: table.header, rows: table.rows, truncated: table.truncated });
    } catch {
      continue;
    }
  }
  return {
    kind: 'zip',
    truncated: entries.length > ZIP_LISTED,
    entries: entries
      .slice(0, ZIP_LISTED)
      .map((e) => ({ name: e.name, size: e.size, compressedSize: e.compressedSize, modified: e.modified })),
    csvs,
  };
}

export async function previewBlob(container: string, name: string): Promise<Preview> {
  const properties = await blobService().getContainerClient(container).getBlobClient(name).getProperties();
  const size = properties.contentLength ?? 0;
  if (size === 0) return { kind: 'none', reason: 'the blob is empty' };
  const head = await readRange(container, name, 0, Math.min(size, SNIFF_BYTES));
  const kind = sniff(head, name);
  switch (kind.kind) {
    case 'audio':
      return { kind: 'audio', mime: kind.mime, label: kind.label, url: playbackUrl(container, name) };
    case 'zip':
      return zipPreview(container, name, size);
    case 'csv': {
      const whole = size <= SNIFF_BYTES;
      const table = parseCsvPreview(utf8.decode(head), CSV_ROWS, { partial: !whole });
      return { kind: 'csv', header: table.header, rows: table.rows, truncated: table.truncated || !whole };
    }
    case 'text':
    case 'json': {
      // A few bytes past the cap let previewText cut on a whole character.
      const bytes = size > head.length ? await readRange(container, name, 0, Math.min(size, TEXT_PREVIEW_CAP + 3)) : head;
      const shown = shownText(bytes);
      return { kind: kind.kind, text: shown.text, truncated: shown.truncated || size > bytes.length };
    }
    case 'gzip':
      return { kind: 'none', reason: 'gzip-compressed data' };
    case 'binary':
      return { kind: 'none', reason: kind.reason };
  }
}
