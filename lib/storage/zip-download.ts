import 'server-only';
// A zip of blobs, streamed from storage as it goes: each blob's size and date come with its GET
// (no lookups before the first byte), and a blob deleted since it was listed is left out and named
// in NOT-INCLUDED.txt and the zip's comment rather than failing the whole download.
import { storageErrorCode, storageStatus } from './errors';
import { openBlobStream } from './blobs';
import { prefetchNext } from '../zip/prefetch';
import { streamZip, type ZipSource } from '../zip/stream-zip';

export type ZipItem = { name: string; size?: number; modified?: Date };

/** How a zip ended, for the audit trail: what reached the client, and what was missing. */
export type ZipSummary = { outcome: 'ok' | 'cancelled' | 'failed'; entries: number; bytes: number; missing: string[]; error?: unknown };

export type OpenedZip = { stream: ReadableStream<Uint8Array> } | { allMissing: string[] };

export const MISSING_NOTE_NAME = 'NOT-INCLUDED.txt';

function isMissing(error: unknown): boolean {
  return storageStatus(error) === 404 || storageErrorCode(error) === 'BlobNotFound';
}

/** The note listing what the zip leaves out, as its last entry. */
export function missingNote(missing: string[], requested: number): ZipSource {
  const text =
    `${missing.length} of the ${requested} blob${requested === 1 ? '' : 's'} asked for were not in storage when this zip was made ` +
    `(deleted since they were listed, most likely), so the zip leaves ${missing.length === 1 ? 'it' : 'them'} out:\n\n${missing.join('\n')}\n`;
  return { name: MISSING_NOTE_NAME, size: Buffer.byteLength(text), open: async () => (async function* () {
    yield Buffer.from(text);
  })() };
}

export function missingComment(missing: number, requested: number): string | undefined {
  if (missing === 0) return undefined;
  return `${missing} of ${requested} blobs were not in storage and are left out; see ${MISSING_NOTE_NAME}.`;
}

/**
 * Starts the zip and waits for its first bytes, so a failure to reach storage, or every blob being
 * gone, is still answered with a status and a message; after that the zip streams, and `onEnd`
 * hears once how it ended (finished, cancelled by the client, or broken off).
 */
export async function openZip(
  container: string,
  items: ZipItem[],
  opts: { signal: AbortSignal; onEnd: (summary: ZipSummary) => void },
): Promise<OpenedZip> {
  const missing: string[] = [];
  const progress = { entries: 0, bytes: 0 };
  let blobsDone: typeof progress | undefined; // where the blobs ended and the note began
  const sources = prefetchNext(items.map((item) => ({ ...item, open: (signal: AbortSignal) => openBlobStream(container, item.name, signal) })));
  const zip = streamZip(
    (function* () {
      yield* sources;
      blobsDone = { ...progress };
      if (missing.length) yield missingNote(missing, items.length);
    })(),
    {
      signal: opts.signal,
      onError: (name, error) => (isMissing(error) && name !== MISSING_NOTE_NAME ? (missing.push(name), 'skip') : 'abort'),
      onProgress: (p) => Object.assign(progress, { entries: p.entriesDone, bytes: p.bytesIn }),
      comment: () => missingComment(missing.length, items.length),
    },
  );
  const reader = zip.getReader();
  const first = await reader.read();
  if (missing.length === items.length) {
    void reader.cancel().catch(() => undefined);
    return { allMissing: missing };
  }
  let ended = false;
  const end = (outcome: ZipSummary['outcome'], error?: unknown) => {
    if (ended) return;
    ended = true;
    // The note is an entry of the zip, not a blob sent.
    const sent = blobsDone ?? progress;
    opts.onEnd({ outcome, entries: sent.entries, bytes: sent.bytes, missing: [...missing], error });
  };
  let pending: Uint8Array | undefined = first.value;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        try {
          const next = await reader.read();
          if (next.done) {
            controller.close();
            end('ok');
          } else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
          end(opts.signal.aborted ? 'cancelled' : 'failed', error);
        }
      },
      cancel(reason) {
        end('cancelled');
        return reader.cancel(reason);
      },
    },
    // The zip's own queue does the reading ahead; this one only hands chunks on.
    { highWaterMark: 0 },
  );
  return { stream };
}
