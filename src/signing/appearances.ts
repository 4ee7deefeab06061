import { decodeStream } from "./pdf-reader/filters.ts";
import { PdfDict, PdfStream, type PdfValue } from "./pdf-reader/objects.ts";
import type { Revision } from "./pdf-reader/revisions.ts";

/**
 * What a page or an annotation draws, as far as the rules on later changes need to know:
 * the resource names a page's content uses, whether a widget shows anything, and whether
 * a comment's appearance does more than mark the page.
 */

const HIDDEN = 2;
const NO_VIEW = 32;

/** An annotation's /Rect as four numbers, or undefined when it has none that can be read. */
export function rectOf(revision: Revision, annotation: PdfDict): [number, number, number, number] | undefined {
  const rect = revision.array(annotation.get("Rect"))?.map((v) => revision.resolve(v));
  return rect?.length === 4 && rect.every((n) => typeof n === "number") ? (rect as [number, number, number, number]) : undefined;
}

/** A stream's content as Latin-1 text, or undefined when one of its filters cannot be read. */
export function contentOf(revision: Revision, stream: PdfStream): string | undefined {
  try {
    return Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("latin1");
  } catch {
    return undefined;
  }
}

/**
 * An annotation's appearance streams: for each key asked (N normal, R rollover, D down)
 * the stream, or every state's; with `forms`, also the forms they draw, a few levels down.
 */
export function appearanceStreams(revision: Revision, annotation: PdfDict, keys: readonly string[] = ["N"], forms = false): PdfStream[] {
  const ap = revision.dict(annotation.get("AP"));
  const streams: PdfStream[] = [];
  const visit = (value: PdfValue | undefined, depth: number) => {
    const stream = revision.resolve(value);
    if (!(stream instanceof PdfStream) || depth > 4 || streams.includes(stream)) return;
    streams.push(stream);
    if (!forms) return;
    const xobjects = revision.dict(revision.dict(stream.dict.get("Resources"))?.get("XObject"));
    for (const child of xobjects?.entries.values() ?? []) visit(child, depth + 1);
  };
  for (const key of ap ? keys : []) {
    const value = revision.resolve(ap!.get(key));
    if (value instanceof PdfDict) for (const state of value.entries.values()) visit(state, 0);
    else visit(value, 0);
  }
  return streams;
}

/** The resource names a page's content streams use, or undefined when one cannot be read. */
export function namesDrawn(revision: Revision, page: PdfDict): Set<string> | undefined {
  const contents = revision.resolve(page.get("Contents"));
  const streams = (Array.isArray(contents) ? contents.map((c) => revision.resolve(c)) : [contents]).filter((c): c is PdfStream => c instanceof PdfStream);
  const names = new Set<string>();
  for (const stream of streams) {
    const content = contentOf(revision, stream);
    if (content === undefined) return undefined;
    for (const match of content.matchAll(/\/([^\s/[\]()<>{}%]+)/g)) names.add(match[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }
  return names;
}

/** A widget a reader draws: some area, not hidden, and an appearance with something in it. */
export function showsSomething(revision: Revision, widget: PdfDict): boolean {
  const flags = revision.resolve(widget.get("F"));
  if (typeof flags === "number" && (flags & (HIDDEN | NO_VIEW)) !== 0) return false;
  const rect = rectOf(revision, widget);
  if (rect && (Math.abs(rect[2] - rect[0]) < 0.5 || Math.abs(rect[3] - rect[1]) < 0.5)) return false;
  return appearanceStreams(revision, widget).some((stream) => {
    const content = contentOf(revision, stream);
    return content === undefined || /\S/.test(content);
  });
}

/** What a comment's appearance draws beyond shapes and colour, or undefined: text, pictures, or something unreadable. */
export function appearanceDraws(revision: Revision, annotation: PdfDict): string | undefined {
  for (const stream of appearanceStreams(revision, annotation, ["N", "R", "D"])) {
    const content = contentOf(revision, stream);
    if (content === undefined) return "cannot be read";
    // Strings removed first, so that their text cannot hide or fake operators.
    const operators = content.replace(/\((?:\\.|[^\\)])*\)/g, "()").replace(/<[0-9A-Fa-f\s]*>/g, "<>");
    if (/(^|[\s)\]>])(Tj|TJ|'|")(?=\s|$)/.test(operators)) return "writes text";
    if (/(^|\s)(Do|BI|sh)(?=\s|$)/.test(operators)) return "draws a picture or a drawing";
    // A fill may tint the page (a highlight multiplies its colour in) or draw a note's
    // small icon; an opaque fill any bigger would cover what was signed.
    if (/(^|\s)(f\*?|F|B\*?|b\*?)(?=\s|$)/.test(operators) && !tints(revision, stream) && !smallIcon(revision, annotation)) return "paints over the page rather than marking it";
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
  const rect = rectOf(revision, annotation);
  return annotation.name("Subtype") === "Text" && rect !== undefined && Math.abs(rect[2] - rect[0]) <= 48 && Math.abs(rect[3] - rect[1]) <= 48;
}
