import { createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFOperator, PDFRawStream, loadPdf, type PDFPage, type PDFRef } from "./pdf-lib.ts";

export interface OutlineEntry {
  title: string;
  /** A named destination of the document. */
  dest: string;
  children?: OutlineEntry[];
}

const N = (name: string) => PDFName.of(name);

/** Bookmarks: an outline whose items go to named destinations. */
export function addOutline(doc: PDFDocument, entries: readonly OutlineEntry[]): void {
  const { context } = doc;
  const outlines = context.obj({ Type: "Outlines" }) as PDFDict;
  const outlinesRef = context.register(outlines);
  const build = (items: readonly OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } | undefined => {
    const refs = items.map(() => context.nextRef());
    let count = 0;
    items.forEach((item, i) => {
      // A name, not a string: Chromium's destinations are in the catalog's /Dests dictionary.
      const dict = context.obj({ Title: PDFHexString.fromText(item.title), Parent: parent, Dest: N(item.dest) }) as PDFDict;
      if (i > 0) dict.set(N("Prev"), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(N("Next"), refs[i + 1]!);
      const children = item.children?.length ? build(item.children, refs[i]!) : undefined;
      if (children) {
        dict.set(N("First"), children.first);
        dict.set(N("Last"), children.last);
        // Negative: closed, so a long list of reflections does not flood the panel.
        dict.set(N("Count"), PDFNumber.of(-children.count));
      }
      context.assign(refs[i]!, dict);
      count += 1;
    });
    return refs.length ? { first: refs[0]!, last: refs.at(-1)!, count } : undefined;
  };
  const top = build(entries, outlinesRef);
  if (top) {
    outlines.set(N("First"), top.first);
    outlines.set(N("Last"), top.last);
    outlines.set(N("Count"), PDFNumber.of(top.count));
  }
  doc.catalog.set(N("Outlines"), outlinesRef);
  doc.catalog.set(N("PageMode"), N("UseOutlines"));
}

/**
 * Lays a footer page (printed by Chromium, so any name or script prints) over each page,
 * marked as an artifact so that screen readers and the structure tree leave it out. The
 * overlays come in chunks, in page order, each holding one footer page per page.
 */
/** The band at the foot of a page that the footer takes: its rule and its line of text. */
export const FOOTER_BAND = 46;

/**
 * Evidence pages merged from other PDFs have their own content down to their foot, where
 * the footer goes: each is drawn a little smaller, centred, above the footer's band, with
 * its links and comments moved to match. Pages turned by /Rotate are left as they are.
 */
export function makeRoomForFooters(doc: PDFDocument, pages: ReadonlySet<number>): void {
  const { context } = doc;
  for (const number of pages) {
    const page = doc.getPage(number - 1);
    if (page.getRotation().angle % 360 !== 0) continue;
    const { x, y, width, height } = page.getCropBox();
    if (height <= FOOTER_BAND * 3) continue;
    const scale = (height - FOOTER_BAND) / height;
    const tx = x * (1 - scale) + ((1 - scale) * width) / 2;
    const ty = y * (1 - scale) + FOOTER_BAND;
    const contents = page.node.Contents();
    const existing = contents instanceof PDFArray ? contents.asArray() : contents ? [page.node.get(N("Contents"))!] : [];
    const open = context.register(context.stream(`q ${fixed(scale)} 0 0 ${fixed(scale)} ${fixed(tx)} ${fixed(ty)} cm\n`));
    const close = context.register(context.stream("\nQ\n"));
    page.node.set(N("Contents"), context.obj([open, ...existing, close]));
    const move = (values: number[]) => values.map((v, i) => (i % 2 === 0 ? v * scale + tx : v * scale + ty));
    const annots = page.node.lookup(N("Annots"));
    for (const ref of annots instanceof PDFArray ? annots.asArray() : []) {
      const annot = context.lookup(ref);
      if (!(annot instanceof PDFDict)) continue;
      for (const key of ["Rect", "QuadPoints"]) {
        const array = annot.lookup(N(key));
        if (!(array instanceof PDFArray)) continue;
        const numbers = array.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : Number.NaN));
        if (numbers.some(Number.isNaN)) continue;
        annot.set(N(key), context.obj(move(numbers)));
      }
    }
  }
}

