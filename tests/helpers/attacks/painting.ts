// Painting: the strings, boxes and appearances that forged content is drawn with.
import type { Box } from "./portfolio.ts";
import { stream } from "./update-writer.ts";

/** What forged content says: in Helvetica, and in the page's own embedded font (which has no "G"). */
export const FORGED = "Grade: Distinction - forged";
export const FORGED_GLYPHS = "Result: Distinction - forged";

export const pdfDate = (date: Date) => `(D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z)`;

/** A PDF literal string in WinAnsi. */
export function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** Content that paints `lines` in Helvetica (resource /Fh) inside `box`, from its lower left. */
export function paintText(box: Box, lines: string[], options: { size?: number; from?: number; color?: string } = {}): string {
  const size = options.size ?? 10;
  const from = options.from ?? 14 + (lines.length - 1) * (size + 4);
  return `q BT /Fh ${size} Tf ${options.color ?? "0 0.2 0.5"} rg ${lines.map((line, i) => `1 0 0 1 ${(box[0] + 14).toFixed(2)} ${(box[1] + from - i * (size + 4)).toFixed(2)} Tm ${literal(line)} Tj`).join(" ")} ET Q`;
}

export const HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/** A form XObject of a box's size that paints `content` with Helvetica as /Fh. */
export function appearance(box: Box, content: string, font: number): Buffer {
  return stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${(box[2] - box[0]).toFixed(2)} ${(box[3] - box[1]).toFixed(2)}] /Resources << /Font << /Fh ${font} 0 R >> >>`, content);
}

/** A box's lines as a signature's appearance draws them, relative to the box. */
export function signedLines(name: string, role: string, date = new Date()): string[] {
  return [`Digitally signed by ${name}`, role, `Date: ${date.toISOString().slice(0, 10)}`];
}

/** A box moved to the origin: an appearance's own coordinates. */
export function relative(box: Box): Box {
  return [0, 0, box[2] - box[0], box[3] - box[1]];
}

/** A box as a PDF rectangle. */
export function rect(box: Box): string {
  return `[${box.map((n) => n.toFixed(2)).join(" ")}]`;
}

/**
 * Text shown with the page's own embedded font (an Identity-H subset): each character is
 * mapped back to its glyph through the font's ToUnicode CMap, so only characters the
 * portfolio already uses can be written.
 */
export function glyphString(toUnicodeCMap: string, text: string): string {
  const byChar = new Map<string, number>();
  const hex = (s: string) => Number.parseInt(s, 16);
  for (const m of toUnicodeCMap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of m[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) byChar.set(String.fromCharCode(hex(pair[2]!)), hex(pair[1]!));
  }
  for (const m of toUnicodeCMap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of m[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      for (let g = hex(r[1]!); g <= hex(r[2]!); g++) byChar.set(String.fromCharCode(hex(r[3]!) + g - hex(r[1]!)), g);
    }
  }
  return `<${[...text].map((c) => {
    const glyph = byChar.get(c);
    if (glyph === undefined) throw new Error(`the page's font has no glyph for "${c}"`);
    return glyph.toString(16).padStart(4, "0");
  }).join("")}>`;
}
