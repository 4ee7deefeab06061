import { PdfDict, PdfRef, PdfStream, type PdfValue } from "./pdf-reader/objects.ts";
import { BrokenPdfError, IN_OBJECT_STREAM, type Revision } from "./pdf-reader/revisions.ts";
import { differingKeys, sameValue, structure, text, type Field, type Structure } from "./pdf-reader/structure.ts";
import { roleTitles } from "./roles.ts";
import { overlap, roleBoxes } from "./signature-boxes.ts";
import { appearanceDraws, namesDrawn, rectOf, showsSomething } from "./appearances.ts";
import { describe } from "./describe-change.ts";

export type ChangeKind = "signature" | "timestamp" | "validation-data" | "metadata" | "comment" | "signature-field" | "other";

export interface LaterChange {
  allowed: boolean;
  kind: ChangeKind;
  /** A sentence a verifier understands: "the content of page 3 was changed". */
  description: string;
  /** The revision (1-based) that made the change. */
  revision: number;
  /** A reader's comment, allowed: where, by whom, what it says (for `verify --format json`). */
  comment?: ReaderComment;
}

/** A comment a PDF reader added after a signature: a sticky note, a highlight, a reply. */
export interface ReaderComment {
  /** 1-based. */
  page: number;
  /** What kind of comment, as the reader's tools name it ("sticky note", "highlight"); a pop-up is part of its comment, not one of its own. */
  kind: string;
  /** Its author (/T), as the reader recorded it. */
  author: string | undefined;
  /** What it says (/Contents), as written. */
  text: string | undefined;
}

/** Annotations a PDF reader's comment tools add, which change nothing the document says. */
const COMMENTS: Record<string, string> = {
  Text: "a sticky note",
  Highlight: "a highlight",
  Underline: "an underline",
  StrikeOut: "a strike-out",
  Squiggly: "a squiggly underline",
  Popup: "a comment's pop-up",
};
/** Keys a catalog may change when signatures, validation data or metadata are added. */
const CATALOG_KEYS = new Set(["AcroForm", "DSS", "Extensions", "Metadata", "Version"]);
/** Keys a form may change when a signature field is added. */
const FORM_KEYS = new Set(["Fields", "SigFlags", "DR", "DA", "NeedAppearances"]);
/** Keys a signature field may change when it is signed. */
const SIGNING_KEYS = new Set(["V", "AP", "MK", "F", "Lock"]);

/**
 * What one incremental update changed, judged as pyHanko's difference analysis does and
 * by what a reader shows: every object reachable from the new revision's catalog that
 * differs from the revision before is either explained by a rule below or refused in a
 * sentence. Allowed: signature fields whose /V holds a signature (each signature is
 * verified on its own), empty signature fields with no appearance, document timestamps,
 * validation data (/DSS), XMP metadata, and the comments a reader adds (sticky notes,
 * highlights, underline, strike-out, pop-ups), which are listed. Objects nothing reaches
 * (left-over copies, unused objects) change nothing a reader shows and are ignored.
 */
export function updateChanges(before: Revision, after: Revision): LaterChange[] {
  return new UpdateAnalysis(before, after).run();
}

class UpdateAnalysis {
  private readonly changes: LaterChange[] = [];
  private readonly changed = new Set<number>();
  /** Changed objects a rule has judged, allowed or not. */
  private readonly explained = new Set<number>();
  /** Changed objects a rule allows only as reached through one edge (`owner|Key`); reached any other way, refused. */
  private readonly explainedVia = new Map<number, string>();
  /** `num|Key/Sub` edges into data no reader draws (validation data, metadata): not walked. */
  private readonly skipEdges = new Set<string>();
  /** `num|Key/Sub` edges into what an allowed change brought (a signature and its appearance, new resources): new objects there are expected. */
  private readonly newAllowed = new Set<string>();
  /** Widgets of signature fields added or signed in this update. */
  private readonly signatureWidgets = new Set<number>();
  private readonly revision: number;
  private old!: Structure;
  private now!: Structure;
  private boxes: ReturnType<typeof roleBoxes> | undefined;

