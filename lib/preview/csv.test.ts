import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsvPreview } from './csv';

describe('parseCsvPreview', () => {
  it('reads a header and rows', () => {
    expect(parseCsvPreview('id,agent,duration\n1,Ana,63\n2,Bo,7\n')).toEqual({
      header: ['id', 'agent', 'duration'],
      rows: [
        ['1', 'Ana', '63'],
        ['2', 'Bo', '7'],
      ],
      truncated: false,
      delimiter: ',',
    });
  });

  it('handles quoted delimiters, doubled quotes, line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFid,note\r\n1,"Caller said ""hi"", then hung up"\r\n2,"line one\r\nline two"\r\n3,""\r\n';
    const result = parseCsvPreview(text);
    expect(result.header).toEqual(['id', 'note']);
    expect(result.rows).toEqual([
      ['1', 'Caller said "hi", then hung up'],
      ['2', 'line one\r\nline two'],
      ['3', ''],
    ]);
    expect(result.truncated).toBe(false);
  });

  it('detects semicolons (decimal commas in the data) and tabs', () => {
    const semicolon = parseCsvPreview('queue;avg wait\nSales;1,5\nSupport;12,25\n');
    expect(semicolon.delimiter).toBe(';');
    expect(semicolon.rows).toEqual([
      ['Sales', '1,5'],
      ['Support', '12,25'],
    ]);
    expect(parseCsvPreview('a\tb\n1\t2\n').delimiter).toBe('\t');
  });

  it('keeps a final line without a line break when the file may be complete', () => {
    expect(parseCsvPreview('a,b\n1,2').rows).toEqual([['1', '2']]);
  });

  it('drops a final record visibly cut off (open quote, or fewer fields than the header)', () => {
    expect(parseCsvPreview('a,b\n1,2\n3,"unfinished\nnote')).toMatchObject({ rows: [['1', '2']], truncated: true });
    expect(parseCsvPreview('a,b,c\n1,2,3\n4,5')).toMatchObject({ rows: [['1', '2', '3']], truncated: true });
  });

  it('with partial, drops any unterminated final record; with partial false, keeps it', () => {
    expect(parseCsvPreview('a,b\n1,2\n3,4', 100, { partial: true })).toMatchObject({ rows: [['1', '2']], truncated: true });
    expect(parseCsvPreview('a,b\n1,2\n3,"x', 100, { partial: false })).toMatchObject({
      rows: [
        ['1', '2'],
        ['3', 'x'],
      ],
      truncated: false,
    });
  });

  it('stops at maxRows and says so', () => {
    const text = ['n', ...Array.from({ length: 10 }, (_, i) => String(i))].join('\n');
    const result = parseCsvPreview(text, 3);
    expect(result.rows).toEqual([['0'], ['1'], ['2']]);
    expect(result.truncated).toBe(true);
    expect(parseCsvPreview('n\n0\n1\n2\n', 3).truncated).toBe(false);
  });

  it('skips blank lines and copes with empty and header-only input', () => {
    expect(parseCsvPreview('a;b\n\n1;2\n\n').rows).toEqual([['1', '2']]);
    expect(parseCsvPreview('')).toEqual({ header: [], rows: [], truncated: false, delimiter: ',' });
    expect(parseCsvPreview('x;y;z\n')).toEqual({ header: ['x', 'y', 'z'], rows: [], truncated: false, delimiter: ';' });
  });

  it('keeps ragged rows as they are', () => {
    expect(parseCsvPreview('a,b\n1,2\n3\n4,5,6\n').rows).toEqual([['1', '2'], ['3'], ['4', '5', '6']]);
  });
});

describe('detectDelimiter', () => {
  it('needs two records with the same number of fields', () => {
    expect(detectDelimiter('a,b\n1,2\n')).toEqual({ delimiter: ',', columns: 2 });
    expect(detectDelimiter('just one line, with a comma\n')).toBeUndefined();
    expect(detectDelimiter('Hello, world.\nThis is prose, with commas, here and there.\n')).toBeUndefined();
    expect(detectDelimiter('single\ncolumn\n')).toBeUndefined();
  });

  it('ignores a cut-off last line that disagrees, and quoted delimiters', () => {
    expect(detectDelimiter('a,b,c\n"1,5",2,3\n4,5,6\n7,')).toEqual({ delimiter: ',', columns: 3 });
  });
});
