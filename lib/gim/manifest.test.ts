import { describe, expect, it } from 'vitest';
import { CsvReader } from './csv';
import { manifestCsv } from './manifest';
import type { InteractionSummary } from './records';

const interaction = (customer: string): InteractionSummary & { fields: Record<string, string> } => ({
  guid: 'g1',
  exportId: '1',
  startSec: 1_796_000_000,
  endSec: 1_796_000_060,
  media: 'voice',
  mediaName: 'Voice',
  direction: 'inbound',
  directionName: 'Inbound',
  customer,
  agents: [{ name: '@Lee, Ann', employeeId: '4711' }],
  chunk: 'export_1_2026_12_01_00_20_00',
  fields: { NOTE: '=HYPERLINK("https://evil.example","x")' },
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const reader = new CsvReader((row) => rows.push(row));
  reader.push(text);
  reader.end();
  return rows;
}

describe('manifestCsv', () => {
  it('keeps a Content-MD5 as storage gave it, a quarter of which start with +, and disarms formulas everywhere else', () => {
    const csv = manifestCsv([
      { interaction: interaction('+15550102030'), recording: { name: 'mytenant/g1_a.wav', size: 10, md5: '+J2SKbOOSup0khhwmsazog==' } },
      { interaction: interaction('-1'), recording: { name: 'mytenant/g1_b.wav', size: 10, md5: "=cmd|' /C calc'!A0" } },
    ]);
    const [header, first, second] = parseCsv(csv);
    const at = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];
    expect(at(first, 'content_md5')).toBe('+J2SKbOOSup0khhwmsazog==');
    expect(at(first, 'customer')).toBe("'+15550102030");
    expect(at(first, 'agents')).toBe("'@Lee, Ann");
    expect(at(first, 'NOTE')).toBe('\'=HYPERLINK("https://evil.example","x")');
    // Not a digest storage could have given: treated like any other cell.
    expect(at(second, 'content_md5')).toBe("'=cmd|' /C calc'!A0");
    expect(at(second, 'customer')).toBe("'-1");
  });
});
