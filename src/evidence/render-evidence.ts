import { extname } from "node:path";
import type MarkdownIt from "markdown-it";
import { createMarkdown } from "../markdown/create-markdown.ts";
import type { ContactEnv } from "../markdown/contacts.ts";
import type { Contact } from "../network/register.ts";
import { decodeAnyText } from "./decode-any-text.ts";
import { EvidenceReadError, type Rendering, type Sheet } from "./evidence.ts";
import { csvDelimiter, scanCsv } from "./formats/csv.ts";
import { bodyText, HEADERS, mailboxes, parseEmail, type Mailbox } from "./formats/email.ts";
import { htmlText } from "./formats/markup.ts";
import { openDocumentKind, readOpenPresentation, readOpenSpreadsheet } from "./formats/opendocument.ts";
import { readSlides } from "./formats/presentation.ts";
import { readWorkbook, type Worksheet } from "./formats/spreadsheet.ts";
import { wordHtml } from "./formats/word-html.ts";
import { odtHtml } from "./formats/opendocument-html.ts";
import { evidenceKind } from "./read-evidence.ts";
import { unzip } from "./zip.ts";

/** How much of a table or text an appendix shows; the rest is counted in a note. */
export const SHOWN = {
  rows: 1000,
  columns: 60,
  textChars: 200_000,
} as const;

export interface RenderContext {
  contacts: ReadonlyMap<string, Contact>;
  /** Puts an image where the print can load it; returns its URL. */
  putImage(type: string, bytes: Uint8Array): Promise<string>;
}

/**
 * Evidence as an assessor reads it on paper: tables for CSV files and spreadsheets (a
 * section per sheet), Word and OpenDocument text rendered, Markdown rendered as
 * reflections are (raw HTML shown as text, unsafe links as text, contacts' names as what
 * may be shown), text files as text, emails as headers and message, presentations slide by
 * slide. PDFs and pictures are placed by the PDF itself; anything else has a reason.
 */
export async function renderEvidence(path: string, bytes: Uint8Array, context: RenderContext): Promise<Rendering> {
  const kind = evidenceKind(path, bytes);
  try {
    switch (kind) {
      case "csv": {
        const text = decodeAnyText(bytes);
        const rows = scanCsv(text, csvDelimiter(text, extname(path).toLowerCase())).map((record) => record.map((field) => field.value));
        return { kind: "tables", sheets: [sheet(path.split("/").at(-1)!, trimRows(rows))] };
      }
      case "spreadsheet":
        return { kind: "tables", sheets: readWorkbook(bytes).map((s) => sheet(s.hidden ? `${s.name} (hidden in the workbook)` : s.name, denseRows(s))) };
      case "opendocument": {
        const which = openDocumentKind(unzip(bytes, (name) => name === "mimetype"));
        if (which === "spreadsheet") return { kind: "tables", sheets: readOpenSpreadsheet(bytes).map((s) => sheet(s.name, denseRows(s))) };
        if (which === "presentation") return { kind: "slides", slides: readOpenPresentation(bytes) };
        return { kind: "html", html: odtHtml(bytes) };
      }
      case "presentation":
        return { kind: "slides", slides: readSlides(bytes) };
      case "word":
        return { kind: "html", html: await wordHtml(bytes, context.putImage) };
      case "markdown":
        return { kind: "html", html: renderMarkdown(decodeAnyText(bytes), context.contacts) };
      case "text":
        return { kind: "text", text: decodeAnyText(bytes) };
      case "web-page":
        return { kind: "text", text: htmlText(decodeAnyText(bytes)) };
      case "email": {
        const email = await parseEmail(bytes);
        const headers: Array<[string, string]> = [];
        for (const [header, key] of HEADERS) {
          const people = mailboxes(email[key] as Mailbox[] | Mailbox | undefined);
          if (people.length) headers.push([header, people.join(", ")]);
        }
        // The date as the email gives it, with its own time zone.
        const date = email.headers.find((h) => h.key === "date")?.value ?? email.date;
        if (date) headers.push(["Date", date]);
        if (email.subject) headers.push(["Subject", email.subject]);
        return { kind: "email", headers, body: bodyText(email, htmlText), attachments: email.attachments.map((a) => a.filename ?? "an unnamed attachment") };
      }
      case "image":
        return { kind: "none", reason: "Chromium, which prints the PDF, cannot draw this kind of picture (HEIC or TIFF); export it as JPEG or PNG and cite that" };
      case "recording":
        return { kind: "none", reason: "a recording cannot be shown on paper" };
      case "archive":
        return { kind: "none", reason: "an archive's files cannot be shown on paper" };
      case "old-office":
        return { kind: "none", reason: "it is in an old Office format (.doc, .xls, .ppt), which is not read; saved as .docx, .xlsx, .pptx or PDF it would be shown" };
      case "protected":
        return { kind: "none", reason: "it is protected by a password" };
      case "outlook-message":
        return { kind: "none", reason: "it is an Outlook message (.msg), which is not read; saved as .eml or PDF it would be shown" };
      case "binary-workbook":
        return { kind: "none", reason: "it is an Excel binary workbook (.xlsb), which is not read; saved as .xlsx it would be shown" };
      case "damaged":
        return { kind: "none", reason: "it cannot be opened as the kind of file its name says" };
      default:
        return { kind: "none", reason: "its format is not one that can be shown" };
    }
  } catch (error) {
    return { kind: "none", reason: error instanceof EvidenceReadError ? error.reason : "it could not be read" };
  }
}

