import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { readZipEnd } from './zip-end';
import { MISSING_NOTE_NAME, startZip, type ZipJobOptions, type ZipSummary } from './zip-job';

const text = (s: string) => new TextEncoder().encode(s);
const files: Record<string, Uint8Array> = { 'a/one.bin': text('one'.repeat(1000)), 'a/two.bin': text('two'), 'b/three.bin': text('three') };

class Missing extends Error {}

/** A storage stand-in: the named files, `gone` ones missing, `broken` ones failing on open. */
function job(over: Partial<ZipJobOptions> & { gone?: string[]; broken?: string[]; hang?: Promise<void> } = {}) {
  const ends: ZipSummary[] = [];
  const controller = new AbortController();
  const opts: ZipJobOptions = {
    open: async (name) => {
      await over.hang;
      if (over.gone?.includes(name)) throw new Missing(name);
      if (over.broken?.includes(name)) throw new Error(`cannot read ${name}`);
      const data = files[name]!;
      return {
        body: (async function* () {
          yield data;
        })(),
        size: data.length,
      };
    },
    isMissing: (error) => error instanceof Missing,
    signal: controller.signal,
    onEnd: (summary) => ends.push(summary),
    ...over,
  };
  return { opts, ends, controller };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const names = Object.keys(files).map((name) => ({ name }));

describe('startZip', () => {
  it('leaves out a missing blob, lists it in the note and the comment, and reports the end once', async () => {
    const { opts, ends } = job({ gone: ['a/two.bin'] });
    const started = await startZip(names, opts);
    if (!('stream' in started)) throw new Error('expected a stream');
    const zip = await collect(started.stream);
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual([MISSING_NOTE_NAME, 'a/one.bin', 'b/three.bin']);
    expect(new TextDecoder().decode(entries[MISSING_NOTE_NAME])).toMatch(
      /^1 of the 3 blobs asked for were not in storage[^]*\n\na\/two\.bin\n$/,
    );
    expect(readZipEnd(zip)).toEqual({
      entries: 3,
      comment: `1 of 3 blobs were not in storage and are left out; see ${MISSING_NOTE_NAME}.`,
    });
    expect(ends).toEqual([
      { outcome: 'ok', entries: 2, bytes: files['a/one.bin']!.length + files['b/three.bin']!.length, missing: ['a/two.bin'] },
    ]);
  });

  it('names the note as it is stored when a blob already has its name', async () => {
    const blobs: Record<string, Uint8Array> = { 'not-included.txt': text('a blob of that name'), 'a/one.bin': text('one') };
    const { opts } = job({
      open: async (name) => {
        const data = blobs[name];
        if (!data) throw new Missing(name);
        return {
          body: (async function* () {
            yield data;
          })(),
        };
      },
    });
    const started = await startZip([{ name: 'not-included.txt' }, { name: 'a/one.bin' }, { name: 'gone.bin' }], opts);
    if (!('stream' in started)) throw new Error('expected a stream');
    const zip = await collect(started.stream);
    const entries = unzipSync(zip);
    expect(new TextDecoder().decode(entries['not-included.txt']!)).toBe('a blob of that name');
    expect(new TextDecoder().decode(entries['NOT-INCLUDED (2).txt']!)).toContain('gone.bin');
    expect(readZipEnd(zip)?.comment).toBe('1 of 3 blobs were not in storage and are left out; see NOT-INCLUDED (2).txt.');
  });

  it('with nothing missing, writes no note and no comment', async () => {
    const { opts, ends } = job();
    const started = await startZip(names, opts);
    if (!('stream' in started)) throw new Error('expected a stream');
    const zip = await collect(started.stream);
    expect(readZipEnd(zip)).toEqual({ entries: 3, comment: '' });
    expect(ends.map((e) => [e.outcome, e.entries, e.missing.length])).toEqual([['ok', 3, 0]]);
  });

  it('answers "all missing" instead of an archive when none exist', async () => {
    const { opts, ends } = job({ gone: Object.keys(files) });
    expect(await startZip(names, opts)).toEqual({ allMissing: Object.keys(files) });
    expect(ends).toEqual([{ outcome: 'failed', entries: 0, bytes: 0, missing: Object.keys(files), reason: 'none of the blobs exist' }]);
  });

  it('rejects when the first blob fails to read for another reason, reporting it once', async () => {
    const { opts, ends } = job({ broken: ['a/one.bin'] });
    await expect(startZip(names, opts)).rejects.toThrow('cannot read a/one.bin');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ outcome: 'failed', entries: 0 });
  });

  it('breaks off the stream when a later blob fails, reporting it once as failed', async () => {
    const { opts, ends } = job({ broken: ['b/three.bin'] });
    const started = await startZip(names, opts);
    if (!('stream' in started)) throw new Error('expected a stream');
    await expect(collect(started.stream)).rejects.toThrow('cannot read b/three.bin');
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({ outcome: 'failed', entries: 2 });
  });

  it('reports a download the client cancels as cancelled, once', async () => {
    const { opts, ends } = job();
    const started = await startZip(names, opts);
    if (!('stream' in started)) throw new Error('expected a stream');
    const reader = started.stream.getReader();
    await reader.read();
    await reader.cancel();
    await reader.cancel();
    expect(ends.map((e) => e.outcome)).toEqual(['cancelled']);
  });

  it('answers without waiting longer than its bound for the first bytes, and the zip still comes whole', async () => {
    vi.useFakeTimers();
    try {
      let release!: () => void;
      const { opts, ends } = job({ hang: new Promise<void>((r) => (release = r)), firstBytesWithinMs: 1_000 });
      const pending = startZip(names, opts);
      await vi.advanceTimersByTimeAsync(1_000);
      const started = await pending;
      if (!('stream' in started)) throw new Error('expected a stream');
      release();
      vi.useRealTimers();
      expect(Object.keys(unzipSync(await collect(started.stream))).sort()).toEqual(Object.keys(files).sort());
      expect(ends.map((e) => e.outcome)).toEqual(['ok']);
    } finally {
      vi.useRealTimers();
    }
  });
});
