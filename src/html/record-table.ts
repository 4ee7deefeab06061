import { html, type SafeHtml } from "./html.ts";
import { scrollRegion } from "./scroll-region.ts";

type Cell = SafeHtml | string | number;

export interface RecordTableOptions {
  /** The caption's id, which also names the table's scroll region. */
  id: string;
  caption: string;
  /** The column headings, the first over the row headers. */
  headings: readonly string[];
  /** Headings of columns of longer text, given a line of their own on a phone. */
  long?: readonly string[];
  rows: ReadonlyArray<{ header: Cell; cells: readonly Cell[] }>;
}

/**
 * A table with a row per record (a contact, a network), in a scroll region (scroll-region.ts)
 * for the widths where it does not fit. At a phone's width site.css shows each row as a block
 * of its own, every cell under its column's heading, which `data-label` carries.
 */
export function recordTable({ id, caption, headings, long = [], rows }: RecordTableOptions): SafeHtml {
  const labels = headings.slice(1).map((heading) => html` data-label="${heading}"${long.includes(heading) ? html` class="long"` : ""}`);
  return scrollRegion(id, html`<table class="records">
  <caption id="${id}">${caption}</caption>
  <thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead>
  <tbody>${rows.map(({ header, cells }) => html`<tr><th scope="row">${header}</th>${cells.map((cell, i) => html`<td${labels[i]}>${cell}</td>`)}</tr>`)}</tbody>
</table>`);
}
