// Reads the end of a zip as it arrives in the browser: how many entries it holds and its comment,
// which the server fills in only once every blob was read (see streamZip's `comment`). Pure, so
// the download button can use it without buffering the archive.

/** Enough of the end for the end records (22 + 76 bytes for ZIP64) and the longest comment streamZip writes. */
export const ZIP_END_BYTES = 22 + 76 + 1000;

/** The last `keep` bytes (ZIP_END_BYTES unless told) of everything seen so far, after `chunk`. */
export function keepZipEnd(tail: Uint8Array, chunk: Uint8Array, keep = ZIP_END_BYTES): Uint8Array {
  if (chunk.length >= keep) return chunk.slice(chunk.length - keep);
  const joined = new Uint8Array(Math.min(keep, tail.length + chunk.length));
  const fromTail = joined.length - chunk.length;
  joined.set(tail.subarray(tail.length - fromTail), 0);
  joined.set(chunk, fromTail);
  return joined;
}

const END = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;

/** The entry count and comment of the zip that `tail` ends, or undefined when it does not end a zip. */
export function readZipEnd(tail: Uint8Array): { entries: number; comment: string } | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const u32 = (at: number) => (at >= 0 && at + 4 <= tail.length ? view.getUint32(at, true) : undefined);
  for (let at = tail.length - 22; at >= 0 && at >= tail.length - 22 - 0xffff; at--) {
    if (u32(at) !== END || at + 22 + view.getUint16(at + 20, true) !== tail.length) continue;
    let entries = view.getUint16(at + 10, true);
    if (entries === 0xffff && u32(at - 20) === ZIP64_LOCATOR && u32(at - 76) === ZIP64_END)
      entries = Number(view.getBigUint64(at - 76 + 32, true));
    return { entries, comment: new TextDecoder().decode(tail.subarray(at + 22)) };
  }
  return undefined;
}