  constructor(private readonly before: Revision, private readonly after: Revision) {
    this.revision = after.index + 1;
  }

  private add(allowed: boolean, kind: ChangeKind, description: string, comment?: ReaderComment): void {
    if (!this.changes.some((c) => c.description === description && c.allowed === allowed)) this.changes.push({ allowed, kind, description, revision: this.revision, ...(comment ? { comment } : {}) });
  }

  private refuse(description: string): void {
    this.add(false, "other", description);
  }

  run(): LaterChange[] {
    this.findChanged();
    this.trailer();
    if (this.after.root?.num !== this.before.root?.num) return this.changes;
    try {
      this.old = structure(this.before);
      this.now = structure(this.after);
    } catch (error) {
      if (!(error instanceof BrokenPdfError)) throw error;
      this.refuse(error.message);
      return this.changes;
    }
    this.catalog();
    this.form();
    this.pages();
    this.walk();
    return this.changes;
  }

  /** Objects whose value differs: entries that moved, then compared by value (rewritten copies are not changes). */
  private findChanged(): void {
    const { before, after } = this;
    const moved = new Set<number>();
    const size = Math.max(before.size, after.size);
    for (let num = 0; num < size; num++) if (!after.sameEntry(before, num)) moved.add(num);
    // An object in an object stream changes when its stream is replaced.
    for (let num = 0; num < after.size; num++) if (after.kinds[num] === IN_OBJECT_STREAM && moved.has(after.first[num]!)) moved.add(num);
    const read = (revision: Revision, num: number): PdfValue | typeof BROKEN => {
      try {
        return revision.object(num);
      } catch (error) {
        if (error instanceof BrokenPdfError) return BROKEN;
        throw error;
      }
    };
    for (const num of moved) {
      const a = read(before, num);
      const b = read(after, num);
      if (a === BROKEN || b === BROKEN || !sameValue(a, b)) this.changed.add(num);
    }
  }

  private trailer(): void {
    const { before, after } = this;
    if (after.root?.num !== before.root?.num) this.refuse("the trailer points to a new catalog, which replaces the whole document");
    if (!sameValue(before.trailer.get("Encrypt"), after.trailer.get("Encrypt"))) this.refuse("the document's encryption was changed");
    const info = (r: Revision) => { try { return r.dict(r.trailer.get("Info")); } catch { return undefined; } };
    const [was, now] = [info(before), info(after)];
    if (!sameValue(was, now)) {
      const keys = differingKeys(was, now);
      const title = keys.includes("Title") ? text(after.resolve(now?.get("Title"))) : undefined;
      this.add(true, "metadata", `the document information was updated (${keys.map((k) => (k === "Title" && title !== undefined ? `Title: “${title}”` : k)).join(", ")})`);
    }
  }

  private catalog(): void {
    const { old, now } = this;
    const root = now.rootNum;
    if (root === undefined) return;
    this.skipEdges.add(`${root}|DSS`);
    this.skipEdges.add(`${root}|Metadata`);
    // Developer extensions written apart may be rewritten, the catalog itself unchanged.
    const extensions = now.catalog?.get("Extensions");
    const extensionsRewritten = extensions instanceof PdfRef && this.changed.has(extensions.num) && sameValue(extensions, old.catalog?.get("Extensions"));
    if (extensionsRewritten) this.extensions();
    if (!this.changed.has(root)) return;
    this.explained.add(root);
    for (const key of differingKeys(old.catalog, now.catalog)) {
      if (key === "DSS") this.add(true, "validation-data", "validation data (certificates, revocation data) was added");
      else if (key === "Metadata") this.add(true, "metadata", "the document's XMP metadata was updated");
      else if (key === "Extensions") this.extensions();
      else if (!CATALOG_KEYS.has(key)) this.refuse(key === "Pages" ? "the catalog was made to point to another page tree" : `the document's catalog changed its /${key}${key === "OpenAction" || key === "AA" || key === "Names" ? " (actions or scripts can run from it)" : ""}`);
    }
  }

