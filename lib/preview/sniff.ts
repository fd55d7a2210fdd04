// Classifies a blob from its first bytes, never its name, so the console picks the right preview. Pure.
import { detectDelimiter } from './csv';
import { utf8SafeEnd } from './text';

export type AudioMime = 'audio/mpeg' | 'audio/wav' | 'audio/ogg' | 'audio/flac' | 'audio/mp4' | 'audio/webm';

export type Sniffed =
  | { kind: 'audio'; mime: AudioMime; label: string }
  | { kind: 'zip' }
  | { kind: 'gzip' }
  | { kind: 'csv' }
  | { kind: 'json' }
  | { kind: 'text' }
  | { kind: 'binary'; reason: 'encrypted or not audio' | 'unknown binary' };

type Audio = Extract<Sniffed, { kind: 'audio' }>;

/** How much of the blob `sniff` looks at; read this much (or the whole blob if smaller). */
export const SNIFF_BYTES = 64 * 1024;

// Recordings are stored as `call.mp3.bin` and are usually encrypted.
const AUDIO_NAME = /\.(mp3|wav|wave|ogg|oga|opus|flac|m4a|aac|wma|weba|webm|amr|gsm|au|aif|aiff)(\.bin)?$/i;

const byteAt = (b: Uint8Array, at: number) => b[at] ?? -1;
const be32 = (b: Uint8Array, at: number) =>
  ((byteAt(b, at) << 24) | (byteAt(b, at + 1) << 16) | (byteAt(b, at + 2) << 8) | byteAt(b, at + 3)) >>> 0;
const le16 = (b: Uint8Array, at: number) => byteAt(b, at) | (byteAt(b, at + 1) << 8);
const le32 = (b: Uint8Array, at: number) => (le16(b, at) | (le16(b, at + 2) << 16)) >>> 0;

function ascii(b: Uint8Array, at: number, expected: string): boolean {
  if (at < 0 || at + expected.length > b.length) return false;
  for (let i = 0; i < expected.length; i++) if (b[at + i] !== expected.charCodeAt(i)) return false;
  return true;
}

const kHz = (rate: number) => `${rate / 1000} kHz`;
const channelLabel = (channels: number) => (channels === 1 ? 'mono' : channels === 2 ? 'stereo' : `${channels} channels`);

// --- MPEG audio (Layer III only: what contact-center recorders write) -------------------------

type MpegFrame = { version: string; sampleRate: number; channels: number; length: number };

type MpegVersion = { name: string; kbps: readonly number[]; rates: readonly number[]; frameFactor: number };
const KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
// Indexed by the 2-bit version field; 1 is reserved. A Layer III frame holds 1152 samples in
// MPEG-1 and 576 otherwise, hence 144 or 72 (samples / 8) in the frame length formula.
const MPEG_VERSIONS: readonly (MpegVersion | undefined)[] = [
  { name: '2.5', kbps: KBPS_V2, rates: [11025, 12000, 8000], frameFactor: 72 },
  undefined,
  { name: '2', kbps: KBPS_V2, rates: [22050, 24000, 16000], frameFactor: 72 },
  { name: '1', kbps: KBPS_V1, rates: [44100, 48000, 32000], frameFactor: 144 },
];

function mpegFrame(b: Uint8Array, at: number): MpegFrame | undefined {
  if (at < 0 || at + 4 > b.length) return undefined;
  const b1 = byteAt(b, at + 1);
  const b2 = byteAt(b, at + 2);
  const b3 = byteAt(b, at + 3);
  // 11-bit sync, Layer III, and no reserved or "free"/"bad" field values.
  if (byteAt(b, at) !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1 || (b3 & 3) === 2) return undefined;
  const version = MPEG_VERSIONS[(b1 >> 3) & 3];
  const bitrate = (version?.kbps[b2 >> 4] ?? 0) * 1000;
  const sampleRate = version?.rates[(b2 >> 2) & 3] ?? 0;
  if (version === undefined || bitrate === 0 || sampleRate === 0) return undefined;
  const padding = (b2 >> 1) & 1;
  return {
    version: version.name,
    sampleRate,
    channels: b3 >> 6 === 3 ? 1 : 2,
    length: Math.floor((version.frameFactor * bitrate) / sampleRate) + padding,
  };
}

const mp3 = (frame: MpegFrame): Audio => ({
  kind: 'audio',
  mime: 'audio/mpeg',
  label: `MP3, MPEG-${frame.version} Layer III, ${kHz(frame.sampleRate)}, ${channelLabel(frame.channels)}`,
});