const fixed = (n: number) => n.toFixed(4).replace(/\.?0+$/, "");

export async function stampFooters(doc: PDFDocument, overlays: readonly Uint8Array[]): Promise<void> {
  const pages = doc.getPages();
  let next = 0;
  for (const overlay of overlays) {
    const footers = await loadPdf(overlay);
    // One copier per overlay, so the fonts its pages share are copied once.
    const copier = PDFObjectCopier.for(footers.context, doc.context);
    const count = Math.min(footers.getPageCount(), pages.length - next);
    for (let i = 0; i < count; i++) {
      const page = pages[next + i]!;
      const form = formXObject(doc, footers.getPage(i), copier);
      if (!form) {
        // Not one content stream (Chromium writes one): let pdf-lib rebuild it.
        const { width, height } = page.getSize();
        const embedded = await doc.embedPage(footers.getPage(i));
        page.pushOperators(PDFOperator.of("BMC" as never, [N("Artifact")]));
        page.drawPage(embedded, { x: 0, y: 0, width, height });
        page.pushOperators(PDFOperator.of("EMC" as never));
        continue;
      }
      const name = page.node.newXObject("Footer", form);
      page.pushOperators(
        PDFOperator.of("BMC" as never, [N("Artifact")]),
        PDFOperator.of("q" as never),
        // A page of another size (a landscape or Letter evidence page): the footer along its foot, centred, never wider than the page.
        ...fitFooter(page, footers.getPage(i)),
        PDFOperator.of("Do" as never, [name]),
        PDFOperator.of("Q" as never),
        PDFOperator.of("EMC" as never),
      );
    }
    next += count;
  }
}

/** The transformation that puts a footer page's foot on another page's foot, when their sizes differ. */
function fitFooter(page: PDFPage, footer: PDFPage): PDFOperator[] {
  const box = page.getCropBox();
  const size = footer.getSize();
  if (Math.abs(box.width - size.width) < 1 && Math.abs(box.height - size.height) < 1 && box.x === 0 && box.y === 0) return [];
  const scale = Math.min(1, box.width / size.width);
  const tx = box.x + (box.width - size.width * scale) / 2;
  const ty = box.y;
  return [PDFOperator.of("cm" as never, [scale, 0, 0, scale, tx, ty].map((n) => PDFNumber.of(Number(fixed(n)))))];
}

/**
 * A printed page as a form XObject of the same size, its content stream reused as it is
 * (still compressed). pdf-lib's embedPage decodes and compresses each page again, which
 * was most of the time footers took on long portfolios.
 */
function formXObject(doc: PDFDocument, page: PDFPage, copier: PDFObjectCopier): PDFRef | undefined {
  const contents = page.node.Contents();
  const stream = contents instanceof PDFArray && contents.size() === 1 ? contents.lookup(0) : contents;
  if (!(stream instanceof PDFRawStream)) return undefined;
  const dict = copier.copy(stream.dict.clone(doc.context));
  dict.set(N("Type"), N("XObject"));
  dict.set(N("Subtype"), N("Form"));
  dict.set(N("BBox"), copier.copy(page.node.MediaBox()));
  const resources = page.node.Resources();
  if (resources) dict.set(N("Resources"), copier.copy(resources));
  return doc.context.register(PDFRawStream.of(dict, stream.contents));
}

export interface Metadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  creator: string;
  /** Pinned for reproducible output (SOURCE_DATE_EPOCH), else the build's time. */
  date: Date;
}

/** Document information with pinned dates, and an /ID derived from the content, not the clock. */
export function setMetadata(doc: PDFDocument, meta: Metadata, contentHash: string): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  const id = createHash("md5").update(contentHash).digest("hex");
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]) as PDFArray;
}
