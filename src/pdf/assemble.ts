import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFRef, PDFString, loadPdf, type PDFObject } from "./pdf-lib.ts";

/** A printed part: its bytes, and the anchors whose real place is in it (not stubs). */
export interface PartInput {
  bytes: Uint8Array;
  owned: ReadonlySet<string>;
  /** Evidence PDFs to merge in after a page of this part (0-based page index). */
  inserts?: Array<{ afterPage: number; doc: PDFDocument }>;
  /** The part already parsed (it is only read from, never changed). */
  doc?: PDFDocument;
}

export interface Assembled {
  doc: PDFDocument;
  /** Anchor → 1-based page in the whole document. */
  pages: Map<string, number>;
  /** The 1-based pages that came from evidence PDFs, whose text this program did not write. */
  evidencePages: Set<number>;
}

const N = (name: string) => PDFName.of(name);

/** Named destinations of a printed part: anchor → 0-based page index (Chromium writes /Dests). */
export function destinationPages(doc: PDFDocument): Map<string, number> {
  const indexOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookup(N("Dests"));
  if (dests instanceof PDFDict) {
    for (const [key, value] of dests.entries()) {
      const array = doc.context.lookup(value);
      const page = array instanceof PDFArray ? array.get(0) : undefined;
      const index = page instanceof PDFRef ? indexOf.get(page.toString()) : undefined;
      if (index !== undefined) result.set(decodeName(key), index);
    }
  }
  return result;
}

/**
 * Puts printed parts (and evidence PDFs) together into one tagged PDF: pages in order,
 * each part's structure tree grafted under one root with its parent-tree keys moved past
 * the parts before it, and the named destinations each part owns, so links across parts
 * (the evidence map to a marker in a later part) resolve.
 */
export async function assemble(parts: readonly PartInput[]): Promise<Assembled> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const { context } = out;
  const root = context.obj({ Type: "StructTreeRoot" }) as PDFDict;
  const rootRef = context.register(root);
  const kids: PDFObject[] = [];
  const nums: PDFObject[] = [];
  const dests = context.obj({}) as PDFDict;
  const roleMap = context.obj({}) as PDFDict;
  const pages = new Map<string, number>();
  const evidencePages = new Set<number>();
  let keyOffset = 0;
  let lang: PDFObject | undefined;
  const idNames: PDFObject[] = [];
  const idCounter = { next: 1 };

  for (const part of parts) {
    const src = part.doc ?? (await loadPdf(part.bytes));
    const copier = PDFObjectCopier.for(src.context, context);
    const srcRootRef = src.catalog.get(N("StructTreeRoot"));
    // The part's structure elements point up to its root; let them point to ours instead.
    if (srcRootRef instanceof PDFRef) (copier as unknown as { traversedObjects: Map<unknown, unknown> }).traversedObjects.set(srcRootRef, rootRef);
    lang ??= src.catalog.get(N("Lang"));

    const partStart = out.getPageCount();
    const local = destinationPages(src);
    src.getPages().forEach((page, index) => {
      // Copied through its reference, so structure elements' /Pg land on this same copy.
      const ref = copier.copy(page.ref) as PDFRef;
      const node = context.lookup(ref) as PDFDict;
      shiftStructParents(node, keyOffset, context);
      out.addPage(PDFPage.of(node as never, ref, out));
      for (const insert of part.inserts?.filter((i) => i.afterPage === index) ?? []) {
        for (const copied of copyEvidencePages(out, insert.doc)) {
          out.addPage(copied);
          evidencePages.add(out.getPageCount());
        }
      }
    });

    const srcRoot = src.catalog.lookup(N("StructTreeRoot"));
    if (srcRoot instanceof PDFDict) {
      const k = srcRoot.get(N("K"));
      const topLevel = k instanceof PDFArray ? k.asArray() : k ? [k] : [];
      const partKids = topLevel.map((element) => copier.copy(element));
      // Chromium's element ids restart with each print: renamed part by part, numbered on.
      idNames.push(...renumberElementIds(context, partKids, idCounter));
      kids.push(...partKids);
      for (const [key, value] of flattenNumberTree(src, srcRoot.lookup(N("ParentTree")))) {
        nums.push(PDFNumber.of(key + keyOffset), copier.copy(value));
      }
      const roles = srcRoot.lookup(N("RoleMap"));
      if (roles instanceof PDFDict) for (const [name, value] of roles.entries()) roleMap.set(name, copier.copy(value));
      const next = srcRoot.lookup(N("ParentTreeNextKey"));
      keyOffset += next instanceof PDFNumber ? next.asNumber() : Math.max(0, ...flattenNumberTree(src, srcRoot.lookup(N("ParentTree"))).map(([key]) => key + 1));
    }

    const srcDests = src.catalog.lookup(N("Dests"));
    if (srcDests instanceof PDFDict) {
      for (const [key, value] of srcDests.entries()) {
        const name = decodeName(key);
        if (!part.owned.has(name)) continue;
        dests.set(key, copier.copy(value));
        const index = local.get(name);
        if (index !== undefined) pages.set(name, pageNumberAfterInserts(part, partStart, index));
      }
    }
  }

  if (idNames.length > 0) root.set(N("IDTree"), context.obj({ Names: idNames }));
  root.set(N("K"), context.obj([context.register(context.obj({ Type: "StructElem", S: "Document", P: rootRef, K: kids }))]));
  // The grafted top-level elements now hang under one Document element.
  for (const kid of kids) {
    const element = context.lookup(kid);
    if (element instanceof PDFDict) element.set(N("P"), (root.get(N("K")) as PDFArray).get(0));
  }
  root.set(N("ParentTree"), context.obj({ Nums: nums }));
  root.set(N("ParentTreeNextKey"), PDFNumber.of(keyOffset));
  if (roleMap.entries().length > 0) root.set(N("RoleMap"), roleMap);
  out.catalog.set(N("StructTreeRoot"), rootRef);
  out.catalog.set(N("MarkInfo"), context.obj({ Marked: true }));
  out.catalog.set(N("Dests"), context.register(dests));
  if (lang) out.catalog.set(N("Lang"), lang);
  out.catalog.set(N("ViewerPreferences"), context.obj({ DisplayDocTitle: true }));
  return { doc: out, pages, evidencePages };
}

