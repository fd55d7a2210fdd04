import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ascii, concat, le16, le32, prng, utf8 } from './test-bytes';
import { SNIFF_BYTES, sniff } from './sniff';

const randomBytes = (random: () => number, length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));

// MPEG-1 Layer III, 128 kbps, 44.1 kHz, joint stereo, no padding: 144 * 128000 / 44100 = 417 bytes.
const MP3_HEADER = [0xff, 0xfb, 0x90, 0x44];
function mp3Frames(count: number, header = MP3_HEADER, length = 417): Uint8Array {
  const frame = new Uint8Array(length).fill(0x55);
  frame.set(header);
  return concat(...Array.from({ length: count }, () => frame));
}

function id3Tag(title: string): Uint8Array {
  const text = [0, ...ascii(title)]; // encoding byte, then Latin-1 text
  const frame = [...ascii('TIT2'), 0, 0, 0, text.length, 0, 0, ...text];
  const size = frame.length;
  return Uint8Array.from([...ascii('ID3'), 3, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f, ...frame]);
}

function wav(options: { format?: number; bits?: number; rate?: number; listChunk?: boolean } = {}): Uint8Array {
  const { format = 1, bits = 16, rate = 8000, listChunk = false } = options;
  const samples = Uint8Array.from({ length: 800 }, (_, i) => Math.round(127 + 100 * Math.sin(i / 5)));
  const blockAlign = bits / 8;
  const fmt = [
    ...ascii('fmt '),
    ...le32(16),
    ...le16(format),
    ...le16(1),
    ...le32(rate),
    ...le32(rate * blockAlign),
    ...le16(blockAlign),
    ...le16(bits),
  ];
  const list = listChunk ? [...ascii('LIST'), ...le32(5), ...ascii('INFOx'), 0] : []; // odd size, padded
  const data = [...ascii('data'), ...le32(samples.length)];
  const body = concat(ascii('WAVE'), list, fmt, data, samples);
  return concat(ascii('RIFF'), le32(body.length), body);
}

const audio = (mime: string) => expect.objectContaining({ kind: 'audio', mime });
const ENCRYPTED = { kind: 'binary', reason: 'encrypted or not audio' };

describe('sniff: MP3', () => {
  it('recognises bare Layer III frames whatever the name', () => {
    expect(sniff(mp3Frames(5), 'call.mp3.bin')).toEqual({
      kind: 'audio',
      mime: 'audio/mpeg',
      label: 'MP3, MPEG-1 Layer III, 44.1 kHz, stereo',
    });
    expect(sniff(mp3Frames(2), 'blob')).toEqual(audio('audio/mpeg'));
  });

  it('recognises MPEG-2.5 mono frames (8 kHz, 16 kbps: 72 * 16000 / 8000 = 144 bytes)', () => {
    expect(sniff(mp3Frames(3, [0xff, 0xe3, 0x28, 0xc0], 144), 'x.mp3')).toEqual({
      kind: 'audio',
      mime: 'audio/mpeg',
      label: 'MP3, MPEG-2.5 Layer III, 8 kHz, mono',
    });
  });

  it('recognises an ID3v2 tag followed by a frame', () => {
    expect(sniff(concat(id3Tag('Call 42'), mp3Frames(1)), 'call.mp3.bin')).toEqual(audio('audio/mpeg'));
    expect(sniff(concat(id3Tag('Call 42'), new Uint8Array(64), mp3Frames(1)), 'call.mp3')).toEqual(audio('audio/mpeg'));
  });

  it('trusts an ID3v2 tag that runs past the head (cover art)', () => {
    const tag = Uint8Array.from([...ascii('ID3'), 4, 0, 0, 0x04, 0, 0, 0]); // an 8 MiB tag
    expect(sniff(concat(tag, new Uint8Array(1000).fill(7)), 'a.mp3')).toEqual({
      kind: 'audio',
      mime: 'audio/mpeg',
      label: 'MP3 (ID3 tag)',
    });
  });

  it('rejects an ID3 tag followed by something other than a frame', () => {
    expect(sniff(concat(id3Tag('t'), utf8('not a frame at all')), 'a.mp3')).toEqual(ENCRYPTED);
  });

  it('rejects a valid first header without a second one exactly one frame later', () => {
    expect(sniff(mp3Frames(3, MP3_HEADER, 418), 'a.mp3')).toEqual(ENCRYPTED);
    expect(sniff(concat(MP3_HEADER, new Uint8Array(2000).fill(0x55)), 'a.mp3')).toEqual(ENCRYPTED);
    expect(sniff(mp3Frames(1), 'a.mp3')).toEqual(ENCRYPTED);
  });

  it('rejects reserved or invalid header fields', () => {
    const invalid = [
      [0xff, 0xfb, 0xf0, 0x44], // bitrate index 15
      [0xff, 0xfb, 0x00, 0x44], // bitrate index 0 ("free format")
      [0xff, 0xfb, 0x9c, 0x44], // sample rate index 3
      [0xff, 0xeb, 0x90, 0x44], // version "reserved"
      [0xff, 0xfd, 0x90, 0x44], // Layer II
      [0xff, 0xfb, 0x90, 0x46], // emphasis "reserved"
    ];
    for (const header of invalid) expect(sniff(mp3Frames(4, header), 'a.mp3')).toEqual(ENCRYPTED);
  });
});

