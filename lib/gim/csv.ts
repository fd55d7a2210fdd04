// RFC 4180 CSV: a writer (CRLF, quotes only where needed) and a reader fed text in pieces of any
// size, so a CSV inside a zip is parsed as it inflates, never held whole. Pure.

function field(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(field).join(',')}\r\n`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Buffer {
  return Buffer.from([header, ...rows].map(csvLine).join(''), 'utf8');
}

export class CsvError extends Error {}

/**
 * Calls `onRow` with each record as it completes. Accepts CRLF or LF line ends, quoted fields with
 * commas, quotes and line breaks. `end()` throws on an unterminated quote.
 */
export class CsvReader {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** A quote seen inside a quoted field: either the close or the first of a doubled pair. */
  private quotePending = false;
  private fieldStarted = false;
  private lastWasCr = false;
  line = 1;

  constructor(private readonly onRow: (cells: string[], line: number) => void) {}

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (this.quotePending) {
        this.quotePending = false;
        if (c === '"') {
          this.field += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === '"') this.quotePending = true;
        else {
          if (c === '\n') this.line++;
          this.field += c;
        }
        continue;
      }
      if (c === '"') {
        if (this.fieldStarted) throw new CsvError(`line ${this.line}: a quote inside an unquoted field`);
        this.quoted = true;
        this.fieldStarted = true;
      } else if (c === ',') {
        this.row.push(this.field);
        this.field = '';
        this.fieldStarted = false;
      } else if (c === '\r') {
        this.finishRow();
        this.lastWasCr = true;
        continue;
      } else if (c === '\n') {
        if (!this.lastWasCr) this.finishRow();
        this.line++;
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
      this.lastWasCr = false;
    }
  }

  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.quoted) throw new CsvError(`line ${this.line}: a quoted field is not closed before the end of the file`);
    if (this.fieldStarted || this.row.length) this.finishRow();
  }

  private finishRow(): void {
    this.row.push(this.field);
    const cells = this.row;
    this.row = [];
    this.field = '';
    this.fieldStarted = false;
    // A blank line (one empty field) is no record.
    if (cells.length === 1 && cells[0] === '') return;
    this.onRow(cells, this.line);
  }
}