  /** Developer extensions may gain entries; the ones already there stay as they were. */
  private extensions(): void {
    const before = this.before.dict(this.old.catalog?.get("Extensions"));
    const value = this.now.catalog?.get("Extensions");
    const after = this.after.dict(value);
    // Allowed as the catalog's /Extensions only: the same object used for anything else is not.
    if (value instanceof PdfRef && this.now.rootNum !== undefined) this.explainedVia.set(value.num, `${this.now.rootNum}|Extensions`);
    for (const key of differingKeys(before, after)) {
      if (before?.has(key)) this.refuse(`the developer extension ${key} declared before signing was overridden`);
      else this.add(true, "metadata", `the developer extension ${key} was declared`);
    }
  }

  private form(): void {
    const { old, now } = this;
    if (!now.form) {
      if (old.form) this.refuse("the form was removed");
      return;
    }
    if (now.form.num !== undefined && this.changed.has(now.form.num)) this.explained.add(now.form.num);
    for (const key of differingKeys(old.form?.dict, now.form.dict)) {
      if (!FORM_KEYS.has(key)) this.refuse(`the form changed its /${key}`);
    }
    const formOwner = now.form.num ?? now.rootNum ?? -1;
    this.resources(old.form?.dict.get("DR"), now.form.dict.get("DR"), formOwner, now.form.num === undefined ? "AcroForm/DR" : "DR", "the form", () => new Set());
    if (now.form.dict.get("NeedAppearances") === true && old.form?.dict.get("NeedAppearances") !== true) {
      this.refuse("the form now asks readers to redraw its fields (/NeedAppearances), so a field can show something other than what was signed");
    }
    const fieldsNum = now.fieldsArray?.num;
    if (fieldsNum !== undefined && this.changed.has(fieldsNum)) this.explained.add(fieldsNum);
    const before = (old.fieldsArray?.items ?? []).map(refNum);
    const after = (now.fieldsArray?.items ?? []).map(refNum);
    for (const num of before) {
      if (num === undefined || after.includes(num)) continue;
      const name = old.fields.get(num)?.name;
      this.refuse(name ? `the form field ${name} was removed` : "a form field was removed");
    }
    for (const field of now.fields.values()) this.field(field);
  }

  private field(field: Field): void {
    if (this.explained.has(field.num)) return;
    const oldField = this.old.fields.get(field.num);
    const known = oldField !== undefined;
    if (known && !this.changed.has(field.num)) return;
    const name = field.name || `object ${field.num}`;
    this.explained.add(field.num);
    if (known) {
      const keys = differingKeys(oldField.dict, field.dict);
      const signedNow = field.type === "Sig" && !oldField.dict.has("V") && field.dict.has("V");
      if (signedNow && keys.every((k) => SIGNING_KEYS.has(k))) {
        this.signed(field, `the signature field ${name} was signed`);
        return;
      }
      if (field.type === "Sig" && oldField.dict.has("V")) this.refuse(`the signature in field ${name} was replaced or changed`);
      else if (field.type === "Sig") this.refuse(`the signature field ${name} was changed (${keys.map((k) => `/${k}`).join(", ")})`);
      else this.refuse(`the form field ${name} was filled in or changed`);
      return;
    }
    // A widget kid is judged with its field; a field that only groups others, by its kids.
    if (!field.dict.has("T") && [...this.now.fields.values()].some((f) => f.kids.includes(field.num))) return;
    if (!field.dict.has("FT") && field.kids.length && !field.dict.has("Subtype")) return;
    if (field.type !== "Sig") {
      this.refuse(`a new form field ${name} was added (${field.type ?? "of no type"})`);
      return;
    }
    if (field.dict.has("V")) this.signed(field, `a signature was added in field ${name}`);
    else this.emptySignatureField(field, name);
  }