/** A sheet's cells as rows from A1, as far as its last filled row and column. */
function denseRows(sheet: Worksheet): string[][] {
  const rows: string[][] = [];
  for (const cell of sheet.cells) {
    if (!cell.text.trim() || cell.row > SHOWN.rows * 4 || cell.column > SHOWN.columns * 4) continue;
    (rows[cell.row] ??= [])[cell.column] = cell.text;
  }
  return trimRows(Array.from(rows, (row) => Array.from(row ?? [], (v) => v ?? "")));
}

/** Rows without the empty rows at the end and the empty columns on the right. */
function trimRows(rows: string[][]): string[][] {
  let last = rows.length;
  while (last > 0 && rows[last - 1]!.every((v) => !v.trim())) last--;
  const kept = rows.slice(0, last);
  const width = Math.max(0, ...kept.map((row) => row.reduce((w, v, i) => (v.trim() ? i + 1 : w), 0)));
  return kept.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ""));
}

/** The first row is taken as the header, as a spreadsheet's first row almost always is. */
function sheet(name: string, rows: string[][]): Sheet {
  return {
    name,
    rows: rows.slice(0, SHOWN.rows + 1).map((row) => row.slice(0, SHOWN.columns)),
    headerRows: rows.length > 1 ? 1 : 0,
    omittedRows: Math.max(0, rows.length - 1 - SHOWN.rows),
    omittedColumns: Math.max(0, (rows[0]?.length ?? 0) - SHOWN.columns),
  };
}

let markdown: MarkdownIt | undefined;

/** Markdown evidence as reflections are rendered, but with images shown by their description (they are not among the evidence). */
function renderMarkdown(source: string, contacts: ReadonlyMap<string, Contact>): string {
  if (!markdown) {
    markdown = createMarkdown();
    const escape = markdown.utils.escapeHtml;
    markdown.renderer.rules.image = (tokens, idx) => `<span class="evidence-image">[picture: ${escape(tokens[idx]!.content || "no description")}]</span>`;
    // Its headings sit under the appendix's own (h2): # becomes h3.
    markdown.core.ruler.push("evidence_headings", (state) => {
      for (const token of state.tokens) if (token.type === "heading_open" || token.type === "heading_close") token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
    });
  }
  const env: ContactEnv = { contacts, hidePrivate: true };
  return markdown.render(source, env);
}
