// Reads a zip source's body (a web stream, an async iterable or a Node stream) in joined chunks of at
// least a given size, and lets every await give way at once to an abort. Used by stream-zip.ts.

export type SourceBody = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** What `open` may return instead of a bare body: the body, and the size and date it came with (over the source's). */
export type OpenedSource = { body: SourceBody; size?: number; modified?: Date };

export function opened(result: SourceBody | OpenedSource): OpenedSource {
  return 'getReader' in result || Symbol.asyncIterator in result ? { body: result } : result;
}

export type ChunkReader = {
  /** The next bytes, joined until at least `bytes` or the end; undefined at the end. Rejects with the abort reason once aborted. */
  read: (bytes: number) => Promise<Uint8Array | undefined>;
  close: () => Promise<unknown>;
};

export function chunkReader(body: SourceBody, signal: AbortSignal): ChunkReader {
  if (isNodeReadable(body)) return nodeStreamReader(body, signal);
  let next: () => Promise<Uint8Array | undefined>;
  let close: () => Promise<unknown>;
  if ('getReader' in body) {
    const reader = body.getReader();
    next = () => nextNonEmpty(() => reader.read());
    close = () => reader.cancel();
  } else {
    const iterator = body[Symbol.asyncIterator]();
    next = () => nextNonEmpty(() => iterator.next());
    close = async () => iterator.return?.();
  }
  return {
    close,
    async read(bytes) {
      const first = await abortable(next(), signal);
      if (!first || first.length >= bytes) return first;
      const parts = [first];
      let size = first.length;
      while (size < bytes) {
        const more = await abortable(next(), signal);
        if (!more) break;
        parts.push(more);
        size += more.length;
      }
      return parts.length === 1 ? first : Buffer.concat(parts, size);
    },
  };
}

type NodeReadable = AsyncIterable<Uint8Array> & {
  on(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(error?: Error): unknown;
  readableEnded: boolean;
  destroyed: boolean;
  errored?: unknown;
};

/** A Node stream destroyed before it ended (its connection closed early): it will send nothing more. */
export function closedBeforeEnd(body: unknown): boolean {
  const stream = body as Partial<NodeReadable>;
  return stream.destroyed === true && stream.readableEnded !== true;
}

function isNodeReadable(body: SourceBody): body is NodeReadable {
  const candidate = body as Partial<NodeReadable>;
  return (
    typeof candidate.on === 'function' &&
    typeof candidate.pause === 'function' &&
    typeof candidate.resume === 'function' &&
    typeof candidate.destroy === 'function'
  );
}

/**
 * A Node stream (storage's HTTP response) read from its 'data' events, paused once a joined chunk's
 * worth has arrived. An async iterator costs several promises per ~64 KiB socket read (and each one
 * runs Next.js's async-context hooks); this costs one per joined chunk, and the socket's own buffer
 * holds what arrives meanwhile.
 */
function nodeStreamReader(stream: NodeReadable, signal: AbortSignal): ChunkReader {
  let parts: Buffer[] = [];
  let size = 0;
  let want = Infinity;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const settle = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    settle();
  };
  const onAbort = () => {
    fail(signal.reason);
    stream.destroy();
  };
  // A stream that ended or closed before this reader came (an early-opened response) sends no more events.
  if (stream.readableEnded) ended = true;
  else if (closedBeforeEnd(stream)) failure = { error: stream.errored ?? new Error('The source closed before its end') };
  stream.pause();
  stream.on('data', (chunk: Uint8Array) => {
    if (!(chunk instanceof Uint8Array)) return fail(new TypeError(`Zip sources must yield Uint8Array chunks, not ${typeof chunk}`));
    if (chunk.length === 0) return;
    parts.push(chunk as Buffer);
    size += chunk.length;
    if (size >= want) {
      stream.pause();
      settle();
    }
  });
  stream.on('end', () => {
    ended = true;
    settle();
  });
  stream.on('error', fail);
  stream.on('close', () => {
    if (!ended) fail(new Error('The source closed before its end'));
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });

  return {
    async read(bytes) {
      want = bytes;
      while (size < bytes && !ended && !failure) {
        const arrived = new Promise<void>((resolve) => (wake = resolve));
        stream.resume();
        await arrived;
      }
      if (failure) throw failure.error;
      want = Infinity;
      if (size === 0) {
        signal.removeEventListener('abort', onAbort);
        return undefined;
      }
      const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
      parts = [];
      size = 0;
      return chunk;
    },
    async close() {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
    },
  };
}

/** The next chunk with bytes in it, or undefined at the end. */
async function nextNonEmpty(
  next: () => Promise<IteratorResult<Uint8Array> | ReadableStreamReadResult<Uint8Array>>,
): Promise<Uint8Array | undefined> {
  for (;;) {
    const result = await next();
    if (result.done) return undefined;
    if (!(result.value instanceof Uint8Array)) throw new TypeError(`Zip sources must yield Uint8Array chunks, not ${typeof result.value}`);
    if (result.value.length > 0) return result.value;
  }
}

/** `promise`, or the abort reason as soon as `signal` aborts, so no await outlives a cancel. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function closeQuietly(close: () => Promise<unknown>): void {
  close().catch(() => {});
}
