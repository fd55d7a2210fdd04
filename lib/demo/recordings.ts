/**
 * Deterministic demo recordings shaped like a Genesys recording export: encrypted recording blobs
 * (`<tenant>/<InteractionId>_<date>_<time>-<hex>-<hex>-<seq>.mp3.bin`); their Genesys Info Mart
 * export is made from them in gim-export.ts. Pure: the same inputs always give
 * the same names, sizes and bytes, so re-seeding finds the blobs it wrote before.
 */
import { mulberry32 } from '../random';

export type DemoRecording = {
  name: string;
  interactionId: string;
  storedTime: string;
  recordingType: 'CALL' | 'SCREEN';
  size: number;
  contentSeed: number;
};

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
// Stay clear of the 30-day retention edge so demo blobs are not expired mid-session.
const WINDOW_MS = 29.5 * DAY_MS;
const MIN_DURATION_SEC = 30;
const MAX_DURATION_SEC = 15 * 60;
// Upload lag between the end of the recording and StoredTime.
const MIN_STORE_DELAY_SEC = 60;
const MAX_STORE_DELAY_SEC = 180;
// 16 kbit/s encoded audio; screen capture is a bit heavier.
const BYTES_PER_SEC = { CALL: 2_000, SCREEN: 3_000 } as const;
// Envelope (key id, IV) in front of the AES payload, which is padded to 16-byte blocks.
const HEADER_BYTES = 256;
const AES_BLOCK = 16;
// Genesys interaction IDs use the base32hex alphabet.
const BASE32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

export type Rng = { u32: () => number; float: () => number; pick: <T>(xs: readonly T[]) => T };

export function createRng(seed: number): Rng {
  const u32 = mulberry32(seed);
  const float = (): number => u32() / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(float() * xs.length)] as T;
  return { u32, float, pick };
}

// FNV-1a, to turn strings (tenant, interaction ID) into PRNG seeds.
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}

export function base32hex(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += BASE32HEX[rng.u32() % 32];
  return s;
}

// A contact center is busiest in office hours on weekdays; used as an acceptance probability.
function activityWeight(ms: number): number {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const weekday = d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
  const byHour = hour >= 8 && hour < 18 ? 1 : hour >= 6 && hour < 22 ? 0.3 : 0.05;
  return byHour * (weekday ? 1 : 0.35);
}

export function pickStartSec(rng: Rng, anchorMs: number, durationSec: number): number {
  const lo = Math.ceil((anchorMs - WINDOW_MS) / SECOND_MS);
  // Latest start whose StoredTime is still not after the anchor.
  const hi = Math.floor(anchorMs / SECOND_MS) - durationSec - MAX_STORE_DELAY_SEC;
  for (;;) {
    const sec = lo + Math.floor(rng.float() * (hi - lo + 1));
    if (rng.float() < activityWeight(sec * SECOND_MS)) return sec;
  }
}

function encryptedSize(type: DemoRecording['recordingType'], durationSec: number): number {
  const payload = durationSec * BYTES_PER_SEC[type];
  return HEADER_BYTES + Math.ceil(payload / AES_BLOCK) * AES_BLOCK;
}

// Inverse of encryptedSize: padding is < 16 bytes, far less than one second of media.
export function durationSecOf(rec: DemoRecording): number {
  return Math.floor((rec.size - HEADER_BYTES) / BYTES_PER_SEC[rec.recordingType]);
}

const NAME_TIME = /_(\d{4}-\d{2}-\d{2})_(\d{2})-(\d{2})-(\d{2})-[0-9A-F]{8}-[0-9A-F]{8}-\d{8}\.mp3\.bin$/;

export function startMsOf(rec: DemoRecording): number {
  const m = NAME_TIME.exec(rec.name);
  if (!m) throw new Error(`not a demo recording name: ${rec.name}`);
  return Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
}

/**
 * `count` recordings started within the 29.5 days before `anchor`, none stored after it.
 * About 60% of interactions are calls only, 20% screen only and 20% both (same interaction
 * ID, sequence 1 and 2), which gives roughly two CALL recordings per SCREEN recording.
 * Sorted by StoredTime.
 */
