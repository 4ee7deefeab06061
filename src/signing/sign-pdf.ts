import { PortfolioError } from "../errors.ts";
import { createCms } from "./cms.ts";
import { roleTitles, type Role, type SigningIdentity } from "./identity.ts";
import { PdfDict, PdfRef, PdfSyntaxError, type PdfValue } from "./pdf-reader/objects.ts";
import { BrokenPdfError, PdfFile, type Revision } from "./pdf-reader/revisions.ts";
import { structure, type Page } from "./pdf-reader/structure.ts";
import { recordBoxOf, roleBoxes, type Box } from "./signature-boxes.ts";
import { withEntries, writeValue } from "./pdf-reader/write.ts";

export interface SignOptions {
  role: Role;
  identity: SigningIdentity;
  reason?: string | undefined;
  date: Date;
  /**
   * A record of decisions: the signature is drawn in the role's record box (not its box on
   * the declaration) with `page`, a one-page PDF of the box's size, as its appearance, and
   * `data` in the signature dictionary as /PortfolioAssessment, where `verify` reads it.
   */
  record?: { page: Uint8Array; data: string } | undefined;
}

export class AlreadySignedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(role: Role) {
    super("PORTFOLIO_ALREADY_SIGNED", `The PDF already has the ${roleTitles[role].toLowerCase()}'s signature`, {
      hint: "Each role signs once. To sign again, start from the PDF as it was before that signature.",
    });
  }
}

/** A PDF that cannot take a signature as it is: unreadable, encrypted, without pages. */
export class UnsignablePdfError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(message: string, hint: string) {
    super("PORTFOLIO_PDF_UNSIGNABLE", message, { hint });
  }
}

const CONTENTS_PAD = 8192;

/**
 * Adds a PAdES baseline B-B signature (SubFilter ETSI.CAdES.detached) as an incremental
 * update: the bytes before it are kept as they are, so earlier signatures stay valid. The
 * update holds the signature dictionary, a signature field named for the role whose
 * appearance shows the signer's name, role and date in that role's box on the declaration
 * page, and the page, form and catalog as changed to hold it. The file is read as a PDF
 * reader reads it, through its cross-reference data, so files other tools wrote (with
 * cross-reference streams, object streams, or a last line ending in CR or nothing) are
 * signed as what they show; the update's cross-reference is a stream when theirs is.
 */
export async function signPdf(input: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  return (await signPdfPlaced(input, options)).bytes;
}

