// Reads one export chunk's zip as it downloads: fflate inflates each entry as its bytes arrive and
// the CSV reader takes the text as it inflates, so only the parsed rows of the tables read are held,
// never the zip or a whole CSV, and those rows are capped by size (MAX_HELD_CHARS): a chunk over it
// is refused with its reason rather than growing the process. Tables and columns are found by name
// (GimMapping); the rest is ignored. Pure: the bytes come in as an async iterable.
import { keepZipEnd } from '../zip/zip-end';
import { Unzip, UnzipInflate } from 'fflate';
import { CsvError, CsvReader } from './csv';
import type { GimMapping } from './mapping';

export class ChunkError extends Error {}

export type Dimension = Record<string, string>;
export type Dimensions = { resource: Map<string, Dimension>; media: Map<string, Dimension>; type: Map<string, Dimension> };
export type InteractionRow = { fields: Record<string, string>; guid: string; exportId: string; startSec: number; endSec?: number };
export type ParsedChunk = {
  /** By join key; a key repeated in one chunk keeps its last row. */
  interactions: Map<string, InteractionRow>;
  /** Export interaction id → resource keys. */
  resources: Map<string, string[]>;
  dims: Dimensions;
  tables: string[];
};

type TableReader = {
  header?: string[];
  /** Whether its rows are kept until the zip ends (the fact tables; dimensions are small). */
  holds?: boolean;
  index: Map<string, number>;
  onRow: (get: (col: string) => string, line: number) => void;
  required: string[];
};

