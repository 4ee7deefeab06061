import { createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from "pdf-lib";
import { PortfolioError } from "../errors.ts";
import { printIds, SIGNATURE_BLOCK } from "../pdf/print-ids.ts";
import { createCms } from "./cms.ts";
import { roleTitles, type Role, type SigningIdentity } from "./identity.ts";
import { loadPdf } from "../pdf/pdf-lib.ts";

export interface SignOptions {
  role: Role;
  identity: SigningIdentity;
  reason?: string | undefined;
  date: Date;
}

export class AlreadySignedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(role: Role) {
    super("PORTFOLIO_ALREADY_SIGNED", `The PDF already has the ${roleTitles[role].toLowerCase()}'s signature`, {
      hint: "Each role signs once. To sign again, start from the PDF as it was before that signature.",
    });
  }
}

const N = (name: string) => PDFName.of(name);
const CONTENTS_PAD = 8192;

/**
 * Adds a PAdES baseline B-B signature (SubFilter ETSI.CAdES.detached, SHA-256) as an
 * incremental update: the bytes before it are kept as they are, so earlier signatures stay
 * valid. The update holds the signature dictionary, a signature field named for the role
 * whose appearance shows the signer's name, role and date in that role's box on the
 * declaration page, and the page, form and catalog as changed to hold it.
 */
