import { parse } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import type { TextLine } from "./read-any-text.ts";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];
/** A line while it is made: finished once its block or row ends. */
type Building = TextLine & { done?: boolean };

/** Elements whose text stands on lines of its own. */
const BLOCKS = new Set(["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "caption", "section", "article", "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "main", "aside", "figure", "figcaption", "address", "form", "fieldset", "legend", "summary", "details"]);
/** Never text a reader sees. */
const SKIPPED = new Set(["script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "option", "button", "nav"]);

/**
 * A saved web page (or a Word document made into HTML) as lines of cells: each paragraph,
 * heading and list item a line, a bullet kept for a list item; each table row a line of
 * cells, each cell in its true column however many rows the cells above it span (the
 * Ofqual Register's outcome cell spans all its criteria's rows). A cell holding several
 * paragraphs gives a line per paragraph, in the cell's column.
 */
export function readSpecHtml(html: string): TextLine[] {
  const lines: Building[] = [];
  const document = parse(html);
  walk(document, lines);
  return lines;
}

function walk(node: Node, lines: Building[]): void {
  if (!("childNodes" in node)) return;
  for (const child of node.childNodes) {
    if (!("tagName" in child)) {
      if (child.nodeName === "#text") addText(lines, (child as DefaultTreeAdapterMap["textNode"]).value);
      continue;
    }
    const tag = child.tagName;
    if (SKIPPED.has(tag)) continue;
    if (tag === "table") {
      endLine(lines);
      table(child, lines);
      lines.push({ cells: [], columns: [], tableEnd: true, done: true });
      continue;
    }
    if (tag === "br") {
      endLine(lines);
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) endLine(lines);
    if (tag === "li") addText(lines, "• ");
    walk(child, lines);
    if (block) endLine(lines);
  }
}

/** Text goes on the open line: the last, unless it is finished (then a new one). */
function addText(lines: Building[], text: string): void {
  const open = lines.at(-1);
  if (!open || open.done || open.cells.length !== 1) {
    if (!text.trim()) return;
    lines.push({ cells: [text], columns: [0] });
    return;
  }
  open.cells[0] += text;
}

function endLine(lines: Building[]): void {
  const open = lines.at(-1);
  if (open && !open.done) open.done = true;
}

/** Rows of the table (its sections' too, not nested tables'), as lines of cells in their columns. */
function table(element: Element, lines: Building[]): void {
  const rows: Element[] = [];
  const collect = (node: Element) => {
    for (const child of node.childNodes) {
      if (!("tagName" in child)) continue;
      if (child.tagName === "tr") rows.push(child);
      else if (["thead", "tbody", "tfoot"].includes(child.tagName)) collect(child);
    }
  };
  collect(element);
  /** Columns still taken by a cell from a row above, and for how many more rows. */
  const spanning = new Map<number, number>();
  for (const row of rows) {
    const cells: Array<{ column: number; texts: string[] }> = [];
    let column = 0;
    for (const cell of row.childNodes) {
      if (!("tagName" in cell) || (cell.tagName !== "td" && cell.tagName !== "th")) continue;
      while ((spanning.get(column) ?? 0) > 0) column++;
      const attr = (name: string) => Number(cell.attrs.find((a) => a.name === name)?.value ?? 1) || 1;
      const [rowspan, colspan] = [attr("rowspan"), attr("colspan")];
      const inner: Building[] = [];
      walk(cell, inner);
      cells.push({ column, texts: inner.map((l) => l.cells.join(" ")).filter((t) => t.trim()) });
      for (let c = column; c < column + colspan; c++) if (rowspan > 1) spanning.set(c, rowspan);
      column += colspan;
    }
    for (const [c, left] of spanning) spanning.set(c, left - 1);
    // A line per paragraph of the tallest cell: paragraph k of each cell side by side.
    const height = Math.max(0, ...cells.map((c) => c.texts.length));
    for (let k = 0; k < height; k++) {
      const here = cells.filter((c) => c.texts[k] !== undefined);
      lines.push({ cells: here.map((c) => c.texts[k]!), columns: here.map((c) => c.column), done: true });
    }
  }
}