function need(table: string, header: string[], required: string[]): Map<string, number> {
  const index = new Map(header.map((h, i) => [h.trim().toUpperCase(), i]));
  const missing = required.filter((c) => !index.has(c.toUpperCase()));
  if (missing.length) throw new ChunkError(`${table}.csv lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return index;
}

const INTEGER = /^-?\d{1,15}$/;

/** Characters of row text a chunk may hold (each held about 3 times over as JS strings and maps: ~100 MiB). */
export const MAX_HELD_CHARS = 32 * 2 ** 20;
/** What a held cell costs beyond its text (the string and its slot). */
const CELL_OVERHEAD = 16;

export async function readChunk(body: AsyncIterable<Uint8Array>, mapping: GimMapping, maxHeldChars = MAX_HELD_CHARS): Promise<ParsedChunk> {
  const m = mapping;
  let held = 0;
  const hold = (cells: readonly string[]) => {
    for (const c of cells) held += c.length + CELL_OVERHEAD;
    if (held > maxHeldChars)
      throw new ChunkError(
        `the chunk's rows to index pass ${maxHeldChars.toLocaleString('en-US')} characters, the indexer's memory bound (export smaller chunks)`,
      );
  };
  const out: ParsedChunk = {
    interactions: new Map(),
    resources: new Map(),
    dims: { resource: new Map(), media: new Map(), type: new Map() },
    tables: [],
  };
  const i = m.interaction;
  const readers: Record<string, () => TableReader> = {
    [i.table.toUpperCase()]: () => ({
      holds: true,
      index: new Map(),
      required: [i.joinKey, i.id, i.start, i.end, i.source, i.target, i.mediaTypeKey, i.interactionTypeKey],
      onRow: (get, line) => {
        const guid = get(i.joinKey).trim();
        const start = get(i.start).trim();
        const end = get(i.end).trim();
        if (!guid) throw new ChunkError(`${i.table}.csv line ${line}: ${i.joinKey} is empty`);
        if (!INTEGER.test(start))
          throw new ChunkError(`${i.table}.csv line ${line}: ${i.start} "${start.slice(0, 40)}" is not epoch seconds`);
        if (end && !INTEGER.test(end))
          throw new ChunkError(`${i.table}.csv line ${line}: ${i.end} "${end.slice(0, 40)}" is not epoch seconds`);
        const fields: Record<string, string> = {};
        readerOf.header?.forEach((name, at) => (fields[name.trim()] = getAt(at)));
        out.interactions.set(guid, {
          fields,
          guid,
          exportId: get(i.id).trim(),
          startSec: Number(start),
          endSec: end ? Number(end) : undefined,
        });
      },
    }),
    [m.resourceFact.table.toUpperCase()]: () => ({
      holds: true,
      index: new Map(),
      required: [m.resourceFact.interactionId, m.resourceFact.resourceKey],
      onRow: (get) => {
        const id = get(m.resourceFact.interactionId).trim();
        const list = out.resources.get(id) ?? [];
        list.push(get(m.resourceFact.resourceKey).trim());
        out.resources.set(id, list);
      },
    }),
    [m.resource.table.toUpperCase()]: () =>
      dimension(
        out.dims.resource,
        m.resource.key,
        [m.resource.typeCode],
        [m.resource.firstName, m.resource.lastName, m.resource.employeeId, m.resource.name],
      ),
    [m.mediaType.table.toUpperCase()]: () => dimension(out.dims.media, m.mediaType.key, [m.mediaType.code], [m.mediaType.name]),
    [m.interactionType.table.toUpperCase()]: () =>
      dimension(out.dims.type, m.interactionType.key, [m.interactionType.code], [m.interactionType.name]),
  };
  // The reader of the entry being inflated, and its current row (for the fields copy above).
  let readerOf: TableReader = { index: new Map(), onRow: () => {}, required: [] };
  let row: string[] = [];
  const getAt = (at: number) => row[at] ?? '';

  let failure: unknown;
  const unfinished = new Set<string>();
  const unzip = new Unzip((file) => {
    const base = file.name.slice(file.name.lastIndexOf('/') + 1).toUpperCase();
    const make = base.endsWith('.CSV') ? readers[base.slice(0, -4)] : undefined;
    if (!make) return; // not a table the index reads: never inflated
    const table = base.slice(0, -4);
    out.tables.push(table);
    unfinished.add(table);
    const reader = make();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const csv = new CsvReader((cells, line) => {
      readerOf = reader;
      if (!reader.header) {
        reader.header = cells;
        reader.index = need(table, cells, reader.required);
        return;
      }
      if (cells.length !== reader.header.length)
        throw new ChunkError(`${table}.csv line ${line}: ${cells.length} fields where the header has ${reader.header.length}`);
      row = cells;
      if (reader.holds) hold(cells);
      reader.onRow((col) => row[reader.index.get(col.toUpperCase()) ?? -1] ?? '', line);
    });
    file.ondata = (error, data, final) => {
      if (failure) return;
      try {
        if (error) throw new ChunkError(`${file.name} could not be inflated (${error.message})`);
        csv.push(decoder.decode(data, { stream: !final }));
        if (final) {
          unfinished.delete(table);
          csv.end();
          if (!reader.header) throw new ChunkError(`${table}.csv is empty (no header)`);
        }
      } catch (e) {
        failure = e instanceof TypeError ? new ChunkError(`${table}.csv is not UTF-8 text`) : e;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  let first = true;
  let tail: Uint8Array = new Uint8Array(0);
  try {
    for await (const piece of body) {
      if (first && piece.length > 0) {
        first = false;
        if (!(piece[0] === 0x50 && piece[1] === 0x4b)) throw new ChunkError('the chunk is not a zip file');
      }
      unzip.push(piece);
      tail = keepZipEnd(tail, piece, TAIL);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure ??= e;
  }
  if (failure) {
    if (failure instanceof ChunkError) throw failure;
    if (failure instanceof CsvError) throw new ChunkError(failure.message);
    // fflate's own errors (a damaged zip) carry a code; anything else is the download failing.
    if (typeof (failure as { code?: unknown }).code === 'number')
      throw new ChunkError(`the zip is damaged (${(failure as Error).message})`);
    throw failure;
  }
  if (first) throw new ChunkError('the chunk is empty');
  if (!hasEndRecord(tail)) throw new ChunkError('the zip is cut short (no end of central directory)');
  if (unfinished.size) throw new ChunkError(`the zip ends inside ${[...unfinished][0]}.csv (cut short)`);
  if (!out.tables.includes(i.table.toUpperCase())) throw new ChunkError(`the zip holds no ${i.table}.csv`);
  return out;
}

function dimension(target: Map<string, Dimension>, key: string, required: string[], optional: string[]): TableReader {
  return {
    index: new Map(),
    required: [key, ...required],
    onRow: (get) => {
      const row: Dimension = {};
      for (const c of [...required, ...optional]) row[c] = get(c).trim();
      target.set(get(key).trim(), row);
    },
  };
}

// The end of central directory record sits in the last 22 bytes plus the archive comment.
const TAIL = 1_024;

function hasEndRecord(tail: Uint8Array): boolean {
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  return false;
}
