// Parses the head of a CSV blob (RFC 4180) into a header and a bounded number of rows for the preview table. Pure.
export type CsvDelimiter = ',' | ';' | '\t';

export type CsvPreview = { header: string[]; rows: string[][]; truncated: boolean; delimiter: CsvDelimiter };

export type CsvPreviewOptions = {
  /**
   * Whether `text` is only the start of the blob. true: an unterminated final record is always
   * dropped (it may be cut mid-field). false: it is kept. Unset: dropped only when it visibly is
   * cut (inside quotes, or fewer fields than the header).
   */
  partial?: boolean;
};

type CsvRecord = { fields: string[]; terminated: boolean; openQuote: boolean };

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
// Enough records to tell a table from prose without scanning a whole 256 KiB head three times.
const SAMPLE_RECORDS = 20;

function* readRecords(text: string, delimiter: CsvDelimiter): Generator<CsvRecord> {
  let i = 0;
  while (i < text.length) {
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let fieldStart = true;
    let terminated = false;
    while (i < text.length) {
      const c = text[i] as string;
      i++;
      if (quoted) {
        if (c !== '"') {
          field += c;
        } else if (text[i] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else if (c === '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
        fieldStart = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i] === '\n') i++;
        terminated = true;
        break;
      } else {
        // A quote inside an unquoted field is kept literally, as spreadsheets do.
        field += c;
        fieldStart = false;
      }
    }
    fields.push(field);
    yield { fields, terminated, openQuote: quoted };
  }
}

const isBlank = (record: CsvRecord) => record.fields.length === 1 && record.fields[0] === '';

/**
 * The delimiter giving the same number (> 1) of fields on at least two of the first records, the
 * widest if several do; undefined when the text does not look like a table. An unterminated final
 * record counts only when it agrees, since a cut-off line proves nothing.
 */
export function detectDelimiter(text: string): { delimiter: CsvDelimiter; columns: number } | undefined {
  let best: { delimiter: CsvDelimiter; columns: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts: number[] = [];
    for (const record of readRecords(text, delimiter)) {
      if (isBlank(record)) continue;
      if (!record.terminated && (record.openQuote || record.fields.length !== counts[0])) break;
      counts.push(record.fields.length);
      if (counts.length === SAMPLE_RECORDS) break;
    }
    const columns = counts[0] ?? 0;
    const consistent = counts.length >= 2 && columns > 1 && counts.every((count) => count === columns);
    if (consistent && columns > (best?.columns ?? 0)) best = { delimiter, columns };
  }
  return best;
}

// For a header-only file nothing can be compared, so take the delimiter that splits the first line most.
function widestFirstRecord(text: string): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let widest = 0;
  for (const delimiter of DELIMITERS) {
    const first = readRecords(text, delimiter).next();
    const width = first.done ? 0 : first.value.fields.length;
    if (width > widest) {
      best = delimiter;
      widest = width;
    }
  }
  return best;
}

function isCut(record: CsvRecord, header: string[] | undefined, partial: boolean | undefined): boolean {
  if (record.terminated) return false;
  if (partial !== undefined) return partial;
  return record.openQuote || (header !== undefined && record.fields.length < header.length);
}

export function parseCsvPreview(text: string, maxRows = 100, options: CsvPreviewOptions = {}): CsvPreview {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(body)?.delimiter ?? widestFirstRecord(body);
  let header: string[] | undefined;
  const rows: string[][] = [];
  let truncated = false;
  for (const record of readRecords(body, delimiter)) {
    if (isBlank(record)) continue;
    if (isCut(record, header, options.partial)) {
      truncated = true;
      break;
    }
    if (header === undefined) {
      header = record.fields;
    } else if (rows.length === maxRows) {
      truncated = true;
      break;
    } else {
      rows.push(record.fields);
    }
  }
  return { header: header ?? [], rows, truncated, delimiter };
}
