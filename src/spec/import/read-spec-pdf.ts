import { openPdf } from "../../evidence/formats/pdf.ts";
import type { TextLine } from "./read-any-text.ts";

/** A run of text pdf.js drew, where it drew it (points, from the page's bottom left). */
interface Run {
  text: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

/**
 * The spec's PDF as lines of cells, each cell in the column its x-position puts it in: the
 * outcome, criterion and guidance columns of a table stay apart however their lines fall.
 *
 * Text comes from pdf.js with each run's position. Runs on one baseline make a line; a gap
 * wider than a few spaces between runs starts another cell. Columns are the bands of x where
 * cells start, over the whole document (a new band at each gap of more than 30 points
 * between starts). Lines repeated at the same height on several pages (running headers and
 * footers, page numbers) are left out.
 */
export async function readSpecPdf(bytes: Uint8Array): Promise<TextLine[]> {
  const doc = await openPdf(bytes);
  const pages: Array<Array<{ y: number; cells: Array<{ text: string; x: number }> }>> = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        // Runs of white space are where pdf.js saw a gap: the gap itself is what is measured.
        if (!("str" in item) || item.str.trim() === "") continue;
        const [a, b, , , x, y] = item.transform as number[];
        const size = Math.hypot(a!, b!) || item.height || 10;
        runs.push({ text: item.str, x: x!, y: y!, end: x! + item.width, size });
      }
      pages.push(toLines(runs));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }

  // Running headers and footers: the same text at the same height on more than one page.
  const seen = new Map<string, Set<number>>();
  pages.forEach((lines, p) => lines.forEach((line) => {
    const key = `${Math.round(line.y)} ${line.cells.map((c) => c.text).join(" ").replace(/\d+/g, "#")}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(p));
  }));
  const repeated = (line: { y: number; cells: Array<{ text: string }> }) => pages.length > 1 && (seen.get(`${Math.round(line.y)} ${line.cells.map((c) => c.text).join(" ").replace(/\d+/g, "#")}`)?.size ?? 0) > 1;

  const starts = [...new Set(pages.flat().flatMap((line) => line.cells.map((c) => Math.round(c.x))))].sort((a, b) => a - b);
  const bands: number[] = [];
  starts.forEach((x, i) => { if (i === 0 || x - starts[i - 1]! > 30) bands.push(x); });
  const band = (x: number) => bands.filter((start) => start <= Math.round(x) + 0.5).length - 1;

  const out: TextLine[] = [];
  for (const lines of pages) {
    for (const line of lines) {
      if (repeated(line)) continue;
      out.push({ cells: line.cells.map((c) => c.text), columns: line.cells.map((c) => band(c.x)) });
    }
    // A page break is a break in the text, as a blank line is.
    out.push({ cells: [], columns: [] });
  }
  return out;
}

/** Runs into lines (top of the page first) and each line into cells. */
function toLines(runs: Run[]): Array<{ y: number; cells: Array<{ text: string; x: number }> }> {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Array<{ y: number; runs: Run[] }> = [];
  for (const run of sorted) {
    const line = lines.find((l) => Math.abs(l.y - run.y) <= Math.max(2, run.size * 0.3));
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, runs: [run] });
  }
  lines.sort((a, b) => b.y - a.y);
  return lines.map(({ y, runs: inLine }) => {
    inLine.sort((a, b) => a.x - b.x);
    const cells: Array<{ text: string; x: number; end: number }> = [];
    for (const run of inLine) {
      const cell = cells.at(-1);
      // A gap of more than about three spaces is a gutter between columns.
      if (cell && run.x - cell.end <= Math.max(4, run.size * 0.9)) {
        cell.text += run.x - cell.end > run.size * 0.15 && !cell.text.endsWith(" ") && !run.text.startsWith(" ") ? ` ${run.text}` : run.text;
        cell.end = Math.max(cell.end, run.end);
      } else {
        cells.push({ text: run.text, x: run.x, end: run.end });
      }
    }
    return { y, cells: cells.map(({ text, x }) => ({ text: text.replace(/\s+/g, " ").trim(), x })).filter((c) => c.text !== "") };
  }).filter((line) => line.cells.length > 0);
}
