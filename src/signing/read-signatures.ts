import { appearanceStreams, contentOf } from "./appearances.ts";
import { PdfDict, PdfParser, PdfRef, PdfStream, PdfString, PdfSyntaxError, type PdfValue } from "./pdf-reader/objects.ts";
import { BrokenPdfError, type PdfFile, type Revision } from "./pdf-reader/revisions.ts";
import { structure, text } from "./pdf-reader/structure.ts";

/** A signature field as found in the PDF, before anything about it is believed. */
export interface FoundSignature {
  field: string;
  /** The signature dictionary's object number, or undefined when written inside the field. */
  num: number | undefined;
  byteRange: number[];
  contents: Uint8Array;
  /** Where the /Contents string lies in the file, [start, end): the gap the byte ranges must leave. */
  contentsSpan: [number, number] | undefined;
  subFilter: string;
  /** /Sig, or /DocTimeStamp for a document timestamp. */
  type: string | undefined;
  /** /M, the signing time the signer claims. */
  time: Date | undefined;
  name: string | undefined;
  reason: string | undefined;
  /** /PortfolioAssessment, a record of decisions `portfolio assess` signed in (UTF-8 JSON), not yet believed. */
  assessment: string | undefined;
  /** The names the widget's appearance shows after "signed by", for comparing with the certificate. */
  appearanceNames: string[];
  /** DocMDP permissions when this is a certification signature: 1 no changes, 2 form filling and signing, 3 also comments. */
  docMdp: number | undefined;
  /** Still in the form of the latest revision. */
  inLatest: boolean;
  /** The file is encrypted, so the dictionary's strings (name, time, appearance) were not read. */
  encrypted: boolean;
}

/**
 * The signature fields that hold a signature, in the form's order: those of the latest
 * revision, then any that only an earlier revision still has (a later update that drops
 * a signature, or that cannot be read, is judged, not believed). `latestUnreadable` says
 * why the latest revision's form could not be read, when it could not.
 */
export function findSignatures(pdf: PdfFile): { found: FoundSignature[]; latestUnreadable: string | undefined } {
  const found: FoundSignature[] = [];
  const seen = new Set<string>();
  let latestUnreadable: string | undefined;
  for (let i = pdf.revisions.length - 1; i >= 0; i--) {
    const revision = pdf.revisions[i]!;
    try {
      for (const sig of signaturesOf(pdf, revision)) {
        const key = `${sig.field}|${sig.byteRange.join(" ")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ ...sig, inLatest: i === pdf.revisions.length - 1 });
      }
    } catch (error) {
      if (!(error instanceof BrokenPdfError || error instanceof PdfSyntaxError)) throw error;
      if (i === pdf.revisions.length - 1) latestUnreadable = error.message;
    }
  }
  return { found, latestUnreadable };
}

function signaturesOf(pdf: PdfFile, latest: Revision): Array<Omit<FoundSignature, "inLatest">> {
  const found: Array<Omit<FoundSignature, "inLatest">> = [];
  for (const field of structure(latest).fields.values()) {
    if (field.type !== "Sig") continue;
    const v = field.dict.get("V");
    const value = latest.resolve(v);
    if (!(value instanceof PdfDict)) continue;
    const num = v instanceof PdfRef ? v.num : undefined;
    const located = num !== undefined ? pdf.objectWithSpans(num, latest) : pdf.objectWithSpans(field.num, latest);
    const dict = located && (num !== undefined ? located.value : (located.value as PdfDict | undefined)?.get?.("V"));
    const span = dict instanceof PdfDict ? dict.spans?.get("Contents") : undefined;
    const range = latest.resolve(value.get("ByteRange"));
    const contents = latest.resolve(value.get("Contents"));
    // In an encrypted file every string but a signature's /Contents is encrypted: its
    // name, time and appearance cannot be read without the password, so none is believed.
    const encrypted = latest.trailer.has("Encrypt");
    const readable = (key: string) => (encrypted ? undefined : text(latest.resolve(value.get(key))));
    found.push({
      field: field.name,
      num,
      byteRange: Array.isArray(range) ? range.map((n) => { const r = latest.resolve(n); return typeof r === "number" ? r : Number.NaN; }) : [],
      contents: contents instanceof PdfString ? contents.bytes : new Uint8Array(),
      // The gap holds only a direct hex string; anything else cannot be what was left out.
      contentsSpan: span && dict instanceof PdfDict && dict.get("Contents") instanceof PdfString ? span : undefined,
      subFilter: value.name("SubFilter") ?? "",
      type: value.name("Type"),
      time: parseDate(readable("M")),
      name: readable("Name"),
      reason: readable("Reason"),
      assessment: assessmentOf(latest, value, encrypted),
      appearanceNames: encrypted ? [] : appearanceNames(latest, field.dict, field.kids),
      encrypted,
      docMdp: docMdp(latest, value),
    });
  }
  return found;
}

function assessmentOf(revision: Revision, sig: PdfDict, encrypted: boolean): string | undefined {
  const value = revision.resolve(sig.get("PortfolioAssessment"));
  if (encrypted || !(value instanceof PdfString)) return undefined;
  return Buffer.from(value.bytes).toString("utf8");
}

function docMdp(revision: Revision, sig: PdfDict): number | undefined {
  for (const item of revision.array(sig.get("Reference")) ?? []) {
    const reference = revision.dict(item);
    if (reference?.name("TransformMethod") !== "DocMDP") continue;
    const p = revision.dict(reference.get("TransformParams"))?.get("P");
    return typeof p === "number" && [1, 2, 3].includes(p) ? p : 2;
  }
  return undefined;
}

/** "Digitally signed by NAME" and the like, read from the strings the widget's appearance draws. */
function appearanceNames(revision: Revision, field: PdfDict, kids: number[]): string[] {
  const widgets = field.has("AP") ? [field] : kids.map((k) => revision.dict(new PdfRef(k, 0))).filter((d): d is PdfDict => d !== undefined);
  const names: string[] = [];
  for (const widget of widgets) {
    for (const stream of appearanceStreams(revision, widget, ["N"], true)) {
      const content = contentOf(revision, stream);
      if (content === undefined) continue;
      const shown = [...content.matchAll(/\((?:\\.|[^\\)])*\)\s*Tj/g)].map((m) => literal(m[0].slice(0, m[0].lastIndexOf(")") + 1))).join("\n");
      // "Digitally signed by Daniel Okafor": a name, not a sentence that goes on ("signed by the authority of").
      for (const match of shown.matchAll(/signed by:?\s*([^\n]+)/gi)) {
        const name = match[1]!.trim();
        if (/^[\p{Lu}\p{Lt}]/u.test(name) && name.split(/\s+/).length <= 8) names.push(name);
      }
    }
  }
  return names;
}

/** A literal string as written in a content stream, decoded (escapes and octal codes). */
function literal(written: string): string {
  try {
    const value = new PdfParser(Buffer.from(written, "latin1")).value(0);
    return value instanceof PdfString ? value.text() : "";
  } catch {
    return "";
  }
}

/** `D:20261122100000Z` or with an offset `+01'00'`. */
export function parseDate(value: string | undefined): Date | undefined {
  const match = value && /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?/.exec(value);
  if (!match) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign === "+" || sign === "-" ? (sign === "+" ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
