import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { chunkZip, demoInteractions, exportChunks } from '../demo/gim-export';
import { demoRecordings } from '../demo/recordings';
import { parseChunkName } from './keys';
import { DEFAULT_MAPPING } from './mapping';
import { ChunkError, readChunk } from './read-chunk';
import { recordsOf } from './records';

const ANCHOR = new Date('2026-11-29T12:00:00Z');
const chunks = exportChunks(
  demoInteractions(demoRecordings({ tenant: 't', anchor: ANCHOR, count: 200 }), { tenant: 't', anchor: ANCHOR }),
  { anchor: ANCHOR },
);

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
const IF =
  'INTERACTION_ID,MEDIA_SERVER_IXN_GUID,SOURCE_ADDRESS,TARGET_ADDRESS,START_TS,END_TS,MEDIA_TYPE_KEY,INTERACTION_TYPE_KEY,EXTRA\r\n';

describe('readChunk', () => {
  it('reads a demo chunk in small pieces, joining agents and naming the keys', async () => {
    const chunk = chunks.find((c) => c.interactions.length > 3)!;
    const parsed = await readChunk(pieces(chunkZip(chunk), 97), DEFAULT_MAPPING);
    expect(parsed.interactions.size).toBe(new Set(chunk.interactions.map((i) => i.guid)).size);
    const records = recordsOf(parsed, parseChunkName(`${chunk.folder}/${chunk.folder}.zip`)!, parsed.dims, DEFAULT_MAPPING);
    for (const i of chunk.interactions) {
      const r = records.find((x) => x.guid === i.guid)!;
      expect(r.startSec).toBe(i.startSec);
      expect(r.customer).toBe(i.customer);
      expect(r.media).toBe(i.media);
      expect(r.direction).toBe(i.direction);
      expect(r.agents).toHaveLength(1);
      expect(r.fields.MEDIA_SERVER_IXN_GUID).toBe(i.guid);
    }
  });

  it('reads columns by header name, in any order, ignoring others and other tables', async () => {
    const body = zip({ 'OTHER.csv': 'A\r\n1\r\n', 'INTERACTION_FACT.csv': `${IF}7,G1,15550102030,18005550100,100,160,1,1,x\r\n` });
    const parsed = await readChunk(pieces(body, 10), DEFAULT_MAPPING);
    expect([...parsed.interactions.keys()]).toEqual(['G1']);
    expect(parsed.interactions.get('G1')?.fields.EXTRA).toBe('x');
  });

  it('refuses what is not a zip, a CSV without the key columns, a row that does not parse', async () => {
    await expect(readChunk(pieces(strToU8('hello, not a zip'), 4), DEFAULT_MAPPING)).rejects.toThrow(/not a zip/);
    await expect(
      readChunk(pieces(zip({ 'INTERACTION_FACT.csv': 'INTERACTION_ID,START_TS\r\n1,2\r\n' }), 50), DEFAULT_MAPPING),
    ).rejects.toThrow(/lacks the columns MEDIA_SERVER_IXN_GUID/);
    await expect(
      readChunk(pieces(zip({ 'INTERACTION_FACT.csv': `${IF}7,G1,a,b,soon,160,1,1,x\r\n` }), 50), DEFAULT_MAPPING),
    ).rejects.toThrow(/line 2: START_TS "soon" is not epoch seconds/);
    await expect(readChunk(pieces(zip({ 'INTERACTION_FACT.csv': `${IF}7,G1,a\r\n` }), 50), DEFAULT_MAPPING)).rejects.toThrow(
      /3 fields where the header has 9/,
    );
    await expect(readChunk(pieces(zip({ 'README.txt': 'x' }), 50), DEFAULT_MAPPING)).rejects.toThrow(/no INTERACTION_FACT\.csv/);
    const whole = chunkZip(chunks.find((c) => c.interactions.length > 3)!);
    for (const at of [200, Math.floor(whole.length / 2), whole.length - 30])
      await expect(readChunk(pieces(whole.subarray(0, at), 50), DEFAULT_MAPPING)).rejects.toThrow(ChunkError);
  });

  it('holds rows up to a size, not a count: a chunk over the bound is refused with its reason', async () => {
    const rows = Array.from({ length: 2_000 }, (_, n) => `${n},G${n},15550102030,18005550100,100,160,1,1,${'x'.repeat(200)}\r\n`).join('');
    const body = zip({ 'INTERACTION_FACT.csv': `${IF}${rows}` });
    expect((await readChunk(pieces(body, 4096), DEFAULT_MAPPING, 2 ** 20)).interactions.size).toBe(2_000);
    await expect(readChunk(pieces(body, 4096), DEFAULT_MAPPING, 200_000)).rejects.toThrow(
      /rows to index pass 200,000 characters, the indexer's memory bound/,
    );
  });
});
