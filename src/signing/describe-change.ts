import { PdfDict, PdfStream, type PdfValue } from "./pdf-reader/objects.ts";
import type { Revision } from "./pdf-reader/revisions.ts";

/**
 * A changed object a reader would show, named in a sentence from what it is and where it
 * was reached: "the content of page 3 was changed", "a font on page 6 (/F4) was replaced".
 */
export function describe(num: number, value: PdfValue, before: Revision, page: number | undefined, key: string): string {
  let existed = true;
  try {
    existed = before.object(num) !== null;
  } catch {
    existed = true;
  }
  const on = `${page ? ` on page ${page}` : ""}${key && key !== "Contents" ? ` (/${key})` : ""}`;
  const about = [key ? `reached as /${key}` : "", page ? `used on page ${page}` : ""].filter(Boolean).join(", ");
  if (value === null && key === "Contents" && page) return `the content of page ${page} was removed (object ${num} was freed in the cross-reference)`;
  if (value === null) return `object ${num}${about ? `, ${about},` : ""} was removed (freed in the cross-reference)`;
  const dict = value instanceof PdfStream ? value.dict : value instanceof PdfDict ? value : undefined;
  const type = dict?.name("Type");
  const subtype = dict?.name("Subtype");
  const verb = existed ? "was changed" : "was added";
  if (key === "Contents" && value instanceof PdfStream) return `the content of page ${page ?? "?"} ${existed ? "was changed" : "was replaced"}`;
  if (type === "Font" || type === "FontDescriptor" || dict?.has("FontFile2") || dict?.has("FontFile") || dict?.has("FontFile3")) return `a font${on} ${existed ? "was replaced" : "was added"}`;
  if (subtype === "Image") return `an image${on} ${existed ? "was replaced" : "was added"}`;
  if (subtype === "Form") return `a drawing${on} ${existed ? "was replaced" : "was added"}`;
  if (type === "Annot" || key === "Annots") return `an annotation${on} ${verb}${subtype ? ` (${subtype})` : ""}`;
  if (type === "Page") return `a page ${verb}`;
  if (type === "Pages") return `the page tree ${verb}`;
  if (type === "Sig") return `a signature's dictionary ${verb}`;
  return `object ${num}${type ? ` (${type})` : ""}${about ? `, ${about},` : ""} ${verb}`;
}