export function demoRecordings(opts: { tenant: string; anchor: Date; count: number; seed?: number }): DemoRecording[] {
  const anchorMs = opts.anchor.getTime();
  if (!Number.isFinite(anchorMs)) throw new Error('anchor is not a valid date');
  if (!Number.isInteger(opts.count) || opts.count < 0) throw new Error('count must be a non-negative integer');
  const rng = createRng(hashString(`${opts.tenant}\u0000${opts.seed ?? 1}`));
  // The trailing six characters of an interaction ID count up, like the platform's own IDs.
  const counterStart = rng.u32() % 32 ** 3;
  const out: DemoRecording[] = [];
  for (let i = 0; out.length < opts.count; i++) {
    const mix = rng.float();
    const types: DemoRecording['recordingType'][] = mix < 0.6 ? ['CALL'] : mix < 0.8 ? ['SCREEN'] : ['CALL', 'SCREEN'];
    // Log-uniform: most calls are short, a few run long.
    const durationSec = Math.round(MIN_DURATION_SEC * (MAX_DURATION_SEC / MIN_DURATION_SEC) ** rng.float());
    const startSec = pickStartSec(rng, anchorMs, durationSec);
    const interactionId = `00${base32hex(rng, 24)}${(counterStart + i).toString(32).toUpperCase().padStart(6, '0')}`;
    const stamp = isoSeconds(startSec * SECOND_MS)
      .slice(0, 19)
      .replace('T', '_')
      .replace(/:/g, '-');
    types.slice(0, opts.count - out.length).forEach((recordingType, k) => {
      const seq = String(k + 1).padStart(8, '0');
      const delaySec = MIN_STORE_DELAY_SEC + Math.floor(rng.float() * (MAX_STORE_DELAY_SEC - MIN_STORE_DELAY_SEC + 1));
      out.push({
        name: `${opts.tenant}/${interactionId}_${stamp}-${hex8(rng.u32())}-${hex8(rng.u32())}-${seq}.mp3.bin`,
        interactionId,
        storedTime: isoSeconds((startSec + durationSec + delaySec) * SECOND_MS),
        recordingType,
        size: encryptedSize(recordingType, durationSec),
        contentSeed: rng.u32(),
      });
    });
  }
  return out.sort((a, b) => (a.storedTime < b.storedTime ? -1 : a.storedTime > b.storedTime ? 1 : a.name < b.name ? -1 : 1));
}

/** Pseudo-random bytes that look like ciphertext, exactly `rec.size` long. */
/**
 * Most tenants encrypt recordings, so most demo blobs are random bytes; one CALL in eight is a
 * plain WAV (8 kHz, 8-bit mono: a quiet two-tone beep pattern) so the player has something to play.
 */
export function isPlayableDemo(rec: DemoRecording): boolean {
  return rec.recordingType === 'CALL' && rec.contentSeed % 8 === 0;
}

function demoWav(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  const data = size - 44;
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(size - 8, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16); // fmt chunk size
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(8000, 24); // sample rate
  out.writeUInt32LE(8000, 28); // byte rate
  out.writeUInt16LE(1, 32); // block align
  out.writeUInt16LE(8, 34); // bits per sample
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(data, 40);
  const tone = 440 + (seed % 5) * 110;
  for (let i = 0; i < data; i++) {
    const on = Math.floor(i / 4000) % 2 === 0;
    out[44 + i] = 128 + (on ? Math.round(20 * Math.sin((2 * Math.PI * tone * i) / 8000)) : 0);
  }
  return out;
}

export function demoBlobBytes(rec: DemoRecording): Buffer {
  if (isPlayableDemo(rec) && rec.size > 44) return demoWav(rec.size, rec.contentSeed);
  const rng = createRng(rec.contentSeed);
  // Word-at-a-time fill; every platform Node ships on is little-endian, so bytes are stable.
  const words = new Uint32Array(Math.ceil(rec.size / 4));
  for (let i = 0; i < words.length; i++) words[i] = rng.u32();
  return Buffer.from(words.buffer, 0, rec.size);
}
