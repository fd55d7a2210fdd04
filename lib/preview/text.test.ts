import { describe, expect, it } from 'vitest';
import { indentJson, previewText, shownText, TEXT_PREVIEW_CAP, utf8SafeEnd } from './text';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('utf8SafeEnd', () => {
  it('never lands inside a 2-, 3- or 4-byte character', () => {
    const bytes = utf8('aé€😀b'); // 1 + 2 + 3 + 4 + 1 bytes
    const boundaries = [0, 1, 3, 6, 10, 11];
    for (let end = 0; end <= bytes.length; end++) {
      expect(utf8SafeEnd(bytes, end)).toBe(Math.max(...boundaries.filter((b) => b <= end)));
    }
  });

  it('clamps to the length and treats a cut final character as unseen', () => {
    const bytes = utf8('ok€').subarray(0, 4); // "ok" plus the first two bytes of "€"
    expect(utf8SafeEnd(bytes, 100)).toBe(2);
    expect(utf8SafeEnd(bytes, -5)).toBe(0);
  });
});

describe('previewText', () => {
  it('decodes short text whole, dropping the BOM', () => {
    expect(previewText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('héllo')]))).toEqual({ text: 'héllo', truncated: false });
  });

  it('cuts at the cap without splitting a character', () => {
    const result = previewText(utf8('ab€€'), 4); // the cap falls inside the first "€"
    expect(result).toEqual({ text: 'ab', truncated: true });
  });

  it('a blob exactly as long as the cap is not truncated', () => {
    expect(previewText(utf8('abcd'), 4).truncated).toBe(false);
  });

  it('parses JSON only when the whole content is present', () => {
    const json = '{"calls": [{"id": 1, "agent": "Zoë"}]}';
    expect(previewText(utf8(json)).json).toEqual({ calls: [{ id: 1, agent: 'Zoë' }] });
    expect(previewText(utf8(json), 10)).not.toHaveProperty('json');
    expect(previewText(utf8('{"broken": '))).not.toHaveProperty('json');
    expect(previewText(utf8('plain words'))).not.toHaveProperty('json');
  });

  it('replaces invalid bytes instead of throwing', () => {
    expect(previewText(new Uint8Array([0x61, 0xff, 0x62])).text).toBe('a\uFFFDb');
  });

  it('caps at 256 KiB by default', () => {
    const result = previewText(new Uint8Array(TEXT_PREVIEW_CAP + 10).fill(0x61));
    expect(TEXT_PREVIEW_CAP).toBe(262_144);
    expect(result.text).toHaveLength(TEXT_PREVIEW_CAP);
    expect(result.truncated).toBe(true);
  });
});

describe('indentJson', () => {
  it('lays JSON out exactly as JSON.stringify(value, null, 2) does', () => {
    const samples = [
      '{"a":1,"b":[1,2,{"c":"x,y:{z}"}],"d":{},"e":[],"f":"q\\"uote","g":null}',
      '[ ]',
      '"just a string"',
      '[{"a" : [ [ ] , { } ]}]',
      '{"k":"\\\\"}',
    ];
    for (const text of samples) expect(indentJson(text)).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('lays out JSON that fits, and shows other text as it is', () => {
    expect(shownText(utf8('{"a":[1]}'))).toEqual({ text: '{\n  "a": [\n    1\n  ]\n}', truncated: false });
    expect(shownText(utf8('not json'))).toEqual({ text: 'not json', truncated: false });
  });

  it('keeps a 124 KB deeply nested blob within 256 KB of text and 50 ms', () => {
    const depth = 62_000;
    const bytes = utf8('['.repeat(depth) + ']'.repeat(depth));
    const started = performance.now();
    const shown = shownText(bytes);
    const took = performance.now() - started;
    expect(shown.text.length).toBeLessThanOrEqual(TEXT_PREVIEW_CAP);
    expect(shown.text).toBe(new TextDecoder().decode(bytes)); // too deep to lay out within the cap: shown as stored
    expect(took).toBeLessThan(50);
  });
});
