// How the zip pulls its sources: bounded read-ahead, cancel and abort, and sources that fail.
import { setTimeout as sleep } from 'node:timers/promises';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { MIN_CHUNK_BYTES, READ_AHEAD_BYTES, streamZip, type ZipOptions, type ZipSource } from './stream-zip';
import { MiB, collect, fromBytes, text, parseZip, expectSameFiles } from '../testing/zip-archives';

describe('streamZip backpressure', () => {
  it('reads the source no further ahead than a slow consumer, a bounded read-ahead (source could give 200 MiB)', async () => {
    const CHUNK = 64 * 1024;
    const chunk = new Uint8Array(CHUNK);
    let produced = 0;
    let closed = false;
    const source: ZipSource = {
      name: 'big.bin',
      size: 200 * MiB,
      open: async () =>
        (async function* () {
          try {
            for (let i = 0; i < (200 * MiB) / CHUNK; i++) {
              produced += CHUNK;
              yield chunk;
            }
          } finally {
            closed = true;
          }
        })(),
    };
    const reader = streamZip([source]).getReader();
    await reader.read(); // local header
    let received = 0;
    let mostAhead = 0;
    const bound = READ_AHEAD_BYTES + MIN_CHUNK_BYTES + CHUNK;
    for (let i = 0; i < 40; i++) {
      await sleep(3); // slow consumer: time for any read-ahead to show
      mostAhead = Math.max(mostAhead, produced - received);
      const { value } = await reader.read();
      // Socket-sized reads leave joined into larger chunks.
      expect(value?.length).toBe(MIN_CHUNK_BYTES);
      received += value?.length ?? 0;
    }
    expect(received).toBe(40 * MIN_CHUNK_BYTES);
    expect(mostAhead).toBeGreaterThan(0);
    expect(mostAhead).toBeLessThanOrEqual(bound);
    await reader.cancel();
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(produced).toBeLessThanOrEqual(received + bound);
  });
});

describe('streamZip cancel and abort', () => {
  function endless(onClose: () => void, opened: AbortSignal[]): ZipSource {
    return {
      name: `endless-${opened.length}.bin`,
      open: async (signal) => {
        opened.push(signal);
        return (async function* () {
          try {
            for (;;) yield new Uint8Array(1024);
          } finally {
            onClose();
          }
        })();
      },
    };
  }

  it('cancelling the reader returns the source iterator and pulls no more entries', async () => {
    const opened: AbortSignal[] = [];
    const onClose = vi.fn();
    let entriesClosed = false;
    async function* entries() {
      try {
        for (let i = 0; i < 10; i++) yield endless(onClose, opened);
      } finally {
        entriesClosed = true;
      }
    }
    const reader = streamZip(entries()).getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    await reader.cancel('user left');
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(entriesClosed).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0]?.aborted).toBe(true);
    await sleep(20);
    expect(opened).toHaveLength(1);
  });

  it('cancelling during a read that never comes cancels the source stream and aborts its signal', async () => {
    const cancel = vi.fn();
    let signal: AbortSignal | undefined;
    const hanging: ZipSource = {
      name: 'hang.bin',
      open: async (s) => {
        signal = s;
        return new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}), cancel });
      },
    };
    const reader = streamZip([hanging]).getReader();
    const pending = reader.read();
    await vi.waitFor(() => expect(signal).toBeDefined());
    await reader.cancel('user left');
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledOnce());
    expect(signal?.aborted).toBe(true);
  });

  it('opts.signal errors the stream with its reason and closes the source', async () => {
    const opened: AbortSignal[] = [];
    const onClose = vi.fn();
    const controller = new AbortController();
    const reader = streamZip([endless(onClose, opened)], { signal: controller.signal }).getReader();
    await reader.read();
    controller.abort(new Error('client went away'));
    await expect(reader.read()).rejects.toThrow('client went away');
    await vi.waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(opened[0]?.aborted).toBe(true);
  });

  it('an already aborted signal opens nothing', async () => {
    const open = vi.fn();
    const stream = streamZip([{ name: 'a.txt', open }], { signal: AbortSignal.abort(new Error('too late')) });
    await expect(collect(stream)).rejects.toThrow('too late');
    expect(open).not.toHaveBeenCalled();
  });
});

describe('streamZip failing sources', () => {
  const failingOpen = (name: string): ZipSource => ({ name, open: () => Promise.reject(new Error(`cannot open ${name}`)) });
  const failingFirstRead = (name: string): ZipSource => ({
    name,
    open: async () =>
      (async function* () {
        yield new Uint8Array(0); // empty chunks write nothing
        throw new Error(`cannot read ${name}`);
      })(),
  });
  // Fails after `before` bytes: past the first joined chunk, some of the entry is already written.
  const failingMidway = (name: string, before = MIN_CHUNK_BYTES): ZipSource => ({
    name,
    open: async () =>
      (async function* () {
        yield new Uint8Array(before);
        throw new Error(`lost ${name}`);
      })(),
  });

  it("aborts by default, with the source's error", async () => {
    await expect(collect(streamZip([fromBytes('ok.txt', text('x')), failingOpen('a.txt')]))).rejects.toThrow('cannot open a.txt');
  });

  it("aborts when onError says 'abort'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'abort');
    await expect(collect(streamZip([failingFirstRead('a.txt')], { onError }))).rejects.toThrow('cannot read a.txt');
    expect(onError).toHaveBeenCalledWith('a.txt', expect.any(Error));
  });

  it("skips a source that fails before any byte of it was written, freeing its name, when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    const zip = await collect(
      streamZip([failingOpen('a.txt'), fromBytes('b.txt', text('b')), failingFirstRead('c.txt'), fromBytes('a.txt', text('a'))], {
        onError,
      }),
    );
    expect(onError.mock.calls.map(([name]) => name)).toEqual(['a.txt', 'c.txt']);
    expectSameFiles(unzipSync(zip), { 'b.txt': text('b'), 'a.txt': text('a') });
    expect(parseZip(zip).entries.map((e) => e.name)).toEqual(['b.txt', 'a.txt']);
  });

  it("aborts a source that fails after some of it was written, even when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    await expect(collect(streamZip([failingMidway('a.txt'), fromBytes('b.txt', text('b'))], { onError }))).rejects.toThrow('lost a.txt');
    expect(onError).toHaveBeenCalledOnce();
  });

  it("skips a source that fails inside its first joined chunk, before any of it was written, when onError says 'skip'", async () => {
    const onError = vi.fn<NonNullable<ZipOptions['onError']>>(() => 'skip');
    const zip = await collect(streamZip([failingMidway('a.txt', 1000), fromBytes('b.txt', text('b'))], { onError }));
    expect(onError).toHaveBeenCalledWith('a.txt', expect.any(Error));
    expectSameFiles(unzipSync(zip), { 'b.txt': text('b') });
  });
});
