import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AGENTS, chunkBlobName, chunkTables, demoInteractions, exportChunks, gimExportFiles } from './gim-export';
import { demoRecordings } from './recordings';

const TENANT = 'mytenant';
const ANCHOR = new Date('2026-11-29T12:00:00Z');
const recs = demoRecordings({ tenant: TENANT, anchor: ANCHOR, count: 600 });
const interactions = demoInteractions(recs, { tenant: TENANT, anchor: ANCHOR });
const chunks = exportChunks(interactions, { anchor: ANCHOR });
const files = gimExportFiles(chunks);

// Minimal RFC 4180 parser, independent of the generator's writer.
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(row.length === 0 && field === '').toBe(true);
  const [header = [], ...body] = rows;
  for (const r of body) expect(r).toHaveLength(header.length);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function tablesOf(body: Buffer): Map<string, Record<string, string>[]> {
  const entries = unzipSync(new Uint8Array(body));
  return new Map(Object.entries(entries).map(([name, data]) => [name, parseCsv(Buffer.from(data).toString('utf8'))]));
}

describe('the demo GIM export', () => {
  it('names each chunk export_<hwm>_<YYYY_MM_DD_HH_MI_SS>/export_<same>.zip, in increasing order', () => {
    expect(files.length).toBeGreaterThan(60);
    let hwm = 0;
    let date = '';
    for (const f of files) {
      const m = /^export_(\d+)_(\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2})\/export_\1_\2\.zip$/.exec(f.name);
      expect(m, f.name).not.toBeNull();
      expect(Number(m?.[1])).toBeGreaterThan(hwm);
      expect((m?.[2] ?? '') >= date).toBe(true);
      hwm = Number(m?.[1]);
      date = m?.[2] ?? '';
      expect(f.contentType).toBe('application/zip');
    }
  });

  it('holds one CSV per table, the chunk date being the latest END_TS exported so far', () => {
    let latest = 0;
    for (const [k, f] of files.entries()) {
      const tables = tablesOf(f.body);
      expect([...tables.keys()].sort()).toEqual([
        'INTERACTION_FACT.csv',
        'INTERACTION_RESOURCE_FACT.csv',
        'INTERACTION_TYPE.csv',
        'MEDIA_TYPE.csv',
        'RESOURCE_.csv',
      ]);
      for (const row of tables.get('INTERACTION_FACT.csv') ?? []) latest = Math.max(latest, Number(row.END_TS));
      const stamp = new Date(latest * 1000).toISOString().slice(0, 19).replace(/[-T:]/g, '_');
      expect(f.name).toContain(`_${stamp}/`);
      expect(chunkBlobName(chunks[k]!)).toBe(f.name);
    }
  });

  it('gives every recording its interaction, links agents through RESOURCE_KEY, and has interactions without a recording', () => {
    const last = new Map<string, Record<string, string>>();
    const agentOf = new Map<string, string>();
    for (const f of files) {
      const tables = tablesOf(f.body);
      const resources = new Map((tables.get('RESOURCE_.csv') ?? []).map((r) => [r.RESOURCE_KEY, r]));
      for (const row of tables.get('INTERACTION_FACT.csv') ?? []) last.set(row.MEDIA_SERVER_IXN_GUID ?? '', row);
      for (const link of tables.get('INTERACTION_RESOURCE_FACT.csv') ?? []) {
        const r = resources.get(link.RESOURCE_KEY);
        expect(r, `resource ${link.RESOURCE_KEY}`).toBeDefined();
        if (r?.RESOURCE_TYPE_CODE === 'AGENT') agentOf.set(link.INTERACTION_ID ?? '', r.EMPLOYEE_ID ?? '');
      }
    }
    for (const rec of recs) {
      const row = last.get(rec.interactionId);
      expect(row, rec.interactionId).toBeDefined();
      expect(Number(row?.START_TS) * 1000).toBeLessThanOrEqual(Date.parse(rec.storedTime));
      expect(AGENTS.map((a) => a.employeeId as string)).toContain(agentOf.get(row?.INTERACTION_ID ?? ''));
    }
    const recorded = new Set(recs.map((r) => r.interactionId));
    const unrecorded = [...last.keys()].filter((g) => !recorded.has(g));
    expect(unrecorded.length).toBeGreaterThan(recorded.size / 6);
    expect(unrecorded.some((g) => last.get(g)?.MEDIA_TYPE_KEY === '2')).toBe(true);
  });

  it('exports an interaction again in a later chunk with a later END_TS', () => {
    const seen = new Map<string, number[]>();
    for (const f of files)
      for (const row of tablesOf(f.body).get('INTERACTION_FACT.csv') ?? [])
        seen.set(row.MEDIA_SERVER_IXN_GUID ?? '', [...(seen.get(row.MEDIA_SERVER_IXN_GUID ?? '') ?? []), Number(row.END_TS)]);
    const repeated = [...seen.values()].filter((ends) => ends.length > 1);
    expect(repeated.length).toBeGreaterThan(3);
    for (const ends of repeated) expect(ends[1]).toBe((ends[0] ?? 0) + 45);
  });

  it('customers call more than once, and quotes survive', () => {
    const byCustomer = new Map<string, number>();
    for (const i of interactions) byCustomer.set(i.customer, (byCustomer.get(i.customer) ?? 0) + 1);
    expect(Math.max(...byCustomer.values())).toBeGreaterThan(5);
    const chat = chunks.find((c) => c.interactions.some((i) => i.media === 'CHAT'));
    expect(chunkTables(chat!, 1)['INTERACTION_FACT.csv']?.toString('utf8')).toContain('"Question about my bill, ""urgent"""');
  });

  it('is byte-for-byte deterministic, zips included', () => {
    const again = gimExportFiles(
      exportChunks(demoInteractions(demoRecordings({ tenant: TENANT, anchor: ANCHOR, count: 600 }), { tenant: TENANT, anchor: ANCHOR }), {
        anchor: ANCHOR,
      }),
    );
    expect(again.map((f) => f.name)).toEqual(files.map((f) => f.name));
    again.forEach((f, i) => expect(f.body.equals(files[i]?.body ?? Buffer.alloc(0))).toBe(true));
    expect(gimExportFiles(exportChunks([], { anchor: ANCHOR }))).toEqual([]);
  });
});