  /** The widgets of a field: the field itself when merged with its widget, else its kids. */
  private widgets(field: Field): Array<{ num: number; dict: PdfDict }> {
    if (field.dict.has("Subtype") || field.kids.length === 0) return [{ num: field.num, dict: field.dict }];
    return field.kids.map((num) => ({ num, dict: this.after.dict(new PdfRef(num, 0)) ?? new PdfDict(new Map()) }));
  }

  private signed(field: Field, description: string): void {
    const name = field.name || `object ${field.num}`;
    const value = this.after.resolve(field.dict.get("V"));
    const sig = value instanceof PdfDict ? value : undefined;
    if (!sig || !(sig.has("ByteRange") && sig.has("Contents"))) {
      this.refuse(`the signature field ${name} was given a value that is not a signature`);
      return;
    }
    const widgets = this.widgets(field);
    // Refused or not, the field's widgets and what they bring are judged here, once.
    this.judgedWidgets(widgets);
    this.newAllowed.add(`${field.num}|V`);
    if (!this.widgetsAreSafe(widgets, name) || !this.drawnInItsOwnPlace(widgets, name)) return;
    const timestamp = sig.name("Type") === "DocTimeStamp" || sig.name("SubFilter") === "ETSI.RFC3161";
    this.add(true, timestamp ? "timestamp" : "signature", timestamp ? `a document timestamp was added in field ${name}` : description);
  }

  /**
   * A signature drawn over what was there when earlier signatures were made (another
   * signature, a comment, a link) or over another role's box on the declaration, would
   * show the reader something else in that place: the Sneaky Signature attack.
   */
  private drawnInItsOwnPlace(widgets: Array<{ num: number; dict: PdfDict }>, name: string): boolean {
    for (const widget of widgets) {
      if (!showsSomething(this.after, widget.dict)) continue;
      const rect = rectOf(this.after, widget.dict);
      if (!rect) continue;
      const index = this.now.pages.findIndex((p) => p.annots.some((a) => a instanceof PdfRef && a.num === widget.num));
      if (index < 0) continue;
      const where = `page ${index + 1}`;
      this.boxes ??= roleBoxes(this.after, this.now.pages);
      const box = this.boxes.find((b) => b.page.num === this.now.pages[index]!.num && b.role !== name && overlap(b.rect, rect) > 1);
      if (box) {
        this.refuse(`the signature in field ${name} is drawn over the ${roleTitles[box.role].toLowerCase()}'s ${box.kind === "record" ? "record" : "box"} on ${where}`);
        return false;
      }
      for (const annot of this.old.pages[index]?.annots ?? []) {
        const earlier = this.before.dict(annot);
        const earlierRect = earlier && rectOf(this.before, earlier);
        if (!earlier || !earlierRect || (annot instanceof PdfRef && annot.num === widget.num)) continue;
        // A pop-up shows only when opened, and a hidden annotation not at all: nothing is covered.
        if (earlier.name("Subtype") === "Popup" || !showsSomething(this.before, earlier)) continue;
        if (overlap(earlierRect, rect) > 1) {
          const label = text(this.before.resolve(earlier.get("T")));
          this.refuse(`the signature in field ${name} is drawn over an earlier ${earlier.name("Subtype") === "Widget" ? `form field${label ? ` (${label})` : ""}` : `${earlier.name("Subtype") ?? ""} annotation`.trim()} on ${where}`);
          return false;
        }
      }
    }
    return true;
  }

  private emptySignatureField(field: Field, name: string): void {
    const widgets = this.widgets(field);
    this.judgedWidgets(widgets);
    if (!this.widgetsAreSafe(widgets, name)) return;
    const visible = widgets.filter((w) => showsSomething(this.after, w.dict));
    if (visible.length) {
      this.refuse(`an unsigned signature field ${name} with an appearance was added: it shows a signature that no one made`);
      return;
    }
    this.add(true, "signature-field", `an empty signature field ${name} was added`);
  }

