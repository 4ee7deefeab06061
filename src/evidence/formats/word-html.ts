import { sanitizeHtml } from "../sanitize-html.ts";

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
  return sanitizeHtml(value, (src) => urls.has(src));
}
