import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib";

export interface LaterChange {
  allowed: boolean;
  /** A sentence a verifier understands: "the content of page 3 was changed". */
  description: string;
}

const N = (name: string) => PDFName.of(name);

/** Keys a catalog and a form may change in an update that only adds signatures or validation data. */
const CATALOG_KEYS = new Set(["AcroForm", "DSS", "Perms", "Extensions"]);
const FORM_KEYS = new Set(["Fields", "SigFlags", "DR", "DA"]);

function serialise(object: PDFObject | undefined): string {
  if (object instanceof PDFRawStream) return `${object.dict.toString()}|${Buffer.from(object.contents).toString("base64")}`;
  return object?.toString() ?? "";
}

/**
 * What changed between the document as a signature signed it (`before`) and as it is
 * (`after`), judged against the short list of changes allowed after signing: a new
 * signature field and its appearance, the form's field list, validation data. Anything
 * else, such as a changed page, a new annotation, or a replaced font, is disallowed.
 */
export function laterChanges(before: PDFDocument, after: PDFDocument): LaterChange[] {
  const changes: LaterChange[] = [];
  const pageNumbers = new Map(after.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const contentsOf = new Map<string, number[]>();
  for (const page of after.getPages()) {
    const contents = page.node.get(N("Contents"));
    for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) {
      if (ref instanceof PDFRef) contentsOf.set(ref.toString(), [...(contentsOf.get(ref.toString()) ?? []), pageNumbers.get(page.ref.toString())!]);
    }
  }

  // Objects reachable from new signature widgets' appearances are part of the signature.
  const allowedObjects = new Set<string>();
  const markReachable = (object: PDFObject | undefined, depth = 0) => {
    if (!(object instanceof PDFRef) || allowedObjects.has(object.toString()) || depth > 20) return;
    allowedObjects.add(object.toString());
    const value = after.context.lookup(object);
    const dict = value instanceof PDFRawStream ? value.dict : value;
    if (dict instanceof PDFDict) for (const [, v] of dict.entries()) walk(v, depth + 1);
    if (value instanceof PDFArray) for (const v of value.asArray()) walk(v, depth + 1);
  };
  const walk = (value: PDFObject, depth: number) => {
    if (value instanceof PDFRef) markReachable(value, depth);
    else if (value instanceof PDFDict) for (const [, v] of value.entries()) walk(v, depth);
    else if (value instanceof PDFArray) for (const v of value.asArray()) walk(v, depth);
  };
  const isSignatureWidget = (dict: PDFDict) => dict.lookup(N("FT")) === N("Sig") || (dict.lookup(N("Subtype")) === N("Widget") && dict.lookup(N("Parent")) !== undefined && (after.context.lookup(dict.get(N("Parent")) as PDFObject) as PDFDict | undefined)?.lookup(N("FT")) === N("Sig"));
  const isSignature = (dict: PDFDict) => dict.lookup(N("Type")) === N("Sig") || (dict.has(N("ByteRange")) && dict.has(N("Contents")));

  const changed: Array<{ ref: PDFRef; old: PDFObject | undefined; now: PDFObject }> = [];
  for (const [ref, now] of after.context.enumerateIndirectObjects()) {
    const old = before.context.lookup(ref);
    if (old !== undefined && serialise(old) === serialise(now)) continue;
    changed.push({ ref, old, now });
  }
  // Only what a new widget brings with it: its appearance and its signature value, not the
  // page it points to (/P), which would let a changed page pass as part of a signature.
  for (const { ref, old, now } of changed) {
    const dict = now instanceof PDFDict ? now : undefined;
    if (dict && !old && isSignatureWidget(dict)) {
      allowedObjects.add(ref.toString());
      const ap = dict.get(N("AP"));
      if (ap) walk(ap, 1);
      const v = dict.get(N("V"));
      if (v) walk(v, 1);
    }
    if (dict?.lookup(N("Type")) === N("Catalog")) {
      const dss = dict.get(N("DSS"));
      if (dss) walk(dss, 1);
    }
  }

  for (const { ref, old, now } of changed) {
    const where = pageNumbers.get(ref.toString());
    const stream = now instanceof PDFRawStream ? now : undefined;
    const dict = now instanceof PDFDict ? now : stream?.dict;
    const type = dict?.lookup(N("Type"));
    if (type === N("XRef") || type === N("ObjStm")) continue;
    // Brought by a new signature, and new itself: an existing object changed is never excused.
    if (allowedObjects.has(ref.toString()) && !old) {
      changes.push({ allowed: true, description: dict && isSignature(dict) ? "a new signature was added" : "a signature field and its appearance were added" });
      continue;
    }
    if (dict && isSignature(dict) && !old) { changes.push({ allowed: true, description: "a new signature was added" }); continue; }
    if (type === N("Catalog") && old instanceof PDFDict && dict && onlyKeysDiffer(old, dict, CATALOG_KEYS)) {
      changes.push({ allowed: true, description: "the document's form or validation data was updated" });
      continue;
    }
    if (old instanceof PDFDict && dict && old.has(N("Fields")) && onlyKeysDiffer(old, dict, FORM_KEYS) && appendsOnly(old.lookup(N("Fields")), dict.lookup(N("Fields")))) {
      changes.push({ allowed: true, description: "the form's field list gained a signature field" });
      continue;
    }
    if (where && old instanceof PDFDict && dict && onlyKeysDiffer(old, dict, new Set(["Annots"]))) {
      const added = addedItems(after, old.lookup(N("Annots")), dict.lookup(N("Annots")));
      if (added && added.every((a) => allowedObjects.has(a.toString()))) {
        changes.push({ allowed: true, description: `a signature field was placed on page ${where}` });
        continue;
      }
      changes.push({ allowed: false, description: `a new annotation was added to page ${where}` });
      continue;
    }
    if (old instanceof PDFArray && now instanceof PDFArray) {
      const added = addedItems(after, old, now);
      if (added && added.every((a) => allowedObjects.has(a.toString()))) {
        changes.push({ allowed: true, description: "a signature field was placed on a page" });
        continue;
      }
    }
    changes.push({ allowed: false, description: describe(ref, old, dict, where, contentsOf) });
  }
  return changes;
}