/**
 * Chromium names structure elements after its accessibility nodes (`node00000157`), which
 * differ from run to run and repeat between parts. Each part's are renamed in tree order
 * (`e000001`, numbering on from the part before), its table cells' /Headers follow within
 * the part, and an /IDTree indexes them all: the same sources give the same bytes.
 */
function renumberElementIds(context: PDFDocument["context"], top: readonly PDFObject[], counter: { next: number }): PDFObject[] {
  const renamed = new Map<string, string>();
  const names: PDFObject[] = [];
  const elements: PDFDict[] = [];
  const seen = new Set<PDFDict>();
  const visit = (object: PDFObject | undefined) => {
    const value = object ? context.lookup(object) : undefined;
    if (value instanceof PDFArray) { for (const item of value.asArray()) visit(item); return; }
    if (!(value instanceof PDFDict) || seen.has(value) || !(object instanceof PDFRef)) return;
    seen.add(value);
    if (value.get(N("Type")) !== undefined && value.get(N("Type")) !== N("StructElem")) return;
    elements.push(value);
    const id = value.lookup(N("ID"));
    if (id instanceof PDFString || id instanceof PDFHexString) {
      const fresh = `e${String(counter.next++).padStart(6, "0")}`;
      renamed.set(id.decodeText(), fresh);
      value.set(N("ID"), PDFString.of(fresh));
      names.push(PDFString.of(fresh), object);
    }
    visit(value.get(N("K")));
  };
  for (const element of top) visit(element);
  for (const element of elements) {
    const attributes = element.lookup(N("A"));
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray() : attributes ? [attributes] : []) {
      const dict = context.lookup(attribute);
      const headers = dict instanceof PDFDict ? dict.lookup(N("Headers")) : undefined;
      if (!(dict instanceof PDFDict) || !(headers instanceof PDFArray)) continue;
      dict.set(N("Headers"), context.obj(headers.asArray().map((h) => {
        const text = h instanceof PDFString || h instanceof PDFHexString ? h.decodeText() : undefined;
        return text && renamed.has(text) ? PDFString.of(renamed.get(text)!) : h;
      })));
    }
  }
  return names;
}

/** The page number of a part's page once evidence PDFs merged in before it are counted. */
function pageNumberAfterInserts(part: PartInput, partStart: number, index: number): number {
  const inserted = (part.inserts ?? []).filter((i) => i.afterPage < index).reduce((n, i) => n + i.doc.getPageCount(), 0);
  return partStart + index + inserted + 1;
}

