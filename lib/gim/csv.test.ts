import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, CsvReader, toCsv } from './csv';

function readAll(pieces: string[]): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader((cells) => rows.push(cells));
  for (const p of pieces) reader.push(p);
  reader.end();
  return rows;
}

describe('CsvReader', () => {
  it('reads quoted commas, doubled quotes and line breaks, CRLF or LF', () => {
    expect(readAll(['a,b\r\n"x, y","say ""hi""\r\nthere"\r\n', '1,2\n3,'])).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\r\nthere'],
      ['1', '2'],
      ['3', ''],
    ]);
  });

  it('gives the same rows however the text is split', () => {
    const row = fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', 'é', ' ') }), { minLength: 2, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (rows, cuts) => {
        const text = toCsv(rows[0]!, rows.slice(1)).toString('utf8');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...at, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end));
        expect(readAll(pieces)).toEqual(rows);
      }),
    );
  });

  it('refuses an unclosed quote and a stray quote', () => {
    expect(() => readAll(['a,"b\r\n'])).toThrow(CsvError);
    expect(() => readAll(['a,b"c\r\n'])).toThrow(/line 1/);
  });
});
