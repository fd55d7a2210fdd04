import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createZipStream, streamZip, type ZipSource } from './stream-zip';
import { keepZipEnd, readZipEnd, ZIP_END_BYTES } from './zip-end';

const text = (s: string) => new TextEncoder().encode(s);
const source = (name: string, data: Uint8Array): ZipSource => ({
  name,
  open: async () =>
    (async function* () {
      yield data;
    })(),
});

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The tail the browser keeps, fed the zip in chunks of the given sizes. */
function tailOf(zip: Uint8Array, sizes: number[]): Uint8Array {
  let tail: Uint8Array = new Uint8Array(0);
  for (let at = 0, i = 0; at < zip.length; i++) {
    const size = sizes[i % sizes.length]!;
    tail = keepZipEnd(tail, zip.subarray(at, at + size));
    at += size;
  }
  return tail;
}

describe('keepZipEnd', () => {
  it('keeps exactly the last ZIP_END_BYTES, whatever the chunking', () => {
    const bytes = randomBytes(10_000);
    for (const sizes of [[1], [7, 3000, 1], [ZIP_END_BYTES], [9999, 1], [20_000]]) {
      expect(Buffer.from(tailOf(bytes, sizes)).equals(bytes.subarray(bytes.length - ZIP_END_BYTES))).toBe(true);
    }
    expect(Buffer.from(tailOf(bytes.subarray(0, 50), [7])).equals(bytes.subarray(0, 50))).toBe(true);
  });
});

describe('readZipEnd', () => {
  const files = [source('a/one.bin', randomBytes(5000)), source('a/two.txt', text('two')), source('three.txt', text('3'))];

  it('reads the entry count of a zip without a comment', async () => {
    const zip = await collect(streamZip(files));
    expect(readZipEnd(tailOf(zip, [333, 4096]))).toEqual({ entries: 3, comment: '' });
  });

  it('reads the comment written once the entries are done, and unzip tools still read the zip', async () => {
    let seen = 0;
    const zip = await collect(
      streamZip(files, { onProgress: (p) => (seen = p.entriesDone), comment: () => `${seen} written; 1 of 4 left out.` }),
    );
    expect(readZipEnd(tailOf(zip, [1000]))).toEqual({ entries: 3, comment: '3 written; 1 of 4 left out.' });
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(['a/one.bin', 'a/two.txt', 'three.txt']);
  });

  it('reads the count from the ZIP64 end record when the classic one cannot hold it', async () => {
    const zip = await collect(createZipStream(files, { comment: () => 'zip64' }, { bytes: 1000, entries: 2 }));
    expect(readZipEnd(tailOf(zip, [64]))).toEqual({ entries: 3, comment: 'zip64' });
  });

  it('says undefined for bytes that do not end a zip (a download cut short)', async () => {
    const zip = await collect(streamZip(files, { comment: () => 'note' }));
    expect(readZipEnd(zip.subarray(0, zip.length - 1))).toBeUndefined();
    expect(readZipEnd(zip.subarray(0, 4000))).toBeUndefined();
    expect(readZipEnd(new Uint8Array(0))).toBeUndefined();
  });

  it('refuses a comment that is not printable ASCII or too long', async () => {
    await expect(collect(streamZip(files, { comment: () => 'café' }))).rejects.toThrow(/printable ASCII/);
    await expect(collect(streamZip(files, { comment: () => 'x'.repeat(1001) }))).rejects.toThrow(/printable ASCII/);
  });
});
