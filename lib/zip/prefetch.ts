// Opens the next source while the current one streams, so each blob's request latency hides
// behind the previous blob's bytes instead of adding up (200 blobs × a few ms each). Only the
// response headers arrive early: the body stays in the socket until its turn, so memory stays bounded.
import { closedBeforeEnd } from './source-reader';
import type { ZipSource } from './stream-zip';

type Opened = Awaited<ReturnType<ZipSource['open']>>;

export function prefetchNext(sources: ZipSource[]): ZipSource[] {
  const opened = new Map<number, Promise<Opened>>();
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
    open: async (signal: AbortSignal) => {
      start(i, signal);
      start(i + 1, signal);
      const mine = opened.get(i)!;
      opened.delete(i);
      const result = await mine;
      // A response that waited longer than its connection's idle limit (the current blob took over a
      // minute to stream, say to a slow client) was closed meanwhile: ask again rather than fail the zip.
      return closedBeforeEnd('body' in result ? result.body : result) ? source.open(signal) : result;
    },
  }));
}
