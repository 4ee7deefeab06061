import { columnLetters, EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";
import { entryText, unzip } from "../zip.ts";
import { localName, walkXml } from "../xml.ts";
import { paragraphsOf, propertiesOf, sweepParts } from "./office-xml.ts";
import type { Worksheet } from "./spreadsheet.ts";

export type OpenDocumentKind = "text" | "spreadsheet" | "presentation";

/** Which OpenDocument a zip holds, from its `mimetype` entry. */
export function openDocumentKind(entries: ReadonlyMap<string, Uint8Array>): OpenDocumentKind | undefined {
  const mimetype = entryText(entries, "mimetype")?.trim() ?? "";
  const match = /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)(?:-template)?$/.exec(mimetype);
  return match?.[1] as OpenDocumentKind | undefined;
}

function entriesOf(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = unzip(bytes, (name) => name === "mimetype" || /\.xml$/i.test(name));
  // An encrypted package lists how each part was encrypted in its manifest.
  if (entryText(entries, "META-INF/manifest.xml")?.includes("encryption-data")) throw new EvidenceReadError("it is protected by a password, so its text cannot be read; save a copy without the password");
  if (!entries.has("content.xml")) throw new EvidenceReadError("it is not an OpenDocument file (it has no content.xml); it may be another kind of file renamed");
  return entries;
}

/**
 * An OpenDocument file (LibreOffice's .odt, .ods, .odp): a text document by paragraph, a
 * spreadsheet by sheet and cell, a presentation by slide; headers, footers and comments;
 * the document's properties.
 */
export function readOpenDocument(bytes: Uint8Array): EvidenceText {
  const entries = entriesOf(bytes);
  const kind = openDocumentKind(entries) ?? "text";
  const content = entryText(entries, "content.xml")!;
  const passages: Passage[] = [];
  if (kind === "spreadsheet") {
    for (const sheet of sheetsOf(content)) {
      passages.push({ text: sheet.name, place: { kind: "metadata", of: "the workbook", field: "a sheet's name" } });
      for (const cell of sheet.cells) if (cell.text.trim()) passages.push({ text: cell.text, place: { kind: "cell", sheet: sheet.name, cell: `${columnLetters(cell.column)}${cell.row + 1}` } });
    }
  } else if (kind === "presentation") {
    slidesOf(content).forEach((slide, i) => {
      for (const line of slide.lines) passages.push({ text: line, place: { kind: "slide", slide: i + 1 } });
      for (const line of slide.notes) passages.push({ text: line, place: { kind: "slide", slide: i + 1, detail: "speaker notes" } });
    });
  } else {
    paragraphsOf(content, "content.xml").forEach((p, i) => {
      if (p.text.trim()) passages.push({ text: p.text, place: { kind: "paragraph", paragraph: i + 1 } });
    });
  }
  // Comments' authors and dates sit outside paragraphs in every kind.
  passages.push(...annotationAuthors(content), ...sweepParts(entries, (name) => name === "content.xml"), ...propertiesOf(entries));
  return { format: kind === "spreadsheet" ? "spreadsheet" : kind === "presentation" ? "presentation" : "text document", passages };
}

function annotationAuthors(content: string): Passage[] {
  const authors: Passage[] = [];
  let inCreator = false;
  walkXml(content, {
    open(name) {
      inCreator = name === "dc:creator";
    },
    close() {
      inCreator = false;
    },
    text(text) {
      if (inCreator && text.trim()) authors.push({ text, place: { kind: "metadata", of: "comments", field: "author" } });
    },
  }, "content.xml");
  return authors;
}

/** The sheets of an OpenDocument spreadsheet, with repeated rows and columns counted. */
export function readOpenSpreadsheet(bytes: Uint8Array): Worksheet[] {
  return sheetsOf(entryText(entriesOf(bytes), "content.xml")!);
}

/** Repeats beyond this many are empty formatting to the sheet's edge, not data. */
const MAX_REPEAT = 1000;

