import { decodeStream } from "./pdf-reader/filters.ts";
import { PdfDict, PdfStream } from "./pdf-reader/objects.ts";
import type { Revision } from "./pdf-reader/revisions.ts";

/**
 * What a page or an annotation draws, as far as the rules on later changes need to know:
 * the resource names a page's content uses, whether a widget shows anything, and whether
 * a comment's appearance does more than mark the page.
 */

const HIDDEN = 2;
const NO_VIEW = 32;

/** The resource names a page's content streams use, or undefined when one cannot be read. */
export function namesDrawn(revision: Revision, page: PdfDict): Set<string> | undefined {
  const contents = revision.resolve(page.get("Contents"));
  const streams = (Array.isArray(contents) ? contents.map((c) => revision.resolve(c)) : [contents]).filter((c): c is PdfStream => c instanceof PdfStream);
  const names = new Set<string>();
  for (const stream of streams) {
    let content: string;
    try {
      content = Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("latin1");
    } catch {
      return undefined;
    }
    for (const match of content.matchAll(/\/([^\s/[\]()<>{}%]+)/g)) names.add(match[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }
  return names;
}

/** A widget a reader draws: some area, not hidden, and an appearance with something in it. */
export function showsSomething(revision: Revision, widget: PdfDict): boolean {
  const flags = revision.resolve(widget.get("F"));
  if (typeof flags === "number" && (flags & (HIDDEN | NO_VIEW)) !== 0) return false;
  const rect = revision.resolve(widget.get("Rect"));
  const numbers = Array.isArray(rect) ? rect.map((v) => revision.resolve(v)) : [];
  if (numbers.length === 4 && numbers.every((n) => typeof n === "number")) {
    const [x1, y1, x2, y2] = numbers as number[];
    if (Math.abs(x2! - x1!) < 0.5 || Math.abs(y2! - y1!) < 0.5) return false;
  }
  const ap = revision.dict(widget.get("AP"));
  const normal = ap ? revision.resolve(ap.get("N")) : undefined;
  const streams = normal instanceof PdfStream ? [normal] : normal instanceof PdfDict ? [...normal.entries.values()].map((v) => revision.resolve(v)).filter((v): v is PdfStream => v instanceof PdfStream) : [];
  return streams.some((stream) => {
    try {
      return /\S/.test(Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("latin1"));
    } catch {
      return true;
    }
  });
}

/** What a comment's appearance draws beyond shapes and colour, or undefined: text, pictures, or something unreadable. */
export function appearanceDraws(revision: Revision, annotation: PdfDict): string | undefined {
  const ap = revision.dict(annotation.get("AP"));
  if (!ap) return undefined;
  for (const key of ["N", "R", "D"]) {
    const value = revision.resolve(ap.get(key));
    const streams = value instanceof PdfStream ? [value] : value instanceof PdfDict ? [...value.entries.values()].map((v) => revision.resolve(v)) : [];
    for (const stream of streams) {
      if (!(stream instanceof PdfStream)) continue;
      let content: string;
      try {
        content = Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("latin1");
      } catch {
        return "cannot be read";
      }
      // Strings removed first, so that their text cannot hide or fake operators.
      const operators = content.replace(/\((?:\\.|[^\\)])*\)/g, "()").replace(/<[0-9A-Fa-f\s]*>/g, "<>");
      if (/(^|[\s)\]>])(Tj|TJ|'|")(?=\s|$)/.test(operators)) return "writes text";
      if (/(^|\s)(Do|BI|sh)(?=\s|$)/.test(operators)) return "draws a picture or a drawing";
      // A fill may tint the page (a highlight multiplies its colour in) or draw a note's
      // small icon; an opaque fill any bigger would cover what was signed.
      if (/(^|\s)(f\*?|F|B\*?|b\*?)(?=\s|$)/.test(operators) && !tints(revision, stream) && !smallIcon(revision, annotation)) return "paints over the page rather than marking it";
    }
  }
  return undefined;
}

/** The appearance blends its colour into the page (Multiply or Darken), as readers' highlights do. */
function tints(revision: Revision, stream: PdfStream): boolean {
  const states = revision.dict(revision.dict(stream.dict.get("Resources"))?.get("ExtGState"));
  return [...(states?.entries.values() ?? [])].some((state) => ["Multiply", "Darken"].includes(revision.dict(state)?.name("BM") ?? ""));
}

/** A sticky note's icon: a reader draws it about 20 points square. */
function smallIcon(revision: Revision, annotation: PdfDict): boolean {
  const rect = revision.array(annotation.get("Rect"))?.map((v) => revision.resolve(v));
  if (annotation.name("Subtype") !== "Text" || !rect || rect.length !== 4 || !rect.every((n) => typeof n === "number")) return false;
  const [x1, y1, x2, y2] = rect as number[];
  return Math.abs(x2! - x1!) <= 48 && Math.abs(y2! - y1!) <= 48;
}
