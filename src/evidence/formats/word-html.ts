import { sanitizeHtml } from "../sanitize-html.ts";
import { entryText, unzip } from "../zip.ts";

/** Images a document may show in the PDF: the kinds Chromium draws. */
const SHOWN_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
/** Bytes of pictures one document may place; later ones are named instead. */
const IMAGE_BYTES = 50 * 1024 * 1024;

/**
 * A Word document as HTML, by mammoth (made for this: headings, lists, tables, footnotes,
 * images from the document's own styles), sanitised. Images go to the print server; a
 * linked (external) image is never fetched, and one of another kind is named instead.
 */
export async function wordHtml(bytes: Uint8Array, putImage: (type: string, bytes: Uint8Array) => Promise<string>): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  const urls = new Set<string>();
  let placed = 0;
  const { value } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      // Comments are shown after the text, each marked where it was made.
      styleMap: ["comment-reference => sup"],
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async (image) => {
        if (!SHOWN_IMAGES.has(image.contentType)) return { src: "" };
        const data = await image.readAsBuffer();
        if (placed + data.length > IMAGE_BYTES) return { src: "" };
        placed += data.length;
        const url = await putImage(image.contentType, data);
        urls.add(url);
        return { src: url };
      }),
    },
  );
  const body = sanitizeHtml(value, (src) => urls.has(src));
  const document = entryText(unzip(bytes, (name) => name === "word/document.xml"), "word/document.xml") ?? "";
  const notes = [
    /<w:(?:ins|del)\b/.test(document) ? "This document has tracked changes: it is shown with them accepted (deleted text left out). The check read the deleted text too." : "",
    body.replace(/<[^>]*>/g, "").trim() ? "" : "This document has no text of its own to show.",
  ].filter(Boolean);
  return `${notes.map((note) => `<p class="note">${note}</p>`).join("")}${body}`;
}
