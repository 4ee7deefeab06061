import { EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";

/**
 * A PDF as its reader sees it, through pdf.js (Mozilla's PDF reader, made for exactly
 * this): every page's text as laid out, comments and form values on the page, the
 * document's properties and XMP metadata, bookmark titles and the names of attached files.
 * A printed PDF's text sits in compressed content streams in subset fonts, so searching
 * its bytes finds nothing; this reads what a person reading the file would. `pages`
 * limits the page text read to those pages (1-based).
 */
export async function readPdf(bytes: Uint8Array, options: { pages?: ReadonlySet<number> } = {}): Promise<EvidenceText> {
  const doc = await openPdf(bytes);
  const passages: Passage[] = [];
  const imageOnly: number[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      if (options.pages && !options.pages.has(n)) continue;
      const page = await doc.getPage(n);
      // pdf.js puts a space item where words are apart, so items join with nothing.
      const content = await page.getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      if (text.trim()) passages.push({ text, place: { kind: "page", page: n } });
      else if (await hasImages(page)) imageOnly.push(n);
      for (const annotation of (await page.getAnnotations()) as Annotation[]) {
        const what = annotation.fieldName ? `form field ${annotation.fieldName}` : `a comment (${annotation.subtype ?? "annotation"})`;
        const texts = [annotation.contentsObj?.str, annotation.titleObj?.str, annotation.fieldValue, annotation.alternativeText, annotation.textContent?.join(" "), annotation.file?.filename, annotation.url];
        for (const value of texts.flat()) if (typeof value === "string" && value.trim()) passages.push({ text: value, place: { kind: "page", page: n, detail: what } });
      }
      page.cleanup();
    }
    const { info, metadata } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown>; metadata: Iterable<[string, unknown]> | null };
    for (const field of ["Title", "Author", "Subject", "Keywords", "Creator", "Producer"]) {
      const value = info[field];
      if (typeof value === "string" && value.trim()) passages.push({ text: value, place: { kind: "metadata", of: "document properties", field } });
    }
    for (const [field, value] of Object.entries((info.Custom as Record<string, unknown> | undefined) ?? {})) {
      if (typeof value === "string") passages.push({ text: `${field} ${value}`, place: { kind: "metadata", of: "document properties", field } });
    }
    for (const [field, value] of metadata ?? []) {
      for (const text of [value].flat()) if (typeof text === "string" && text.trim()) passages.push({ text, place: { kind: "metadata", of: "XMP metadata", field } });
    }
    for (const title of outlineTitles((await doc.getOutline()) as Outline[] | null)) passages.push({ text: title, place: { kind: "metadata", of: "bookmarks", field: "title" } });
    const attachments = ((await doc.getAttachments()) ?? {}) as Record<string, { filename?: string }>;
    for (const [key, file] of Object.entries(attachments)) passages.push({ text: file.filename ?? key, place: { kind: "attachment", name: file.filename ?? key } });
    const fields = ((await doc.getFieldObjects()) ?? {}) as Record<string, Array<{ value?: unknown; page?: number }>>;
    for (const [name, widgets] of Object.entries(fields)) {
      for (const widget of widgets) {
        // Fields on a page were read with it; a field with no page is read here.
        if (typeof widget.value === "string" && widget.value.trim() && (widget.page === undefined || widget.page < 0)) {
          passages.push({ text: widget.value, place: { kind: "metadata", of: "form", field: name } });
        }
      }
    }
    const textless = imageOnly.length === doc.numPages;
    return {
      format: "PDF",
      passages,
      unread: imageOnly.length === 0 ? undefined : textless ? "its pages are images only (a scan), with no text to read" : `${pagesList(imageOnly)} ${imageOnly.length === 1 ? "is an image" : "are images"} only (a scan), with no text to read`,
    };
  } finally {
    await doc.destroy();
  }
}

interface Annotation {
  subtype?: string;
  fieldName?: string;
  fieldValue?: unknown;
  alternativeText?: string;
  contentsObj?: { str?: string };
  titleObj?: { str?: string };
  textContent?: string[];
  file?: { filename?: string };
  url?: string;
}

interface Outline {
  title: string;
  items: Outline[];
}

function outlineTitles(outline: readonly Outline[] | null, depth = 0): string[] {
  if (!outline || depth > 64) return [];
  return outline.flatMap((item) => [item.title, ...outlineTitles(item.items, depth + 1)]);
}

/** "page 3", "pages 3 and 5", "pages 2, 4 and 7". */
function pagesList(pages: readonly number[]): string {
  if (pages.length === 1) return `page ${pages[0]}`;
  return `pages ${pages.slice(0, -1).join(", ")} and ${pages.at(-1)}`;
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;
type PdfPage = Awaited<ReturnType<PdfDocument["getPage"]>>;

let pdfjs: Promise<PdfJs> | undefined;

/**
 * Opens a PDF with pdf.js, loaded only when a PDF is read. No code in the file is run
 * (`isEvalSupported: false`, no scripting), no font is installed, nothing is fetched.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  const { getDocument, VerbosityLevel } = await pdfjs;
  // pdf.js takes ownership of the buffer it is given: a copy leaves the caller's intact.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    return await task.promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    if (name === "PasswordException") throw new EvidenceReadError("it is protected by a password, so its text cannot be read; save a copy without the password");
    throw new EvidenceReadError(`it could not be read as a PDF (${error instanceof Error ? error.message : String(error)}); it may be damaged`);
  }
}

/** Whether a page paints an image (a scanned page has one and no text). */
async function hasImages(page: PdfPage): Promise<boolean> {
  const { OPS } = await pdfjs!;
  const list = await page.getOperatorList();
  return list.fnArray.some((op) => op === OPS.paintImageXObject || op === OPS.paintInlineImageXObject || op === OPS.paintImageMaskXObject);
}