// A valid header turns up about once per 20,000 random positions; a second one exactly where the
// first frame ends, from the same stream, essentially never does.
function sniffBareMpeg(b: Uint8Array): Audio | undefined {
  let start = 0;
  while (start < b.length && b[start] === 0) start++;
  const first = mpegFrame(b, start);
  if (first === undefined) return undefined;
  const second = mpegFrame(b, start + first.length);
  if (second === undefined || second.version !== first.version || second.sampleRate !== first.sampleRate) return undefined;
  return mp3(first);
}

function sniffId3(b: Uint8Array): Audio | undefined {
  if (b.length < 10 || !ascii(b, 0, 'ID3')) return undefined;
  const major = byteAt(b, 3);
  if (major < 2 || major > 4 || byteAt(b, 4) === 0xff) return undefined;
  let size = 0;
  for (let i = 6; i < 10; i++) {
    const byte = byteAt(b, i);
    if (byte & 0x80) return undefined; // sizes are "syncsafe": 7 bits per byte
    size = size * 128 + byte;
  }
  const footer = major === 4 && byteAt(b, 5) & 0x10 ? 10 : 0;
  let at = 10 + size + footer;
  while (at < b.length && b[at] === 0) at++; // padding some taggers leave out of the size
  // Cover art can push the first frame past the head; the tag header alone is then the evidence.
  if (at + 4 > b.length) return { kind: 'audio', mime: 'audio/mpeg', label: 'MP3 (ID3 tag)' };
  const frame = mpegFrame(b, at);
  return frame === undefined ? undefined : mp3(frame);
}

// --- Containers -------------------------------------------------------------------------------

const WAV_FORMATS: Record<number, string> = {
  0x0001: 'PCM',
  0x0003: 'IEEE float',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0055: 'MPEG Layer III',
  0xfffe: 'extensible',
};

function sniffWav(b: Uint8Array): Audio | undefined {
  if (!(ascii(b, 0, 'RIFF') || ascii(b, 0, 'RF64')) || !ascii(b, 8, 'WAVE')) return undefined;
  for (let at = 12; at + 8 <= b.length;) {
    const size = le32(b, at + 4);
    if (ascii(b, at, 'fmt ')) {
      if (size < 16 || at + 24 > b.length) return undefined;
      const format = le16(b, at + 8);
      const channels = le16(b, at + 10);
      const rate = le32(b, at + 12);
      const bits = le16(b, at + 22);
      if (channels === 0 || rate === 0) return undefined;
      const codec = WAV_FORMATS[format] ?? `format 0x${format.toString(16)}`;
      return { kind: 'audio', mime: 'audio/wav', label: `WAV, ${codec} ${bits}-bit, ${kHz(rate)}, ${channelLabel(channels)}` };
    }
    at += 8 + size + (size & 1); // chunks are padded to an even length
  }
  return undefined;
}

function sniffOgg(b: Uint8Array): Audio | undefined {
  // Version 0 and the beginning-of-stream flag: every real first page has both.
  if (b.length < 27 || !ascii(b, 0, 'OggS') || b[4] !== 0 || !(byteAt(b, 5) & 0x02)) return undefined;
  const packet = 27 + byteAt(b, 26);
  const codec = ascii(b, packet, 'OpusHead')
    ? ' Opus'
    : b[packet] === 1 && ascii(b, packet + 1, 'vorbis')
      ? ' Vorbis'
      : ascii(b, packet, 'Speex   ')
        ? ' Speex'
        : '';
  return { kind: 'audio', mime: 'audio/ogg', label: `Ogg${codec}` };
}

function sniffFlac(b: Uint8Array): Audio | undefined {
  // The first metadata block must be a 34-byte STREAMINFO.
  if (b.length < 21 || !ascii(b, 0, 'fLaC') || (byteAt(b, 4) & 0x7f) !== 0) return undefined;
  if (((byteAt(b, 5) << 16) | (byteAt(b, 6) << 8) | byteAt(b, 7)) !== 34) return undefined;
  const rate = (byteAt(b, 18) << 12) | (byteAt(b, 19) << 4) | (byteAt(b, 20) >> 4);
  if (rate === 0) return undefined;
  const channels = ((byteAt(b, 20) >> 1) & 7) + 1;
  return { kind: 'audio', mime: 'audio/flac', label: `FLAC, ${kHz(rate)}, ${channelLabel(channels)}` };
}

const MP4_AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'F4A ', 'mp41', 'mp42', 'isom', 'iso2', 'iso4', 'iso5', 'iso6', 'dash']);