function describe(ref: PDFRef, old: PDFObject | undefined, dict: PDFDict | undefined, page: number | undefined, contentsOf: ReadonlyMap<string, number[]>): string {
  const pages = contentsOf.get(ref.toString());
  if (pages?.length === 1) return `the content of page ${pages[0]} was changed`;
  if (pages && pages.length > 1) return `content shared by ${pages.length} pages (page ${pages[0]} and others) was changed`;
  if (page) return `page ${page} was changed`;
  const type = dict?.lookup(N("Type"))?.toString().slice(1);
  const subtype = dict?.lookup(N("Subtype"))?.toString().slice(1);
  if (type === "Font" || type === "FontDescriptor" || dict?.has(N("FontFile2")) || dict?.has(N("FontFile"))) return "a font was replaced";
  if (type === "Annot") return `${old ? "an annotation was changed" : "a new annotation was added"}${subtype ? ` (${subtype})` : ""}`;
  if (type === "Catalog") return "the document's catalog was changed beyond its form";
  if (subtype === "Image" || subtype === "Form") return `${old ? "an image or drawing was replaced" : "a new image or drawing was added"}`;
  return `object ${ref.objectNumber} ${old ? "was changed" : "was added"}${type ? ` (${type})` : ""}`;
}

function onlyKeysDiffer(old: PDFDict, now: PDFDict, allowed: ReadonlySet<string>): boolean {
  const keys = new Set([...old.keys(), ...now.keys()].map((k) => k.decodeText()));
  for (const key of keys) {
    if (allowed.has(key)) continue;
    if ((old.get(N(key))?.toString() ?? "") !== (now.get(N(key))?.toString() ?? "")) return false;
  }
  return true;
}

function appendsOnly(old: PDFObject | undefined, now: PDFObject | undefined): boolean {
  const before = old instanceof PDFArray ? old.asArray().map(String) : [];
  const after = now instanceof PDFArray ? now.asArray().map(String) : [];
  return before.every((item, i) => after[i] === item);
}

/** Items appended to an array (resolving references); undefined when earlier items changed. */
function addedItems(doc: PDFDocument, old: PDFObject | undefined, now: PDFObject | undefined): PDFRef[] | undefined {
  const resolve = (v: PDFObject | undefined) => (v instanceof PDFRef ? doc.context.lookup(v) : v);
  const before = resolve(old) instanceof PDFArray ? (resolve(old) as PDFArray).asArray().map(String) : [];
  const afterArray = resolve(now) instanceof PDFArray ? (resolve(now) as PDFArray).asArray() : [];
  if (!before.every((item, i) => afterArray[i]?.toString() === item)) return undefined;
  return afterArray.slice(before.length).filter((v): v is PDFRef => v instanceof PDFRef);
}
