import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from "./objects.ts";
import type { Revision } from "./revisions.ts";

/**
 * The parts of a revision that the rules on later changes speak of: the catalog, the
 * form with its fields, and the pages with their annotations, each with the object
 * number it is written as (undefined when written directly inside its parent).
 */
export interface Structure {
  rootNum: number | undefined;
  catalog: PdfDict | undefined;
  form: { num: number | undefined; dict: PdfDict } | undefined;
  fieldsArray: { num: number | undefined; items: PdfValue[] } | undefined;
  /** Every field in the form, by object number, with its full name. */
  fields: Map<number, Field>;
  pages: Page[];
  /** Page tree nodes (not pages) by object number. */
  pageNodes: Set<number>;
}

export interface Field {
  num: number;
  name: string;
  dict: PdfDict;
  /** /FT, inherited from a parent field when the field does not say. */
  type: string | undefined;
  kids: number[];
}

export interface Page {
  num: number;
  dict: PdfDict;
  annotsNum: number | undefined;
  annots: PdfValue[];
}

const MAX_FIELDS = 100_000;

const structures = new WeakMap<Revision, Structure>();

/** A revision's structure, read once: verify needs each revision's for the signatures and for each update either side of it. */
export function structure(revision: Revision): Structure {
  let read = structures.get(revision);
  if (!read) {
    read = readStructure(revision);
    structures.set(revision, read);
  }
  return read;
}

function readStructure(revision: Revision): Structure {
  const catalog = revision.catalog();
  const result: Structure = { rootNum: revision.root?.num, catalog, form: undefined, fieldsArray: undefined, fields: new Map(), pages: [], pageNodes: new Set() };
  if (!catalog) return result;
  const formValue = catalog.get("AcroForm");
  const form = revision.dict(formValue);
  if (form) {
    result.form = { num: formValue instanceof PdfRef ? formValue.num : undefined, dict: form };
    const fieldsValue = form.get("Fields");
    const items = revision.array(fieldsValue) ?? [];
    result.fieldsArray = { num: fieldsValue instanceof PdfRef ? fieldsValue.num : undefined, items };
    const visit = (value: PdfValue, prefix: string, inherited: string | undefined, depth: number) => {
      if (!(value instanceof PdfRef) || result.fields.has(value.num) || result.fields.size > MAX_FIELDS || depth > 50) return;
      const dict = revision.dict(value);
      if (!dict) return;
      const partial = text(revision.resolve(dict.get("T")));
      const name = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
      const type = dict.name("FT") ?? inherited;
      const kids = revision.array(dict.get("Kids")) ?? [];
      result.fields.set(value.num, { num: value.num, name, dict, type, kids: kids.filter((k): k is PdfRef => k instanceof PdfRef).map((k) => k.num) });
      for (const kid of kids) visit(kid, name, type, depth + 1);
    };
    for (const item of items) visit(item, "", undefined, 0);
  }
  // The page tree, depth first, as readers number pages.
  const stack: Array<{ value: PdfValue | undefined; depth: number }> = [{ value: catalog.get("Pages"), depth: 0 }];
  const seen = new Set<number>();
  const ordered: Array<{ value: PdfValue | undefined; depth: number }> = [];
  while (stack.length) {
    const item = stack.pop()!;
    if (!(item.value instanceof PdfRef) || seen.has(item.value.num) || item.depth > 64) continue;
    seen.add(item.value.num);
    ordered.push(item);
    const dict = revision.dict(item.value);
    if (!dict) continue;
    if (dict.name("Type") === "Pages" || dict.has("Kids")) {
      result.pageNodes.add(item.value.num);
      const kids = revision.array(dict.get("Kids")) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ value: kids[i], depth: item.depth + 1 });
    } else {
      const annotsValue = dict.get("Annots");
      result.pages.push({ num: item.value.num, dict, annotsNum: annotsValue instanceof PdfRef ? annotsValue.num : undefined, annots: revision.array(annotsValue) ?? [] });
    }
  }
  return result;
}

export function text(value: PdfValue | undefined): string | undefined {
  return value instanceof PdfString ? value.text() : undefined;
}

/** Two values the same as written, references compared by number, streams by dictionary and data. */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 100 || a === undefined || b === undefined || a === null || b === null) return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(b.bytes);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i], depth + 1));
  if (a instanceof PdfStream) return b instanceof PdfStream && sameValue(a.dict, b.dict, depth + 1) && Buffer.from(a.data).equals(b.data);
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) if (!sameValue(value, b.get(key), depth + 1)) return false;
    return true;
  }
  return false;
}

/** The keys whose values differ between two dictionaries. */
export function differingKeys(before: PdfDict | undefined, after: PdfDict | undefined): string[] {
  const keys = new Set([...(before?.entries.keys() ?? []), ...(after?.entries.keys() ?? [])]);
  return [...keys].filter((key) => !sameValue(before?.get(key), after?.get(key)));
}