function sniffMp4(b: Uint8Array): Audio | undefined {
  if (!ascii(b, 4, 'ftyp')) return undefined;
  const size = be32(b, 0);
  if (size < 16 || size > 4096 || size % 4 !== 0 || size > b.length) return undefined;
  const brands: string[] = [];
  for (let at = 8; at < size; at += at === 8 ? 8 : 4) {
    brands.push(String.fromCharCode(...b.subarray(at, at + 4)));
  }
  const major = brands[0] ?? '';
  if (!brands.some((brand) => MP4_AUDIO_BRANDS.has(brand))) return undefined;
  return { kind: 'audio', mime: 'audio/mp4', label: `MP4 audio (${major.trim()})` };
}

// EBML variable-length integer; IDs keep their length marker, sizes do not.
function vint(b: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number } | undefined {
  const first = byteAt(b, at);
  if (first <= 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (at + length > b.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + byteAt(b, at + i);
  return { value, length };
}

function sniffWebm(b: Uint8Array): Audio | undefined {
  if (be32(b, 0) !== 0x1a45dfa3) return undefined;
  const headerSize = vint(b, 4, false);
  if (headerSize === undefined) return undefined;
  let at = 4 + headerSize.length;
  const end = Math.min(b.length, at + headerSize.value);
  while (at < end) {
    const id = vint(b, at, true);
    const size = id && vint(b, at + id.length, false);
    if (id === undefined || size === undefined) return undefined;
    at += id.length + size.length;
    if (id.value === 0x4282) {
      const docType = String.fromCharCode(...b.subarray(at, Math.min(at + size.value, end))).replace(/\0+$/, '');
      return docType === 'webm' ? { kind: 'audio', mime: 'audio/webm', label: 'WebM' } : undefined;
    }
    at += size.value;
  }
  return undefined;
}

const sniffAudio = (b: Uint8Array): Audio | undefined =>
  sniffId3(b) ?? sniffBareMpeg(b) ?? sniffWav(b) ?? sniffOgg(b) ?? sniffFlac(b) ?? sniffMp4(b) ?? sniffWebm(b);

// --- Text -------------------------------------------------------------------------------------

// Valid UTF-8 (a character cut at the end of the head is fine), no NUL, at most 5% control characters.
function decodeText(b: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, utf8SafeEnd(b, b.length)));
  } catch {
    return undefined;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) return undefined;
    const whitespace = code === 0x09 || code === 0x0a || code === 0x0b || code === 0x0c || code === 0x0d;
    if ((code < 0x20 && !whitespace) || (code >= 0x7f && code <= 0x9f)) control++;
  }
  return control <= text.length * 0.05 ? text : undefined;
}

const JSON_TOKEN =
  /\s+|[{}[\],:]|"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const JSON_TOKEN_START =
  /^(?:"(?:[^"\\\u0000-\u001f]|\\.)*\\?|-?\d*\.?\d*(?:[eE][+-]?\d*)?|t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?)$/;
// Far enough to reject a log line such as "[2026-03-01 10:00] INFO" without lexing a whole head.
const JSON_SCAN_CHARS = 4096;

/**
 * Whether the text starts like JSON: every token lexes, two values never touch, and only the
 * last token may be cut off (the head is often a prefix of a bigger file).
 */
function looksLikeJson(text: string): boolean {
  const scanned = text.slice(0, JSON_SCAN_CHARS);
  let previousWasValue = false;
  JSON_TOKEN.lastIndex = 0;
  while (JSON_TOKEN.lastIndex < scanned.length) {
    const start = JSON_TOKEN.lastIndex;
    const match = JSON_TOKEN.exec(scanned);
    if (match === null) return JSON_TOKEN_START.test(scanned.slice(start)) && !previousWasValue;
    const token = match[0];
    if (/^\s/.test(token)) continue;
    const isValue = !/^[{}[\],:]$/.test(token);
    if (isValue && previousWasValue) return false;
    previousWasValue = isValue || token === '}' || token === ']';
  }
  return true;
}

function isJson(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return looksLikeJson(trimmed);
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function sniff(head: Uint8Array, name: string): Sniffed {
  const b = head.subarray(0, SNIFF_BYTES);
  const audio = sniffAudio(b);
  if (audio !== undefined) return audio;
  if (ascii(b, 0, 'PK\x03\x04') || ascii(b, 0, 'PK\x05\x06')) return { kind: 'zip' };
  if (b[0] === 0x1f && b[1] === 0x8b) return { kind: 'gzip' };
  // Checked before text on purpose: a short run of random bytes can pass as text.
  if (AUDIO_NAME.test(name)) return { kind: 'binary', reason: 'encrypted or not audio' };
  const text = decodeText(b);
  if (text === undefined) return { kind: 'binary', reason: 'unknown binary' };
  if (isJson(text)) return { kind: 'json' };
  if (/\.csv$/i.test(name) || detectDelimiter(text) !== undefined) return { kind: 'csv' };
  return { kind: 'text' };
}