describe('sniff: other audio', () => {
  it('recognises WAV by its fmt chunk, after other chunks too', () => {
    expect(sniff(wav(), 'call.wav.bin')).toEqual({ kind: 'audio', mime: 'audio/wav', label: 'WAV, PCM 16-bit, 8 kHz, mono' });
    expect(sniff(wav({ format: 7, bits: 8, listChunk: true }), 'call.wav')).toEqual({
      kind: 'audio',
      mime: 'audio/wav',
      label: 'WAV, µ-law 8-bit, 8 kHz, mono',
    });
  });

  it('rejects RIFF WAVE without a fmt chunk', () => {
    const noFmt = concat(ascii('RIFF'), le32(12), ascii('WAVE'), ascii('data'), le32(0));
    expect(sniff(noFmt, 'a.wav')).toEqual(ENCRYPTED);
  });

  it('recognises Ogg Opus, FLAC, M4A and WebM', () => {
    const opusHead = [...ascii('OpusHead'), 1, 1, ...le16(312), ...le32(48000), 0, 0, 0];
    const ogg = Uint8Array.from([...ascii('OggS'), 0, 2, ...new Array(20).fill(0), 1, opusHead.length, ...opusHead]);
    expect(sniff(ogg, 'a.ogg')).toEqual({ kind: 'audio', mime: 'audio/ogg', label: 'Ogg Opus' });

    // STREAMINFO: 4096-sample blocks, 44.1 kHz (0x0AC44), 2 channels, 16 bits.
    const streamInfo = [0x10, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0xc4, 0x42, 0xf0, ...new Array(20).fill(0)];
    const flac = Uint8Array.from([...ascii('fLaC'), 0x80, 0, 0, 34, ...streamInfo]);
    expect(sniff(flac, 'a.flac')).toEqual({ kind: 'audio', mime: 'audio/flac', label: 'FLAC, 44.1 kHz, stereo' });

    const ftyp = Uint8Array.from([0, 0, 0, 24, ...ascii('ftypM4A '), 0, 0, 2, 0, ...ascii('M4A isom'), 0, 0, 0, 8, ...ascii('free')]);
    expect(sniff(ftyp, 'a.m4a')).toEqual({ kind: 'audio', mime: 'audio/mp4', label: 'MP4 audio (M4A)' });
    const quicktime = Uint8Array.from([0, 0, 0, 20, ...ascii('ftypqt  '), 0, 0, 2, 0, ...ascii('qt  ')]);
    expect(sniff(quicktime, 'a.m4a')).toEqual(ENCRYPTED);

    const docType = (type: string) => [0x42, 0x82, 0x80 | type.length, ...ascii(type)];
    const ebml = (type: string) => {
      const children = [0x42, 0x86, 0x81, 1, ...docType(type)]; // EBMLVersion 1, DocType
      return Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | children.length, ...children, 0x18, 0x53, 0x80, 0x67]);
    };
    expect(sniff(ebml('webm'), 'a.webm')).toEqual({ kind: 'audio', mime: 'audio/webm', label: 'WebM' });
    expect(sniff(ebml('matroska'), 'a.webm')).toEqual(ENCRYPTED);
  });
});