export async function signPdf(input: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const doc = await loadPdf(input);
  const { context, catalog } = doc;
  const fieldName = options.role;

  const acroFormEntry = catalog.get(N("AcroForm"));
  const acroForm = acroFormEntry ? (context.lookup(acroFormEntry) as PDFDict) : undefined;
  const fields = acroForm?.lookup(N("Fields"));
  for (const field of fields instanceof PDFArray ? fields.asArray() : []) {
    const dict = context.lookup(field);
    const name = dict instanceof PDFDict ? dict.lookup(N("T")) : undefined;
    if ((name instanceof PDFString || name instanceof PDFHexString) && name.decodeText() === fieldName) throw new AlreadySignedError(options.role);
  }

  const place = signaturePlace(doc, options.role);
  const next = context.largestObjectNumber + 1;
  const sigRef = PDFRef.of(next);
  const widgetRef = PDFRef.of(next + 1);
  const appearanceRef = PDFRef.of(next + 2);
  const fontRef = PDFRef.of(next + 3);
  let free = next + 4;

  const objects = new Map<number, string>();
  const name = options.identity.name || "the signer";
  const when = pdfDate(options.date);
  const reason = options.reason ?? `${roleTitles[options.role]}'s signature on the portfolio`;
  const placeholder = `/ByteRange [0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}] /Contents <${"0".repeat(2 * (CONTENTS_PAD + options.identity.certificate.length + options.identity.chain.reduce((n, c) => n + c.length, 0)))}>`;
  objects.set(sigRef.objectNumber, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${placeholder} /M ${pdfString(when)} /Name ${pdfString(name)} /Reason ${pdfString(reason)} /Prop_Build << /App << /Name /portfolio >> >> >>`);

  const width = place.rect[2] - place.rect[0];
  const height = place.rect[3] - place.rect[1];
  const lines = [`Digitally signed by ${name}`, `${roleTitles[options.role]}`, `Date: ${options.date.toISOString().slice(0, 10)}`];
  // Written in the lower part of the block, inside the dashed box under the printed name.
  const stream = width > 0 && height > 0 ? `BT /F1 10 Tf 0 0.2 0.5 rg ${lines.map((line, i) => `1 0 0 1 14 ${(46 - i * 14).toFixed(2)} Tm ${pdfString(line)} Tj`).join(" ")} ET` : "";
  objects.set(appearanceRef.objectNumber, `<< /Type /XObject /Subtype /Form /BBox [0 0 ${width.toFixed(2)} ${height.toFixed(2)}] /Resources << /Font << /F1 ${fontRef} >> >> /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  objects.set(fontRef.objectNumber, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects.set(widgetRef.objectNumber, `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${pdfString(fieldName)} /TU ${pdfString(`${roleTitles[options.role]}'s signature`)} /V ${sigRef} /F 132 /P ${place.page} /Rect [${place.rect.map((n) => n.toFixed(2)).join(" ")}] /AP << /N ${appearanceRef} >> >>`);

  // The page gains the widget among its annotations.
  const page = context.lookup(place.page) as PDFDict;
  const annots = page.get(N("Annots"));
  if (annots instanceof PDFRef) {
    const array = (context.lookup(annots) as PDFArray).clone(context);
    array.push(widgetRef);
    objects.set(annots.objectNumber, array.toString());
  } else {
    const updated = page.clone(context);
    const array = annots instanceof PDFArray ? annots.clone(context) : context.obj([]);
    array.push(widgetRef);
    updated.set(N("Annots"), array);
    objects.set(place.page.objectNumber, updated.toString());
  }

  // The form lists the field; signatures exist and the file is changed only by appending.
  const form = acroForm ? acroForm.clone(context) : (context.obj({}) as PDFDict);
  const list = fields instanceof PDFArray ? fields.clone(context) : context.obj([]);
  list.push(widgetRef);
  form.set(N("Fields"), list);
  form.set(N("SigFlags"), PDFNumber.of(3));
  if (acroFormEntry instanceof PDFRef) {
    objects.set(acroFormEntry.objectNumber, form.toString());
  } else {
    const formRef = PDFRef.of(free++);
    objects.set(formRef.objectNumber, form.toString());
    const updatedCatalog = catalog.clone(context);
    updatedCatalog.set(N("AcroForm"), formRef);
    objects.set((context.trailerInfo.Root as PDFRef).objectNumber, updatedCatalog.toString());
  }

  const update = writeUpdate(input, objects, doc, free);
  const signed = new Uint8Array(input.length + update.length);
  signed.set(input, 0);
  signed.set(update, input.length);
  return fillSignature(signed, input.length, options.identity);
}

/** Where the role's box is: the declaration's named destination, else an invisible signature on page 1. */
function signaturePlace(doc: PDFDocument, role: Role): { page: PDFRef; rect: [number, number, number, number] } {
  const dests = doc.catalog.lookup(N("Dests"));
  const dest = dests instanceof PDFDict ? doc.context.lookup(dests.get(N(printIds.signature(role)))) : undefined;
  if (dest instanceof PDFArray && dest.get(0) instanceof PDFRef) {
    // Chromium measures a destination from the page's edge as if there were no margins
    // (x is 0, y is one top margin too high); the block sits inside the margins.
    const pageRef = dest.get(0) as PDFRef;
    const top = ((dest.lookup(3) as PDFNumber | undefined)?.asNumber() ?? 0) - SIGNATURE_BLOCK.margin;
    const page = doc.getPages().find((p) => p.ref === pageRef);
    const pageWidth = page?.getWidth() ?? 595;
    const { height, margin } = SIGNATURE_BLOCK;
    return { page: pageRef, rect: [margin, top - height, pageWidth - margin, top] };
  }
  return { page: doc.getPage(0).ref, rect: [0, 0, 0, 0] };
}

/** The appended objects, a classic xref section for them, and a trailer that points back. */
function writeUpdate(input: Uint8Array, objects: ReadonlyMap<number, string>, doc: PDFDocument, size: number): Uint8Array {
  const prev = lastStartXref(input);
  const needsNewline = input[input.length - 1] !== 0x0a;
  let text = needsNewline ? "\n" : "";
  const offsets = new Map<number, number>();
  for (const [number, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, input.length + Buffer.byteLength(text, "latin1"));
    text += `${number} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = input.length + Buffer.byteLength(text, "latin1");
  text += "xref\n0 1\n0000000000 65535 f \n";
  for (const [number, offset] of [...offsets].sort((a, b) => a[0] - b[0])) text += `${number} 1\n${String(offset).padStart(10, "0")} 00000 n \n`;
  const { trailerInfo } = doc.context;
  const trailer = [`/Size ${Math.max(size, doc.context.largestObjectNumber + 1)}`, `/Root ${trailerInfo.Root}`, trailerInfo.Info ? `/Info ${trailerInfo.Info}` : "", trailerInfo.ID ? `/ID ${trailerInfo.ID}` : "", `/Prev ${prev}`].filter(Boolean).join(" ");
  text += `trailer\n<< ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, "latin1");
}

export function lastStartXref(bytes: Uint8Array): number {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString("latin1");
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) throw new PortfolioError("PORTFOLIO_PDF_UNREADABLE", "The PDF does not end with a cross-reference pointer (startxref and %%EOF)", { hint: "Give the PDF as `portfolio pdf` made it, not a truncated or edited copy." });
  return Number(match[1]);
}

/** Fills in the byte ranges and the CMS: everything but the /Contents value is signed. */
async function fillSignature(bytes: Uint8Array, updateStart: number, identity: SigningIdentity): Promise<Uint8Array> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byteRangeAt = text.indexOf("/ByteRange [0 ", updateStart, "latin1");
  const contentsAt = text.indexOf("/Contents <", byteRangeAt, "latin1") + "/Contents ".length;
  const contentsEnd = text.indexOf(">", contentsAt) + 1;
  const ranges = [0, contentsAt, contentsEnd, bytes.length - contentsEnd];
  const written = `[${ranges.map((n) => String(n).padStart(10, "0")).join(" ").replace(/^0{10}/, "0")}`;
  const slot = `[0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}`;
  text.write(written.padEnd(slot.length, " "), byteRangeAt + "/ByteRange ".length, "latin1");
  const digest = createHash("sha256").update(text.subarray(0, contentsAt)).update(text.subarray(contentsEnd)).digest();
  const cms = await createCms(digest, identity);
  const hex = Buffer.from(cms).toString("hex");
  if (hex.length > contentsEnd - contentsAt - 2) throw new PortfolioError("PORTFOLIO_SIGNATURE_TOO_LARGE", "The signature does not fit the space kept for it; this is a bug");
  text.write(hex, contentsAt + 1, "latin1");
  return bytes;
}

function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** A PDF literal string, in Latin-1 (the standard fonts' encoding); other characters become "?". */
function pdfString(text: string): string {
  const latin1 = [...text.normalize("NFC")].map((c) => (c.charCodeAt(0) < 256 && c.length === 1 ? c : "?")).join("");
  return `(${latin1.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[\r\n]/g, " ")})`;
}