/** Evidence pages come in without their tags or links into their own document. */
function copyEvidencePages(out: PDFDocument, doc: PDFDocument): PDFPage[] {
  const copier = PDFObjectCopier.for(doc.context, out.context);
  return doc.getPages().map((page) => {
    // Before copying, so that what is taken out is not copied at all.
    defuse(doc, page.node);
    const ref = copier.copy(page.ref) as PDFRef;
    const node = out.context.lookup(ref) as PDFDict;
    node.delete(N("StructParents"));
    const annots = node.lookup(N("Annots"));
    if (annots instanceof PDFArray) {
      for (const annot of annots.asArray()) {
        const dict = out.context.lookup(annot);
        if (dict instanceof PDFDict) dict.delete(N("StructParent"));
      }
    }
    return PDFPage.of(node as never, ref, out);
  });
}

/**
 * What an evidence PDF may not bring into the portfolio the assessor opens: anything that
 * acts when the page is opened or clicked (JavaScript, launching a program, submitting a
 * form, going to another file), files embedded in it, and media. How its pages look is
 * kept: comments and form fields stay, without their actions, and links stay only to web
 * pages, mail addresses or places in the same document. The document itself (its
 * /OpenAction, its JavaScript, its attachments) is never copied.
 */
function defuse(doc: PDFDocument, page: PDFDict): void {
  page.delete(N("AA"));
  const annots = page.lookup(N("Annots"));
  if (!(annots instanceof PDFArray)) return;
  const kept = annots.asArray().filter((ref) => {
    const annot = doc.context.lookup(ref);
    if (!(annot instanceof PDFDict)) return false;
    const subtype = annot.lookup(N("Subtype"));
    if (subtype instanceof PDFName && DROPPED_ANNOTATIONS.has(subtype.decodeText())) return false;
    // A form field's actions may sit on it or on the fields above it.
    for (let field: PDFObject | undefined = annot, depth = 0; field instanceof PDFDict && depth < 32; field = field.lookup(N("Parent")), depth++) field.delete(N("AA"));
    const action = annot.lookup(N("A"));
    if (action instanceof PDFDict) {
      if (harmless(action)) action.delete(N("Next"));
      else annot.delete(N("A"));
    }
    // A link with nowhere left to go is dropped.
    return !(subtype instanceof PDFName && subtype.decodeText() === "Link" && !annot.has(N("A")) && !annot.has(N("Dest")));
  });
  page.set(N("Annots"), doc.context.obj(kept));
}

const DROPPED_ANNOTATIONS = new Set(["FileAttachment", "Sound", "Movie", "Screen", "RichMedia", "3D"]);

/** A link to a web page or a mail address, or to a place in the same document. */
function harmless(action: PDFDict): boolean {
  const type = action.lookup(N("S"));
  if (!(type instanceof PDFName)) return false;
  if (type.decodeText() === "GoTo") return true;
  if (type.decodeText() !== "URI") return false;
  const uri = action.lookup(N("URI"));
  return (uri instanceof PDFString || uri instanceof PDFHexString) && /^(?:https?|mailto):/i.test(uri.decodeText().trim());
}

function shiftStructParents(page: PDFDict, offset: number, context: PDFDocument["context"]): void {
  const own = page.lookup(N("StructParents"));
  if (own instanceof PDFNumber) page.set(N("StructParents"), PDFNumber.of(own.asNumber() + offset));
  const annots = page.lookup(N("Annots"));
  if (!(annots instanceof PDFArray)) return;
  for (const annot of annots.asArray()) {
    const dict = context.lookup(annot);
    const key = dict instanceof PDFDict ? dict.lookup(N("StructParent")) : undefined;
    if (dict instanceof PDFDict && key instanceof PDFNumber) dict.set(N("StructParent"), PDFNumber.of(key.asNumber() + offset));
  }
}

function flattenNumberTree(doc: PDFDocument, node: PDFObject | undefined): Array<[number, PDFObject]> {
  const dict = node ? doc.context.lookup(node) : undefined;
  if (!(dict instanceof PDFDict)) return [];
  const pairs: Array<[number, PDFObject]> = [];
  const numbers = dict.lookup(N("Nums"));
  if (numbers instanceof PDFArray) {
    for (let i = 0; i + 1 < numbers.size(); i += 2) {
      const key = numbers.get(i);
      if (key instanceof PDFNumber) pairs.push([key.asNumber(), numbers.get(i + 1)]);
    }
  }
  const children = dict.lookup(N("Kids"));
  if (children instanceof PDFArray) for (const kid of children.asArray()) pairs.push(...flattenNumberTree(doc, kid));
  return pairs;
}

/** PDF names are stored with #xx escapes; anchors are compared decoded. */
function decodeName(name: PDFName): string {
  return name.decodeText();
}

