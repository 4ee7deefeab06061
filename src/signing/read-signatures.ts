import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFObject } from "pdf-lib";

/** A signature field as found in the PDF, before anything about it is believed. */
export interface FoundSignature {
  field: string;
  byteRange: number[];
  contents: Uint8Array;
  subFilter: string;
  /** /M, the signing time the signer claims. */
  time: Date | undefined;
  name: string | undefined;
  reason: string | undefined;
}

const N = (name: string) => PDFName.of(name);

function text(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The signature fields of the document's latest revision, in the form's order. */
export function findSignatures(doc: PDFDocument): FoundSignature[] {
  const form = doc.catalog.lookup(N("AcroForm"));
  const found: FoundSignature[] = [];
  const visit = (object: PDFObject | undefined, prefix: string) => {
    const field = object ? doc.context.lookup(object) : undefined;
    if (!(field instanceof PDFDict)) return;
    const partial = text(field.lookup(N("T")));
    const name = partial ? (prefix ? `${prefix}.${partial}` : partial) : prefix;
    const kids = field.lookup(N("Kids"));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(kid, name);
    const value = field.lookup(N("V"));
    if (field.lookup(N("FT")) !== N("Sig") || !(value instanceof PDFDict)) return;
    const range = value.lookup(N("ByteRange"));
    const contents = value.lookup(N("Contents"));
    found.push({
      field: name,
      byteRange: range instanceof PDFArray ? range.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN)) : [],
      contents: contents instanceof PDFHexString || contents instanceof PDFString ? contents.asBytes() : new Uint8Array(),
      subFilter: (value.lookup(N("SubFilter")) as PDFName | undefined)?.decodeText() ?? "",
      time: parseDate(text(value.lookup(N("M")))),
      name: text(value.lookup(N("Name"))),
      reason: text(value.lookup(N("Reason"))),
    });
  };
  const fields = form instanceof PDFDict ? form.lookup(N("Fields")) : undefined;
  for (const field of fields instanceof PDFArray ? fields.asArray() : []) visit(field, "");
  return found;
}

/** `D:20261122100000Z` or with an offset `+01'00'`. */
export function parseDate(value: string | undefined): Date | undefined {
  const match = value && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(value);
  if (!match) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === "+" || sign === "-" ? (sign === "+" ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  return new Date(utc - offset);
}

/** Offsets just after each `%%EOF` (and its end of line): where each revision ends. */
export function revisionEnds(bytes: Uint8Array): number[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ends: number[] = [];
  for (let at = buffer.indexOf("%%EOF"); at !== -1; at = buffer.indexOf("%%EOF", at + 5)) {
    let end = at + 5;
    if (buffer[end] === 0x0d) end += 1;
    if (buffer[end] === 0x0a) end += 1;
    ends.push(end);
  }
  return ends;
}