  /** Widgets a rule on their field has judged: not judged again as annotations, their appearances' new objects expected. */
  private judgedWidgets(widgets: Array<{ num: number; dict: PdfDict }>): void {
    for (const widget of widgets) {
      this.signatureWidgets.add(widget.num);
      this.explained.add(widget.num);
      this.newAllowed.add(`${widget.num}|AP`);
    }
  }

  private widgetsAreSafe(widgets: Array<{ num: number; dict: PdfDict }>, name: string): boolean {
    for (const { dict } of widgets) {
      const subtype = dict.name("Subtype");
      if (subtype !== "Widget") {
        this.refuse(`the signature field ${name} is drawn by a${/^[AEIOU]/.test(subtype ?? "") ? "n" : ""} ${subtype ?? "untyped"} annotation, not a signature widget`);
        return false;
      }
      if (dict.has("A") || dict.has("AA")) {
        this.refuse(`the signature field ${name} carries actions (such as JavaScript) that run when the page is opened or the field is touched`);
        return false;
      }
    }
    return true;
  }

  /**
   * Resources may gain entries nothing draws yet, as signing tools add their appearance's
   * font to the page or the form; an entry that was there and changed, or a new one the
   * content already names (prepared before signing, to be filled in after), is refused.
   */
  private resources(beforeValue: PdfValue | undefined, afterValue: PdfValue | undefined, owner: number, path: string, where: string, drawn: () => Set<string> | undefined): void {
    const before = this.before.dict(beforeValue);
    const after = this.after.dict(afterValue);
    const [resOwner, resPath] = afterValue instanceof PdfRef ? [afterValue.num, ""] : [owner, path];
    if (afterValue instanceof PdfRef && this.changed.has(afterValue.num)) this.explained.add(afterValue.num);
    const join = (a: string, b: string) => (a ? `${a}/${b}` : b);
    let used: Set<string> | undefined | null = null;
    for (const category of new Set([...(before?.entries.keys() ?? []), ...(after?.entries.keys() ?? [])])) {
      if (category === "ProcSet") continue;
      const oldSub = this.before.dict(before?.get(category));
      const subValue = after?.get(category);
      const newSub = this.after.dict(subValue);
      if (sameValue(oldSub, newSub)) continue;
      if (!newSub) { this.refuse(`${where}'s /${category} resources were removed`); continue; }
      const [subOwner, subPath] = subValue instanceof PdfRef ? [subValue.num, ""] : [resOwner, join(resPath, category)];
      if (subValue instanceof PdfRef && this.changed.has(subValue.num)) this.explained.add(subValue.num);
      for (const name of differingKeys(oldSub, newSub)) {
        if (oldSub?.has(name)) { this.refuse(`${where}'s resource /${name} was replaced`); continue; }
        if (used === null) used = drawn();
        if (used === undefined) { this.refuse(`${where} gained the resource /${name}, and its content cannot be read to tell whether it draws it`); continue; }
        if (used.has(name)) { this.refuse(`${where} draws /${name}, a resource added after signing`); continue; }
        this.newAllowed.add(`${subOwner}|${join(subPath, name)}`);
      }
    }
  }

