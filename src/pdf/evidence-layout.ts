import type { Rendering, Sheet } from "../evidence/evidence.ts";
import { columnLetters } from "../evidence/evidence.ts";
import { html, trustedHtml, type SafeHtml } from "../html/html.ts";
import { formatCount } from "../text/format.ts";
import { SHOWN } from "../evidence/render-evidence.ts";

/** Characters of cell text that fit across a portrait page at the tables' type size. */
const PAGE_WIDTH = 110;
/** The width of the row numbers' column, in characters. */
const ROW_NUMBER = 5;
/** A column never counts as wider than this: longer cells wrap. */
const CELL_WIDTH = 36;

/** An appendix's view of an evidence file that is neither a PDF nor a picture. */
export function renderedEvidence(rendering: Rendering): SafeHtml {
  switch (rendering.kind) {
    case "tables":
      return html`${rendering.sheets.map((sheet) => sheetTables(sheet, rendering.sheets.length > 1))}`;
    case "html":
      // Made by our Markdown renderer, or rebuilt from an allow-list (sanitizeHtml, odtHtml).
      return html`<div class="evidence-document">${trustedHtml(rendering.html)}</div>`;
    case "text":
      return textBlock(rendering.text);
    case "email":
      return html`<div class="evidence-email">
  <dl class="email-headers">${rendering.headers.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
  ${textBlock(rendering.body)}
  ${rendering.attachments.length ? html`<p class="note">Attached: ${rendering.attachments.join("; ")}</p>` : ""}
</div>`;
    case "slides":
      return html`${rendering.slides.map((slide, i) => html`<section class="evidence-slide">
  <h3>Slide ${i + 1}${slide.title ? html`: ${slide.title}` : ""}</h3>
  ${slide.lines.filter((line) => line !== slide.title).map((line) => html`<p>${line}</p>`)}
  ${slide.pictures ? html`<p class="note">${slide.pictures} ${slide.pictures === 1 ? "picture or chart" : "pictures or charts"} on this slide ${slide.pictures === 1 ? "is" : "are"} not shown.</p>` : ""}
  ${slide.notes.length ? html`<div class="slide-notes"><p class="note">Speaker notes</p>${slide.notes.map((line) => html`<p>${line}</p>`)}</div>` : ""}
</section>`)}`;
    case "none":
      return html``;
  }
}

function textBlock(text: string): SafeHtml {
  const shown = text.length > SHOWN.textChars ? text.slice(0, SHOWN.textChars) : text;
  return html`<pre class="evidence-text">${shown}</pre>${text.length > SHOWN.textChars ? html`<p class="note">The rest of the text (${formatCount(text.length - SHOWN.textChars)} characters) is not shown; the file itself holds it.</p>` : ""}`;
}

/**
 * A sheet as tables: its header row repeated at the top of every printed page, and, when
 * its columns do not fit across the page, split into groups of columns that do, each
 * repeating the first column so rows can be followed from one group to the next.
 */
function sheetTables(sheet: Sheet, named: boolean): SafeHtml {
  const width = sheet.rows[0]?.length ?? 0;
  if (sheet.rows.length === 0 || width === 0) return html`${named ? html`<h3>Sheet ${sheet.name}</h3>` : ""}<p class="note">This sheet is empty.</p>`;
  // A column is as wide as its longest line (its longest word at least), within bounds.
  const widths = Array.from({ length: width }, (_, c) => Math.max(4, Math.min(CELL_WIDTH, Math.max(...sheet.rows.map((row) => Math.max(longestWord(row[c] ?? "") + 1, longestLine(row[c] ?? "")))))));
  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  for (let c = 0; c < width; c++) {
    const room = PAGE_WIDTH - ROW_NUMBER - (groups.length ? widths[0]! : 0);
    if (current.length && used + widths[c]! > room) { groups.push(current); current = []; used = 0; }
    current.push(c);
    used += widths[c]!;
  }
  groups.push(current);
  const header = sheet.rows.slice(0, sheet.headerRows);
  const body = sheet.rows.slice(sheet.headerRows);
  const notes = [
    sheet.omittedRows ? `${formatCount(sheet.omittedRows)} more ${sheet.omittedRows === 1 ? "row is" : "rows are"} not shown (the first ${formatCount(SHOWN.rows)} are)` : "",
    sheet.omittedColumns ? `${formatCount(sheet.omittedColumns)} more ${sheet.omittedColumns === 1 ? "column is" : "columns are"} not shown` : "",
  ].filter(Boolean);
  return html`${named ? html`<h3>Sheet ${sheet.name}</h3>` : ""}
${groups.map((group, g) => {
  const columns = g === 0 ? group : [0, ...group];
  const span = group.length === 1 ? `Column ${columnLetters(group[0]!)}` : `Columns ${columnLetters(group[0]!)}–${columnLetters(group.at(-1)!)}`;
  const total = ROW_NUMBER + columns.reduce((n, k) => n + widths[k]!, 0);
  // Each row starts with its number in the sheet, and each column is headed by its letter, as the check's "cell B4" counts them.
  return html`${groups.length > 1 ? html`<p class="table-part">${span} of ${columnLetters(0)}–${columnLetters(width - 1)}${g > 0 ? " (with column A repeated)" : ""}</p>` : ""}
<table class="evidence-table" style="width: ${Math.min(100, Math.round((100 * total) / (PAGE_WIDTH * 0.8)))}%">
  <colgroup><col style="width: ${((100 * ROW_NUMBER) / total).toFixed(2)}%">${columns.map((c) => html`<col style="width: ${((100 * widths[c]!) / total).toFixed(2)}%">`)}</colgroup>
  <thead><tr class="column-letters"><th scope="col"><span class="visually-hidden">Row</span></th>${columns.map((c) => html`<th scope="col">${columnLetters(c)}</th>`)}</tr>${header.map((row, r) => html`<tr><th scope="row" class="row-number">${r + 1}</th>${columns.map((c) => html`<th scope="col">${row[c] ?? ""}</th>`)}</tr>`)}</thead>
  <tbody>${body.map((row, r) => html`<tr><th scope="row" class="row-number">${r + 1 + header.length}</th>${columns.map((c, k) => (g > 0 && k === 0 ? html`<th scope="row">${row[c] ?? ""}</th>` : html`<td>${row[c] ?? ""}</td>`))}</tr>`)}</tbody>
</table>`;
})}
${notes.length ? html`<p class="note">${notes.join("; ")}; the file itself holds them.</p>` : ""}`;
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map((word) => word.length));
}

function longestLine(text: string): number {
  return Math.max(0, ...text.split("\n").map((line) => line.length));
}
