import { decodeAnyText } from "../decode-any-text.ts";
import { columnLetters, type EvidenceText, type Passage } from "../evidence.ts";

/** One field of a CSV file: its value, and where its text starts in the file. */
export interface CsvField {
  value: string;
  /** Offset of the field's first character (its opening quote, if quoted) in the text. */
  offset: number;
  /** 1-based line and column of that character. */
  line: number;
  column: number;
}

/**
 * Splits CSV or TSV text into records of fields, RFC 4180 style (quoted fields may hold
 * delimiters, line breaks and doubled quotes; a stray quote inside an unquoted field is
 * text), keeping where each field starts. A blank line is a record of one empty field, so
 * record numbers are the row numbers a spreadsheet shows. Libraries such as csv-parse and Papa Parse give
 * the values but not each field's place, which a finding needs.
 */
export function scanCsv(text: string, delimiter: string): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let line = 1;
  let lineStart = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const startField = (): CsvField => ({ value: "", offset: i, line, column: i - lineStart + 1 });
  while (i <= text.length) {
    const field = startField();
    if (text[i] === '"') {
      i++;
      let value = "";
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) { value += text.slice(i); i = text.length; break; }
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') { value += '"'; i++; continue; }
        break;
      }
      // Text after the closing quote, up to the delimiter, belongs to the field.
      const end = nextBreak(text, i, delimiter);
      field.value = value + text.slice(i, withoutCr(text, i, end));
      for (let k = field.offset; k < end; k++) if (text[k] === "\n") { line++; lineStart = k + 1; }
      i = end;
    } else {
      const end = nextBreak(text, i, delimiter);
      field.value = text.slice(i, withoutCr(text, i, end));
      i = end;
    }
    record.push(field);
    if (i >= text.length) { records.push(record); break; }
    if (text[i] === delimiter) { i++; continue; }
    // A line break ends the record.
    i++;
    line++;
    lineStart = i;
    records.push(record);
    record = [];
    if (i === text.length) break;
  }
  return records;
}

/** The end of a field's text without the CR of a CRLF line end. */
function withoutCr(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

function nextBreak(text: string, from: number, delimiter: string): number {
  const stop = delimiter.charCodeAt(0);
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === stop || c === 10) return k;
  }
  return text.length;
}

/** The delimiter of a CSV file: a tab for .tsv, else whichever of `,` `;` tab the first line uses most. */
export function csvDelimiter(text: string, extension: string): string {
  if (extension === ".tsv" || extension === ".tab") return "\t";
  // The first line, or its first 64 KB: a file of one long line is not split three times over.
  const lineEnd = text.indexOf("\n");
  const first = text.slice(0, Math.min(lineEnd === -1 ? text.length : lineEnd, 65_536)).replace(/"[^"]*"/g, "");
  const count = (c: string) => first.split(c).length - 1;
  return [",", ";", "\t"].reduce((best, c) => (count(c) > count(best) ? c : best), ",");
}

/** Each cell of a CSV or TSV file, at its line and column, with its cell reference (B4). */
export function readCsv(bytes: Uint8Array, extension: string): EvidenceText {
  const text = decodeAnyText(bytes);
  const passages: Passage[] = [];
  scanCsv(text, csvDelimiter(text, extension)).forEach((record, row) => {
    record.forEach((field, column) => {
      if (!field.value.trim()) return;
      // A quoted field's text starts after its quote; positions count from there.
      const quoted = text[field.offset] === '"' ? 1 : 0;
      passages.push({ text: field.value, place: { kind: "line", line: field.line, column: field.column + quoted, cell: `${columnLetters(column)}${row + 1}` } });
    });
  });
  return { format: "CSV file", passages };
}
