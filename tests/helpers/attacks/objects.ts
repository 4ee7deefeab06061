// Reading and rewriting objects, as an attacker with a PDF library would.
import { inflateSync } from "node:zlib";
// The classes of the pdf-lib build the tool loads, so that `instanceof` holds for what loadPdf reads.
import { loadPdf, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, type PDFDocument } from "../../../src/pdf/pdf-lib.ts";
import { FORGED_GLYPHS, glyphString, HELVETICA } from "./painting.ts";
import type { PortfolioFacts } from "./portfolio.ts";
import { lastTrailer, stream, type PdfObject } from "./update-writer.ts";

const N = (name: string) => PDFName.of(name);

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
export async function arrayItems(pdf: Buffer, num: number, key: string): Promise<string[]> {
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

/** A new page tree, the same but for page 2, drawn with `content` too. */
export async function forgedTree(pdf: Buffer, facts: PortfolioFacts, n: number, content: string, pageSet: Record<string, string> = {}): Promise<PdfObject[]> {
  const [tree, page] = [n, n + 1];
  const kids = (await arrayItems(pdf, facts.pages, "Kids")).map((k) => (k === `${facts.declaration.page} 0 R` ? `${page} 0 R` : k));
  return [
    { num: tree, body: await changedDict(pdf, facts.pages, { Kids: `[${kids.join(" ")}]` }) },
    ...(await pageDrawing(pdf, facts.declaration.page, n + 2, content, { as: page, set: { Parent: `${tree} 0 R`, ...pageSet } })),
  ];
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