  private pages(): void {
    const { old, now } = this;
    for (const num of now.pageNodes) if (this.changed.has(num)) this.explained.add(num);
    if (old.pages.length !== now.pages.length) {
      this.refuse(`pages were ${now.pages.length > old.pages.length ? "added" : "removed"} (${old.pages.length} before, ${now.pages.length} now)`);
      for (const page of now.pages) if (!old.pages.some((p) => p.num === page.num)) this.explained.add(page.num);
      return;
    }
    now.pages.forEach((page, i) => {
      const before = old.pages[i]!;
      const where = `page ${i + 1}`;
      if (before.num !== page.num) { this.refuse(`${where} was replaced by another page`); return; }
      if (this.changed.has(page.num)) {
        this.explained.add(page.num);
        const keys = differingKeys(before.dict, page.dict).filter((k) => k !== "Annots" && k !== "Resources");
        if (keys.length) this.refuse(`${where} was changed (${keys.map((k) => `/${k}`).join(", ")})`);
      }
      this.resources(before.dict.get("Resources"), page.dict.get("Resources"), page.num, "Resources", where, () => namesDrawn(this.after, page.dict));
      if (page.annotsNum !== undefined && this.changed.has(page.annotsNum)) this.explained.add(page.annotsNum);
      const oldAnnots = before.annots.map(refNum);
      const annots = page.annots.map(refNum);
      if (oldAnnots.some((num) => num === undefined ? false : !annots.includes(num))) this.refuse(`an annotation was removed from ${where}`);
      page.annots.forEach((annot, j) => {
        const num = annots[j];
        if (num === undefined) {
          if (!before.annots.some((a) => sameValue(a, annot))) this.refuse(`an annotation written inside ${where} itself was added`);
          return;
        }
        if (!oldAnnots.includes(num)) this.newAnnotation(num, i + 1);
        else if (this.changed.has(num) && !this.explained.has(num)) this.changedAnnotation(num, i + 1);
      });
    });
  }

  private newAnnotation(num: number, page: number): void {
    const where = `page ${page}`;
    this.explained.add(num);
    const dict = this.after.dict(new PdfRef(num, this.after.entry(num)?.second ?? 0));
    const subtype = dict?.name("Subtype") ?? "untyped";
    if (subtype === "Widget") {
      if (!this.signatureWidgets.has(num)) this.refuse(`a form widget that belongs to no new signature field was added to ${where}`);
      return;
    }
    this.comment(num, dict, subtype, page, "added");
  }

  private changedAnnotation(num: number, page: number): void {
    const where = `page ${page}`;
    this.explained.add(num);
    const dict = this.after.dict(new PdfRef(num, this.after.entry(num)?.second ?? 0));
    const subtype = dict?.name("Subtype") ?? "untyped";
    const was = this.before.dict(new PdfRef(num, this.before.entry(num)?.second ?? 0))?.name("Subtype");
    if (was !== subtype || !COMMENTS[subtype]) {
      this.refuse(`an annotation on ${where} was changed (${subtype})`);
      return;
    }
    this.comment(num, dict, subtype, page, "edited");
  }

  /** A comment is allowed when it runs nothing and its appearance draws no text or pictures of its own. */
  private comment(num: number, dict: PdfDict | undefined, subtype: string, page: number, verb: string): void {
    const where = `page ${page}`;
    const what = COMMENTS[subtype];
    if (!dict || !what) {
      const label = subtype === "Link" ? "a link" : subtype === "FreeText" ? "a text box (FreeText)" : `a${/^[AEIOU]/.test(subtype) ? "n" : ""} ${subtype} annotation`;
      this.refuse(`${label} was ${verb === "added" ? "added to" : "changed on"} ${where}`);
      return;
    }
    if (dict.has("A") || dict.has("AA")) {
      this.refuse(`${what} on ${where} carries actions (such as JavaScript)`);
      return;
    }
    const drawing = appearanceDraws(this.after, dict);
    if (drawing) {
      this.refuse(`${what} was ${verb} on ${where} whose appearance ${drawing}, which a comment does not`);
      return;
    }
    this.newAllowed.add(`${num}|AP`);
    const written = text(this.after.resolve(dict.get("Contents")));
    const said = written?.replace(/\s+/g, " ").trim();
    const author = text(this.after.resolve(dict.get("T")))?.trim();
    this.add(true, "comment", `${what} was ${verb} on ${where}${author ? ` by ${author}` : ""}${said ? `: “${said.length > 120 ? `${said.slice(0, 117)}…` : said}”` : ""}`, subtype === "Popup" ? undefined : { page, kind: what.replace(/^an? /, ""), author: author || undefined, text: written?.trim() || undefined });
  }

