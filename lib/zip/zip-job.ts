// One zip download from start to end: each source's size and date come with its opening (a GET's
// headers: no lookups before the first byte), a source that turns out missing (a blob deleted since
// it was listed) is left out and named in NOT-INCLUDED.txt and the zip's comment rather than failing
// the whole download, and `onEnd` hears exactly once how it ended. Storage comes in through `open`.
import { prefetchNext } from './prefetch';
import { streamZip, type OpenedSource, type ZipSource } from './stream-zip';

export type ZipItem = { name: string; size?: number; modified?: Date };

/** How a zip ended, for the audit trail: what reached the client, and what was missing. */
export type ZipSummary = {
  outcome: 'ok' | 'cancelled' | 'failed';
  /** Blobs written (the note is not counted), and their bytes. */
  entries: number;
  bytes: number;
  missing: string[];
  /** Why it failed, when it did. */
  error?: unknown;
  reason?: string;
};

export type StartedZip = { stream: ReadableStream<Uint8Array> } | { allMissing: string[] };

export type ZipJobOptions = {
  open: (name: string, signal: AbortSignal) => Promise<OpenedSource>;
  /** True for an error that means the source no longer exists (skipped), not that reading failed. */
  isMissing: (error: unknown) => boolean;
  signal: AbortSignal;
  onEnd: (summary: ZipSummary) => void;
  /**
   * How long to wait for the first bytes before answering anyway. Waiting lets a zip whose blobs are
   * all gone be answered with a message instead of an archive; the bound keeps a long run of missing
   * blobs from holding the answer past a reverse proxy's timeout.
   */
  firstBytesWithinMs?: number;
};

export const MISSING_NOTE_NAME = 'NOT-INCLUDED.txt';

/** The note listing what the zip leaves out, as its last entry. */
export function missingNote(missing: string[], requested: number): ZipSource {
  const text =
    `${missing.length} of the ${requested} blob${requested === 1 ? '' : 's'} asked for were not in storage when this zip was made ` +
    `(deleted since they were listed, most likely), so the zip leaves ${missing.length === 1 ? 'it' : 'them'} out:\n\n${missing.join('\n')}\n`;
  const bytes = new TextEncoder().encode(text);
  return {
    name: MISSING_NOTE_NAME,
    size: bytes.length,
    open: async () =>
      (async function* () {
        yield bytes;
      })(),
  };
}

/** `noteName`: what the note is stored as, which differs only when a blob already took its name. */
export function missingComment(missing: number, requested: number, noteName = MISSING_NOTE_NAME): string | undefined {
  if (missing === 0) return undefined;
  return `${missing} of ${requested} blobs were not in storage and are left out; see ${noteName}.`;
}

export async function startZip(items: ZipItem[], opts: ZipJobOptions): Promise<StartedZip> {
  const missing: string[] = [];
  const progress = { entries: 0, bytes: 0 };
  let blobsDone: typeof progress | undefined; // where the blobs ended and the note began
  let noteStoredAs: string | undefined;
  const sources = prefetchNext(items.map((item) => ({ ...item, open: (signal: AbortSignal) => opts.open(item.name, signal) })));
  const zip = streamZip(
    (function* () {
      yield* sources;
      blobsDone = { ...progress };
      if (missing.length) yield missingNote(missing, items.length);
    })(),
    {
      signal: opts.signal,
      // Only a blob can be missing; the note failing (it cannot) would end the zip.
      onError: (name, error) => (blobsDone === undefined && opts.isMissing(error) ? (missing.push(name), 'skip') : 'abort'),
      onProgress: (p) => Object.assign(progress, { entries: p.entriesDone, bytes: p.bytesIn }),
      onEntry: (_name, storedAs) => {
        if (blobsDone !== undefined) noteStoredAs = storedAs;
      },
      comment: () => missingComment(missing.length, items.length, noteStoredAs),
    },
  );

  let ended = false;
  const end = (outcome: ZipSummary['outcome'], more: Pick<ZipSummary, 'error' | 'reason'> = {}) => {
    if (ended) return;
    ended = true;
    const sent = blobsDone ?? progress;
    opts.onEnd({ outcome, entries: sent.entries, bytes: sent.bytes, missing: [...missing], ...more });
  };
  const stopped = (error: unknown) => end(opts.signal.aborted ? 'cancelled' : 'failed', { error });

  const reader = zip.getReader();
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = reader.read();
  pending.catch(() => undefined); // handled where it is awaited
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arrived = await Promise.race([
    pending.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), opts.firstBytesWithinMs ?? 2_000))),
  ]);
  clearTimeout(timer);
  if (arrived) {
    try {
      await pending;
    } catch (error) {
      stopped(error);
      throw error;
    }
    if (missing.length === items.length) {
      void reader.cancel().catch(() => undefined);
      end('failed', { reason: 'none of the blobs exist' });
      return { allMissing: missing };
    }
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = pending ?? reader.read();
        pending = undefined;
        try {
          const result = await next;
          if (result.done) {
            controller.close();
            end('ok');
          } else controller.enqueue(result.value);
        } catch (error) {
          controller.error(error);
          stopped(error);
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