/** As signPdf, and whether the signature shows on a page: in the role's box, or invisible where the PDF has none. */
export async function signPdfPlaced(input: Uint8Array, options: SignOptions): Promise<{ bytes: Uint8Array; visible: boolean }> {
  let pdf: PdfFile;
  try {
    pdf = new PdfFile(input);
  } catch (error) {
    if (!(error instanceof BrokenPdfError || error instanceof PdfSyntaxError)) throw error;
    throw new UnsignablePdfError(`The PDF cannot be read for signing: ${error.message}`, "Give the PDF as `portfolio pdf` or the previous signer made it, not a truncated or edited copy.");
  }
  const latest = pdf.latest;
  if (latest.trailer.has("Encrypt")) {
    throw new UnsignablePdfError("The PDF is encrypted (it has a password or restrictions), and a signature added to it would leave it unreadable", "Sign a copy without the password: `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, then sign out.pdf.");
  }
  const catalog = latest.catalog();
  const root = latest.root;
  if (!catalog || !root) throw new UnsignablePdfError("The PDF has no catalog to add a signature to", "Give the PDF as `portfolio pdf` made it.");
  const fieldName = options.role;
  const { fields, pages, form } = structure(latest);
  for (const field of fields.values()) if (field.name === fieldName) throw new AlreadySignedError(options.role);
  if (!pages.length) throw new UnsignablePdfError("The PDF has no pages to place a signature on", "Give the PDF as `portfolio pdf` made it.");

  const place = options.record ? recordBoxOf(latest, pages, options.role) : signaturePlace(latest, pages, options.role);
  const size = typeof latest.trailer.get("Size") === "number" ? (latest.trailer.get("Size") as number) : 0;
  const next = Math.max(size, latest.size);
  const sigRef = new PdfRef(next, 0);
  const widgetRef = new PdfRef(next + 1, 0);
  const appearanceRef = new PdfRef(next + 2, 0);
  const fontRef = new PdfRef(next + 3, 0);
  let free = next + 4;

  const objects = new Map<number, string>();
  const name = options.identity.name || "the signer";
  const when = pdfDate(options.date);
  const reason = options.reason ?? `${roleTitles[options.role]}'s signature on the portfolio`;
  const placeholder = `/ByteRange [0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}] /Contents <${"0".repeat(2 * (CONTENTS_PAD + options.identity.certificate.length + options.identity.chain.reduce((n, c) => n + c.length, 0)))}>`;
  // The record's data as a hex string: any text, and no escaping to get wrong.
  const recordData = options.record ? ` /PortfolioAssessment <${Buffer.from(options.record.data, "utf8").toString("hex")}>` : "";
  objects.set(sigRef.num, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${placeholder} /M ${pdfString(when)} /Name ${pdfString(name)} /Reason ${pdfString(reason)}${recordData} /Prop_Build << /App << /Name /portfolio >> >> >>`);

  const width = place.rect[2] - place.rect[0];
  const height = place.rect[3] - place.rect[1];
  let appearance = appearanceRef;
  if (options.record) {
    // The record's page as a form, its objects numbered after ours (pdf-lib copies its fonts and all).
    const page = await recordForm(options.record.page, free);
    for (const [num, body] of page.objects) objects.set(num, body);
    appearance = page.form;
    free = page.free;
  } else {
    const lines = [`Digitally signed by ${name}`, `${roleTitles[options.role]}`, `Date: ${options.date.toISOString().slice(0, 10)}`];
    // Written in the lower part of the block, inside the dashed box under the printed name.
    const stream = width > 0 && height > 0 ? `BT /F1 10 Tf 0 0.2 0.5 rg ${lines.map((line, i) => `1 0 0 1 14 ${(46 - i * 14).toFixed(2)} Tm ${pdfString(line)} Tj`).join(" ")} ET` : "";
    objects.set(appearanceRef.num, `<< /Type /XObject /Subtype /Form /BBox [0 0 ${width.toFixed(2)} ${height.toFixed(2)}] /Resources << /Font << /F1 ${fontRef} >> >> /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    objects.set(fontRef.num, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  }
  objects.set(widgetRef.num, `<< /Type /Annot /Subtype /Widget /FT /Sig /T ${pdfString(fieldName)} /TU ${pdfString(`${roleTitles[options.role]}'s ${options.record ? "record and signature" : "signature"}`)} /V ${sigRef} /F 132 /P ${new PdfRef(place.page.num, latest.entry(place.page.num)?.second ?? 0)} /Rect [${place.rect.map((n) => n.toFixed(2)).join(" ")}] /AP << /N ${appearance} >> >>`);

  // The page gains the widget among its annotations, as the reader sees them now.
  const annotsValue = place.page.dict.get("Annots");
  const annots = [...(latest.array(annotsValue) ?? []), widgetRef];
  if (annotsValue instanceof PdfRef) objects.set(annotsValue.num, writeValue(annots));
  else objects.set(place.page.num, writeValue(withEntries(place.page.dict, { Annots: annots })));

  // The form lists the field; signatures exist and the file is changed only by appending.
  const formValue = catalog.get("AcroForm");
  const fieldsValue = form?.dict.get("Fields");
  const fieldList = [...(latest.array(fieldsValue) ?? []), widgetRef];
  const formEntries: Record<string, PdfValue> = { SigFlags: 3 };
  if (fieldsValue instanceof PdfRef) objects.set(fieldsValue.num, writeValue(fieldList));
  else formEntries.Fields = fieldList;
  const newForm = withEntries(form?.dict ?? new PdfDict(new Map()), formEntries);
  if (formValue instanceof PdfRef && form) {
    objects.set(formValue.num, writeValue(newForm));
  } else {
    const formRef = new PdfRef(free++, 0);
    objects.set(formRef.num, writeValue(newForm));
    objects.set(root.num, writeValue(withEntries(catalog, { AcroForm: formRef })));
  }

  const update = writeUpdate(input, objects, latest, free);
  const signed = new Uint8Array(input.length + update.length);
  signed.set(input, 0);
  signed.set(update, input.length);
  return { bytes: await fillSignature(signed, input.length, options.identity), visible: width > 0 && height > 0 };
}

/**
 * The first page of `pdf` as a form XObject, with everything it draws with (Chromium's
 * embedded font subsets, images), as PDF objects numbered from `first`: pdf-lib copies
 * them; they are written here, into our own incremental update.
 */
async function recordForm(pdf: Uint8Array, first: number): Promise<{ objects: Map<number, string>; form: PdfRef; free: number }> {
  const { PDFDocument } = await import("../pdf/pdf-lib.ts");
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.context.largestObjectNumber = Math.max(doc.context.largestObjectNumber, first - 1);
  const [page] = await doc.embedPdf(pdf, [0]);
  await page!.embed();
  const objects = new Map<number, string>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber < first) continue;
    const bytes = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(bytes, 0);
    objects.set(ref.objectNumber, Buffer.from(bytes).toString("latin1"));
  }
  return { objects, form: new PdfRef(page!.ref.objectNumber, 0), free: doc.context.largestObjectNumber + 1 };
}