  /**
   * Everything the new revision's catalog reaches, through every reference, apart from
   * data no reader draws; a changed object found here and not explained above changes
   * what a reader shows. Below an edge an allowed change brought (a new signature's
   * appearance, new resources), new objects are expected, but an object that existed
   * before and changed is still refused: it may be drawn elsewhere too.
   */
  private walk(): void {
    const { after, now } = this;
    const pageOf = new Map(now.pages.map((p, i) => [p.num, i + 1]));
    /** Object number → whether it was visited only below an allowed edge. */
    const visited = new Map<number, boolean>();
    const stack: Array<{ ref: PdfRef; page: number | undefined; key: string; newAllowed: boolean; edge?: string }> = [];
    if (after.root) stack.push({ ref: after.root, page: undefined, key: "", newAllowed: false });
    // Edges are named `owner|Key/Sub`; only objects that have any are worth naming paths in.
    const owners = new Set([...this.skipEdges, ...this.newAllowed, ...this.explainedVia.values()].map((edge) => Number(edge.slice(0, edge.indexOf("|")))));
    const push = (value: PdfValue | undefined, owner: number, path: string, page: number | undefined, newAllowed: boolean, depth: number) => {
      if (depth > 100) return;
      let allowed = newAllowed;
      const named = owners.has(owner);
      if (named) {
        const edge = `${owner}|${path}`;
        if (this.skipEdges.has(edge)) return;
        allowed ||= this.newAllowed.has(edge);
      }
      if (value instanceof PdfRef) stack.push({ ref: value, page, key: path.slice(path.lastIndexOf("/") + 1), newAllowed: allowed, ...(named ? { edge: `${owner}|${path}` } : {}) });
      else if (Array.isArray(value)) for (const item of value) push(item, owner, path, page, allowed, depth + 1);
      else if (value instanceof PdfDict) for (const [k, item] of value.entries) push(item, owner, named ? (path ? `${path}/${k}` : k) : k, page, allowed, depth + 1);
    };
    while (stack.length) {
      const { ref, page: via, key, newAllowed, edge } = stack.pop()!;
      // Reached through the one edge its change is allowed from: judged, and walked, apart.
      const throughIt = edge !== undefined && this.explainedVia.get(ref.num) === edge;
      const slot = throughIt ? -1 - ref.num : ref.num;
      const seen = visited.get(slot);
      if (seen === false || (seen === true && newAllowed)) continue;
      visited.set(slot, newAllowed);
      const page = pageOf.get(ref.num) ?? via;
      let value: PdfValue;
      try {
        value = after.resolve(ref) ?? null;
      } catch (error) {
        if (!(error instanceof BrokenPdfError)) throw error;
        // Reached, and not where the cross-reference says: readers rebuild the table, and may
        // find a copy an update added; what they show is not what was signed.
        this.refuse(page ? `${error.message}, which page ${page} uses` : error.message);
        continue;
      }
      if (this.changed.has(ref.num) && !this.explained.has(ref.num) && !throughIt && !(newAllowed && this.isNew(ref.num))) {
        this.refuse(describe(ref.num, value, this.before, page, key));
      }
      const top = value instanceof PdfStream ? value.dict : value;
      if (top instanceof PdfDict) {
        // A page's /Parent and an annotation's /P lead back up; the walk reaches them from the top.
        for (const [k, item] of top.entries) push(item, ref.num, k, k === "P" || k === "Parent" ? undefined : page, newAllowed, 0);
      } else push(top, ref.num, "", page, newAllowed, 0);
    }
  }

  /** Not in the revision before (never written, or free there). */
  private isNew(num: number): boolean {
    try {
      return this.before.object(num) === null;
    } catch {
      return false;
    }
  }
}

const BROKEN = Symbol("broken");

function refNum(value: PdfValue): number | undefined {
  return value instanceof PdfRef ? value.num : undefined;
}

