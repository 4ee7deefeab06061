import { columnLetters, EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";
import { entryText, unzip } from "../zip.ts";
import { localName, walkXml } from "../xml.ts";
import { propertiesOf, sweepParts } from "./office-xml.ts";

/** A cell's text as the spreadsheet shows it, and where it is. */
export interface Cell {
  row: number;
  column: number;
  text: string;
  /** A formula's text, which the file keeps beside the value. */
  formula?: string;
}

export interface Worksheet {
  name: string;
  hidden: boolean;
  cells: Cell[];
  /** Page headers and footers set for printing. */
  headers: string[];
}

/**
 * An Excel workbook (.xlsx, .xlsm): each sheet's cells as shown (shared strings, inline
 * strings, numbers, dates in the cell's date format, booleans), formulas, print headers
 * and footers, comments and document properties.
 *
 * Read with saxes over fflate rather than a spreadsheet library: SheetJS's release on the
 * npm registry (0.18.5) has known flaws with crafted files, fixed only in releases that
 * are not published there, and exceljs reads .xlsx alone and brings a dozen packages.
 */
export function readWorkbook(bytes: Uint8Array): Worksheet[] {
  return sheetsOf(unzip(bytes, (name) => /\.(xml|rels)$/i.test(name)));
}

function sheetsOf(entries: ReadonlyMap<string, Uint8Array>): Worksheet[] {
  const workbook = entryText(entries, "xl/workbook.xml");
  if (workbook === undefined) throw new EvidenceReadError("it is not an Excel workbook (it has no xl/workbook.xml); it may be another kind of file renamed");
  const sheets: Array<{ name: string; id: string; hidden: boolean }> = [];
  let date1904 = false;
  walkXml(workbook, {
    open(name, a) {
      if (name === "sheet" || localName(name) === "sheet") sheets.push({ name: a.name ?? "", id: a["r:id"] ?? "", hidden: a.state === "hidden" || a.state === "veryHidden" });
      if (localName(name) === "workbookPr" && (a.date1904 === "1" || a.date1904 === "true")) date1904 = true;
    },
  }, "xl/workbook.xml");
  const targets = relationships(entryText(entries, "xl/_rels/workbook.xml.rels"), "xl/");
  const shared = sharedStrings(entryText(entries, "xl/sharedStrings.xml"));
  const dateStyles = dateStyleIndexes(entryText(entries, "xl/styles.xml"));
  return sheets.map((sheet) => {
    const part = targets.get(sheet.id);
    const xml = part ? entryText(entries, part) : undefined;
    return { name: sheet.name, hidden: sheet.hidden, ...(xml ? readSheet(xml, part!, shared, dateStyles, date1904) : { cells: [], headers: [] }) };
  });
}

/** The workbook's text, cell by cell, with sheet names, headers, comments and properties. */
export function readSpreadsheet(bytes: Uint8Array): EvidenceText {
  const entries = unzip(bytes, (name) => /\.(xml|rels)$/i.test(name));
  const sheets = sheetsOf(entries);
  const passages: Passage[] = [];
  for (const sheet of sheets) {
    passages.push({ text: sheet.name, place: { kind: "metadata", of: "the workbook", field: "a sheet's name" } });
    for (const cell of sheet.cells) {
      const place = { kind: "cell", sheet: sheet.name, cell: `${columnLetters(cell.column)}${cell.row + 1}` } as const;
      if (cell.text.trim()) passages.push({ text: cell.text, place });
      if (cell.formula?.trim()) passages.push({ text: cell.formula, place });
    }
    for (const header of sheet.headers) passages.push({ text: header, place: { kind: "part", part: `sheet ${sheet.name}, page header or footer` } });
  }
  passages.push(...sweepParts(entries, (name) => /^xl\/(workbook|sharedStrings|styles)\.xml$|^xl\/worksheets\//i.test(name)), ...propertiesOf(entries));
  return { format: "spreadsheet", passages };
}

/** Relationship id → part path, from a .rels part, targets resolved against `base`. */
export function relationships(xml: string | undefined, base: string): Map<string, string> {
  const targets = new Map<string, string>();
  if (!xml) return targets;
  walkXml(xml, {
    open(name, a) {
      if (localName(name) !== "Relationship" || !a.Id || !a.Target || a.TargetMode === "External") return;
      const target = a.Target.startsWith("/") ? a.Target.slice(1) : normalise(base + a.Target);
      targets.set(a.Id, target);
    },
  }, "relationships");
  return targets;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** The shared strings table; phonetic guides (`rPh`) are not the cell's text. */
function sharedStrings(xml: string | undefined): string[] {
  const strings: string[] = [];
  if (!xml) return strings;
  let current: string[] | undefined;
  let phonetic = 0;
  let inText = false;
  walkXml(xml, {
    open(name) {
      const local = localName(name);
      if (local === "si") current = [];
      else if (local === "rPh") phonetic++;
      else if (local === "t") inText = true;
    },
    close(name) {
      const local = localName(name);
      if (local === "si") { strings.push(current?.join("") ?? ""); current = undefined; }
      else if (local === "rPh") phonetic--;
      else if (local === "t") inText = false;
    },
    text(text) {
      if (current && inText && phonetic === 0) current.push(text);
    },
  }, "xl/sharedStrings.xml");
  return strings;
}

/** Built-in number formats that show a date (ECMA-376 18.8.30). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Indexes of cell styles (cellXfs) whose number format shows a date. */
function dateStyleIndexes(xml: string | undefined): Set<number> {
  const dates = new Set<number>();
  if (!xml) return dates;
  const custom = new Set<number>();
  let inCellXfs = false;
  let index = 0;
  walkXml(xml, {
    open(name, a) {
      const local = localName(name);
      if (local === "numFmt") {
        // A format with a day, month or year code outside quotes and brackets is a date.
        const code = (a.formatCode ?? "").replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
        if (/[dy]|m{3,}/i.test(code)) custom.add(Number(a.numFmtId));
      } else if (local === "cellXfs") {
        inCellXfs = true;
      } else if (local === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        if (BUILT_IN_DATES.has(id) || custom.has(id)) dates.add(index);
        index++;
      }
    },
    close(name) {
      if (localName(name) === "cellXfs") inCellXfs = false;
    },
  }, "xl/styles.xml");
  return dates;
}

/** A serial day number as the date it stands for, YYYY-MM-DD (with a time when it has one). */
function serialDate(serial: number, date1904: boolean): string {
  // Excel's 1900 system counts a 29 February 1900 that never was.
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const ms = Math.round((days - 25569) * 86400000);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(serial);
  const iso = date.toISOString();
  return iso.slice(11, 19) === "00:00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "B4" → row 3, column 1 (0-based). */
function cellIndex(ref: string): { row: number; column: number } | undefined {
  const match = /^([A-Z]{1,3})(\d{1,7})$/.exec(ref);
  if (!match) return undefined;
  const column = [...match[1]!].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(match[2]) - 1, column };
}

function readSheet(xml: string, part: string, shared: readonly string[], dateStyles: ReadonlySet<number>, date1904: boolean): { cells: Cell[]; headers: string[] } {
  const cells: Cell[] = [];
  const headers: string[] = [];
  let cell: { ref: string | undefined; type: string; style: number; value: string[]; formula: string[]; inline: string[] } | undefined;
  let into: "value" | "formula" | "inline" | "header" | undefined;
  let row = -1;
  let column = -1;
  let header: string[] = [];
  walkXml(xml, {
    open(name, a) {
      const local = localName(name);
      if (local === "row") { row = a.r ? Number(a.r) - 1 : row + 1; column = -1; }
      else if (local === "c") cell = { ref: a.r, type: a.t ?? "n", style: Number(a.s ?? 0), value: [], formula: [], inline: [] };
      else if (cell && local === "v") into = "value";
      else if (cell && local === "f") into = "formula";
      else if (cell && local === "t") into = "inline";
      else if (/^(odd|even|first)(Header|Footer)$/.test(local)) { into = "header"; header = []; }
    },
    close(name) {
      const local = localName(name);
      if (local === "c" && cell) {
        const at = (cell.ref && cellIndex(cell.ref)) || { row, column: column + 1 };
        column = at.column;
        const raw = cell.value.join("");
        const text =
          cell.type === "s" ? (shared[Number(raw)] ?? "")
          : cell.type === "inlineStr" ? cell.inline.join("")
          : cell.type === "b" ? (raw === "1" ? "TRUE" : "FALSE")
          : cell.type === "n" && raw !== "" && dateStyles.has(cell.style) ? serialDate(Number(raw), date1904)
          : raw;
        cells.push({ row: at.row, column: at.column, text, ...(cell.formula.length ? { formula: cell.formula.join("") } : {}) });
        cell = undefined;
      } else if (local === "v" || local === "f" || local === "t") {
        into = undefined;
      } else if (/^(odd|even|first)(Header|Footer)$/.test(local)) {
        // Codes such as &L, &C, &"Arial,Bold" and &12 lay out the header; the rest is its text.
        headers.push(header.join("").replace(/&"[^"]*"|&[LCRPNDTZFAGKBIUESXY]|&\d+/g, " ").trim());
        into = undefined;
      }
    },
    text(text) {
      if (into === "value") cell?.value.push(text);
      else if (into === "formula") cell?.formula.push(text);
      else if (into === "inline") cell?.inline.push(text);
      else if (into === "header") header.push(text);
    },
  }, part);
  return { cells, headers: headers.filter(Boolean) };
}