/** Where the role's box is (see signature-boxes.ts), else an invisible signature on page 1. */
function signaturePlace(revision: Revision, pages: Page[], role: Role): { page: Page; rect: Box } {
  return roleBoxes(revision, pages).find((box) => box.role === role && box.kind === "signature") ?? { page: pages[0]!, rect: [0, 0, 0, 0] };
}

/**
 * The appended objects and a cross-reference section for them that points back to the
 * revision before: a classic table, or a cross-reference stream when the file uses them.
 */
function writeUpdate(input: Uint8Array, objects: ReadonlyMap<number, string>, latest: Revision, free: number): Uint8Array {
  const last = input[input.length - 1];
  const parts: Buffer[] = [];
  let length = input.length;
  const write = (chunk: string | Buffer) => {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  // A revision may end `%%EOF`, `%%EOF\r` or `%%EOF\r\n`; the update starts on a new line.
  if (last !== 0x0a) write("\n");
  const offsets = new Map<number, number>();
  for (const [number, body] of [...objects].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, length);
    write(`${number} 0 obj\n${body}\nendobj\n`);
  }
  const trailer = latest.trailer;
  const keep = ["Root", "Info", "ID"].filter((k) => trailer.has(k)).map((k) => `/${k} ${writeValue(trailer.get(k)!)}`).join(" ");
  const usesStreams = trailer.name("Type") === "XRef";
  if (!usesStreams) {
    const xrefAt = length;
    let table = "xref\n0 1\n0000000000 65535 f \n";
    for (const [number, offset] of [...offsets].sort((a, b) => a[0] - b[0])) table += `${number} 1\n${String(offset).padStart(10, "0")} 00000 n \n`;
    write(`${table}trailer\n<< /Size ${free} ${keep} /Prev ${latest.startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  } else {
    const xrefNum = free;
    const xrefAt = length;
    offsets.set(xrefNum, xrefAt);
    const numbers = [...offsets.keys()].sort((a, b) => a - b);
    const rows = Buffer.alloc(numbers.length * 7);
    numbers.forEach((n, i) => {
      rows.writeUInt8(1, i * 7);
      rows.writeUInt32BE(offsets.get(n)!, i * 7 + 1);
      rows.writeUInt16BE(0, i * 7 + 5);
    });
    write(`${xrefNum} 0 obj\n<< /Type /XRef /Size ${xrefNum + 1} /W [1 4 2] /Index [${numbers.map((n) => `${n} 1`).join(" ")}] ${keep} /Prev ${latest.startxref} /Length ${rows.length} >>\nstream\n`);
    write(rows);
    write(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`);
  }
  return Buffer.concat(parts);
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
  const cms = await createCms([text.subarray(0, contentsAt), text.subarray(contentsEnd)], identity);
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

