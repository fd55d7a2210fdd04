// CRC-32 (IEEE, as ZIP uses) that can be fed chunk by chunk: pass the previous result back in. Node's
// own (zlib.crc32, in every supported Node.js: 20.15 and later) runs at several GB/s, and the zip's
// throughput is mostly CRC.
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(chunk: Uint8Array, previous = 0): number {
  return zlibCrc32(chunk, previous);
}
