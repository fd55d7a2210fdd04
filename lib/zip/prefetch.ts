// Opens the next source while the current one streams, so each blob's request latency hides
// behind the previous blob's bytes instead of adding up (200 blobs × a few ms each). Only the
// response headers arrive early: the body stays in the socket until its turn, so memory stays bounded.
import type { ZipSource } from './stream-zip';

export function prefetchNext(sources: ZipSource[]): ZipSource[] {
  const opened = new Map<number, ReturnType<ZipSource['open']>>();
  const start = (i: number, signal: AbortSignal) => {
    const source = sources[i];
    if (source && !opened.has(i)) {
      const pending = source.open(signal);
      // A prefetch that fails is reported when its turn comes, not as an unhandled rejection now.
      pending.catch(() => undefined);
      opened.set(i, pending);
    }
  };
  return sources.map((source, i) => ({
    ...source,
    open: (signal: AbortSignal) => {
      start(i, signal);
      start(i + 1, signal);
      const mine = opened.get(i)!;
      opened.delete(i);
      return mine;
    },
  }));
}
