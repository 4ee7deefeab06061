import { buildSpec, type ImportResult } from "./build-spec.ts";
import { readPdfText } from "./read-pdf-text.ts";
import { readWebPage } from "./read-web-page.ts";
import { unzip } from "../../evidence/zip.ts";
import { readAnyText, type TextLine } from "./read-any-text.ts";
import { readSpecHtml } from "./read-spec-html.ts";
import { readSpecPdf } from "./read-spec-pdf.ts";
import type { RawSpec } from "./raw-spec.ts";

/**
 * OCR's web page form has `## Section` headings or `<p>` paragraphs; OCR's PDF text has the
 * outcomes table's header row ("Learning Outcomes Assessment Criteria"); any other text is
 * read by what it says, whatever its layout.
 */
export function detectForm(source: string): RawSpec["form"] {
  if (/^##\s/m.test(source) || /<p\b[^>]*>/i.test(source)) return "web-page";
  return /^\s*Learning Outcomes\s+Assessment Criteria\b/im.test(source) ? "pdf-text" : "text";
}

/** Reads a published unit spec in any of its forms and makes the workspace's spec of it. */
export function importSpec(source: string, file: string): ImportResult {
  const form = detectForm(source);
  const raw = form === "web-page" ? readWebPage(source) : form === "pdf-text" ? readPdfText(source) : readAnyText(source);
  // The lines a person sees: a final line break ends the last line, it does not start another.
  raw.lineCount = source.split(/\r\n|\r|\n/).length - (/[\r\n]$/.test(source) ? 1 : 0);
  return buildSpec(raw, file);
}

/**
 * Reads a spec file as the learner has it: the PDF itself (its text read with each line's
 * place on the page, so a table's columns stay apart), or text in any of its forms.
 * Positions in findings are lines of the PDF's text as read, page after page.
 */
export async function importSpecFile(bytes: Uint8Array, file: string): Promise<ImportResult> {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString("latin1");
  const fromLines = (lines: TextLine[]) => {
    const raw = readAnyText(lines);
    raw.lineCount = lines.length;
    return buildSpec(raw, file);
  };
  if (head.includes("%PDF-")) return fromLines(await readSpecPdf(bytes));
  // A Word document (a zip holding word/document.xml): its HTML, by mammoth, read as a saved page is.
  if (head.startsWith("PK") && unzip(bytes, (name) => name === "word/document.xml").has("word/document.xml")) {
    const { default: mammoth } = await import("mammoth");
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { externalFileAccess: false });
    return fromLines(readSpecHtml(value));
  }
  const text = new TextDecoder().decode(bytes);
  // A saved web page (the Ofqual Register's unit page, an awarding body's): its elements, by parse5.
  // Browsers' "Save page as" may put a comment first (`<!-- saved from url=... -->`).
  if (/^\uFEFF?\s*(?:<!--[\s\S]*?-->\s*)*(?:<!doctype\s+html|<html[\s>])/i.test(text)) return fromLines(readSpecHtml(text));
  return importSpec(text, file);
}