function sheetsOf(content: string): Worksheet[] {
  const sheets: Worksheet[] = [];
  let sheet: Worksheet | undefined;
  let row = 0;
  let column = 0;
  let rowRepeat = 1;
  let cell: { repeat: number; text: string[]; paragraphs: number; value: string | undefined } | undefined;
  walkXml(content, {
    open(name, a) {
      const local = localName(name);
      if (name === "table:table") { sheet = { name: a["table:name"] ?? `Sheet${sheets.length + 1}`, hidden: false, cells: [], headers: [] }; sheets.push(sheet); row = 0; }
      else if (name === "table:table-row") { column = 0; rowRepeat = Number(a["table:number-rows-repeated"] ?? 1) || 1; }
      else if (name === "table:table-cell" || name === "table:covered-table-cell") cell = { repeat: Number(a["table:number-columns-repeated"] ?? 1) || 1, text: [], paragraphs: 0, value: cellValue(a) };
      else if (cell && local === "p") { if (cell.paragraphs++ > 0) cell.text.push("\n"); }
      else if (cell && name === "text:s") cell.text.push(" ".repeat(Math.min(1000, Number(a["text:c"] ?? 1) || 1)));
      else if (cell && name === "text:tab") cell.text.push("\t");
    },
    close(name) {
      if ((name === "table:table-cell" || name === "table:covered-table-cell") && cell && sheet) {
        // A cell written without its displayed text (by a program, not an office suite) shows its value.
        const text = cell.paragraphs === 0 && cell.value !== undefined ? cell.value : cell.text.join("");
        // A repeated cell is one value shown many times: up to a sensible width.
        if (text.trim()) for (let r = 0; r < Math.min(rowRepeat, MAX_REPEAT); r++) for (let c = 0; c < Math.min(cell.repeat, MAX_REPEAT); c++) sheet.cells.push({ row: row + r, column: column + c, text });
        column += cell.repeat;
        cell = undefined;
      } else if (name === "table:table-row") {
        row += rowRepeat;
      } else if (name === "table:table") {
        sheet = undefined;
      }
    },
    text(text) {
      cell?.text.push(text);
    },
  }, "content.xml");
  return sheets;
}

/** A cell's value from its attributes: a number, a date, a time, a truth value, a currency amount. */
function cellValue(a: Readonly<Record<string, string>>): string | undefined {
  const type = a["office:value-type"];
  if (type === "boolean") return a["office:boolean-value"] === "true" ? "TRUE" : "FALSE";
  if (type === "date") return a["office:date-value"];
  if (type === "time") return a["office:time-value"];
  return a["office:value"] ?? a["office:string-value"];
}

export interface Slide {
  title: string;
  lines: string[];
  notes: string[];
  /** Pictures and charts on the slide, which are not shown. */
  pictures: number;
}

/** An OpenDocument presentation's slides: each paragraph of text, and the speaker notes apart. */
export function readOpenPresentation(bytes: Uint8Array): Slide[] {
  return slidesOf(entryText(entriesOf(bytes), "content.xml")!);
}

function slidesOf(content: string): Slide[] {
  const slides: Slide[] = [];
  let slide: Slide | undefined;
  let notes = 0;
  let paragraph: string[] | undefined;
  let title = false;
  walkXml(content, {
    open(name, a) {
      if (name === "draw:page") { slide = { title: "", lines: [], notes: [], pictures: 0 }; slides.push(slide); }
      else if ((name === "draw:image" || name === "draw:object") && slide && notes === 0) slide.pictures++;
      else if (name === "presentation:notes") notes++;
      else if (name === "draw:frame") title = a["presentation:class"] === "title";
      else if (name === "text:p" || name === "text:h") paragraph = [];
      else if (paragraph && name === "text:s") paragraph.push(" ");
      else if (paragraph && (name === "text:line-break" || name === "text:tab")) paragraph.push(" ");
    },
    close(name) {
      if (name === "presentation:notes") notes--;
      else if ((name === "text:p" || name === "text:h") && paragraph && slide) {
        const text = paragraph.join("");
        if (text.trim()) {
          if (notes > 0) slide.notes.push(text);
          else { slide.lines.push(text); if (title && !slide.title) slide.title = text; }
        }
        paragraph = undefined;
      }
    },
    text(text) {
      paragraph?.push(text);
    },
  }, "content.xml");
  return slides;
}