describe('sniff: encrypted recordings', () => {
  it('classifies 1,000 random heads named .mp3.bin as encrypted or not audio', () => {
    const random = prng(20260301);
    for (let trial = 0; trial < 1000; trial++) {
      const length = trial % 10 === 0 ? SNIFF_BYTES : 1 + Math.floor(random() * 8192);
      expect(sniff(randomBytes(random, length), `recording-${trial}.mp3.bin`)).toEqual(ENCRYPTED);
    }
  });

  it('is not fooled by random bytes that open with a valid frame header', () => {
    const random = prng(7);
    for (let trial = 0; trial < 1000; trial++) {
      const head = randomBytes(random, 4096);
      head.set(MP3_HEADER);
      expect(sniff(head, 'call.mp3.bin')).toEqual(ENCRYPTED);
    }
  });

  it('calls random bytes with an ordinary name an unknown binary', () => {
    const random = prng(99);
    for (let trial = 0; trial < 100; trial++) {
      expect(sniff(randomBytes(random, 4096), 'blob.dat')).toEqual({ kind: 'binary', reason: 'unknown binary' });
    }
  });
});

describe('sniff: archives', () => {
  it('recognises zip (including an empty one) and gzip from the bytes, not the name', () => {
    expect(sniff(zipSync({ 'a.txt': utf8('hi') }), 'export.mp3.bin')).toEqual({ kind: 'zip' });
    expect(sniff(Uint8Array.from([...ascii('PK'), 5, 6, ...new Array(18).fill(0)]), 'empty.zip')).toEqual({ kind: 'zip' });
    expect(sniff(gzipSync(utf8('a,b\n1,2\n')), 'data.csv')).toEqual({ kind: 'gzip' });
  });
});

describe('sniff: text', () => {
  it('accepts UTF-8 with or without a BOM, and an empty blob', () => {
    expect(sniff(utf8('Appel transféré à l’agent 12.\n'), 'notes.log')).toEqual({ kind: 'text' });
    expect(sniff(concat([0xef, 0xbb, 0xbf], utf8('hello')), 'notes')).toEqual({ kind: 'text' });
    expect(sniff(new Uint8Array(0), 'empty')).toEqual({ kind: 'text' });
  });

  it('tolerates a character cut at the end of the head', () => {
    expect(sniff(utf8('price: 5€').subarray(0, 9), 'x.txt')).toEqual({ kind: 'text' });
  });

  it('rejects NUL bytes, invalid UTF-8 and mostly-control bytes', () => {
    const unknown = { kind: 'binary', reason: 'unknown binary' };
    expect(sniff(utf8('abc\0def'), 'x.txt')).toEqual(unknown);
    expect(sniff(Uint8Array.from([...ascii('caf'), 0xe9, ...ascii(' noir')]), 'x.txt')).toEqual(unknown);
    expect(
      sniff(
        Uint8Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 0x01 : 0x61)),
        'x.txt',
      ),
    ).toEqual(unknown);
  });

  it('looks only at the first 64 KiB', () => {
    const head = new Uint8Array(SNIFF_BYTES + 10).fill(0x61);
    head[SNIFF_BYTES + 5] = 0;
    expect(sniff(head, 'x')).toEqual({ kind: 'text' });
  });

  it('recognises JSON, whole or cut off, and NDJSON', () => {
    expect(sniff(utf8('  {"calls": [1, 2]}'), 'x')).toEqual({ kind: 'json' });
    expect(sniff(utf8('[{"id": 1, "agent": "Ana"}, {"id": 2, "ag'), 'x')).toEqual({ kind: 'json' });
    expect(sniff(utf8('{"a": 1}\n{"a": 2}\n'), 'x.ndjson')).toEqual({ kind: 'json' });
    expect(sniff(utf8('"just a string"'), 'x')).toEqual({ kind: 'json' });
  });

  it('does not take a log line in brackets for JSON', () => {
    expect(sniff(utf8('[2026-03-01 10:00:00] INFO queue started\n'), 'app.log')).toEqual({ kind: 'text' });
    expect(sniff(utf8('[INFO] started\n'), 'app.log')).toEqual({ kind: 'text' });
    expect(sniff(utf8('{ not json }'), 'x')).toEqual({ kind: 'text' });
  });

  it('recognises CSV by consistent columns, or by name', () => {
    expect(sniff(utf8('id,agent\n1,"Smith, Ana"\n2,Bo\n'), 'export')).toEqual({ kind: 'csv' });
    expect(sniff(utf8('queue;calls\nSales;12\n'), 'export.txt')).toEqual({ kind: 'csv' });
    expect(sniff(utf8('single column\nvalues\n'), 'list.CSV')).toEqual({ kind: 'csv' });
    expect(sniff(utf8('Hello, world.\nPlain prose, with commas, here.\n'), 'readme')).toEqual({ kind: 'text' });
  });
});
