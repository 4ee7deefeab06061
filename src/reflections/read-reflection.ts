import { posix } from "node:path";
import type MarkdownIt from "markdown-it";
import { FileReport, type Position } from "../diagnostics/diagnostic.ts";
import type { AcMarker, AcMarkerEnv } from "../markdown/ac-markers.ts";
import { redactNames, type ContactEnv, type ContactFinding } from "../markdown/contacts.ts";
import { displayName, type Contact } from "../network/register.ts";
import { criterionAnchor, relativeUrl, urls } from "../site/urls.ts";
import { unitSlug, URN_PATTERN, type UnitSpec } from "../spec/unit-spec.ts";
import { invisibleIn, misleadingInName } from "../text/invisible.ts";
import { LIMITS } from "../workspace/limits.ts";
import { closest } from "../text/suggest.ts";
import { Fields } from "../yaml/fields.ts";
import { isMap, isScalar, isSeq, YamlDocument, type Node, type Scalar } from "../yaml/yaml-document.ts";
import { splitFrontMatter } from "./front-matter.ts";
import contactEmailInText from "../diagnostics/rules/contact-email-in-text.ts";
import contactNameInText from "../diagnostics/rules/contact-name-in-text.ts";
import contactPhoneInText from "../diagnostics/rules/contact-phone-in-text.ts";
import contactUnknown from "../diagnostics/rules/contact-unknown.ts";
import criteriaEmpty from "../diagnostics/rules/criteria-empty.ts";
import criteriaUnitMissing from "../diagnostics/rules/criteria-unit-missing.ts";
import dateInvalid from "../diagnostics/rules/date-invalid.ts";
import fieldInvalid from "../diagnostics/rules/field-invalid.ts";
import fieldUnknown from "../diagnostics/rules/field-unknown.ts";
import frontMatterLanguage from "../diagnostics/rules/front-matter-language.ts";
import frontMatterMissing from "../diagnostics/rules/front-matter-missing.ts";
import frontMatterUnclosed from "../diagnostics/rules/front-matter-unclosed.ts";
import tableTooLarge from "../diagnostics/rules/table-too-large.ts";
import { isCalendarDate } from "../text/iso-date.ts";
import { EVIDENCE_TYPES, STATUSES, type Citation, type Marker, type Reflection } from "./reflection.ts";

export const REFLECTION_FIELDS = ["title", "date", "unit", "criteria", "evidence_type", "status", "evidence", "private"] as const;

export interface ReadContext {
  /** URNs registered in portfolio.yaml, to resolve a `criteria` list without `unit:`. */
  registered: readonly string[];
  units: ReadonlyMap<string, UnitSpec>;
  md: MarkdownIt;
  /** Render the body to HTML as well (the site needs it, the check does not). */
  render: boolean;
  /** The network register's contacts, by id. */
  contacts: ReadonlyMap<string, Contact>;
  /** The local preview renders private blocks; builds never do. */
  preview?: boolean;
}

/** Reads one reflection. Undefined (with findings) when its front matter cannot be used. */
export function readReflection(file: string, source: string, context: ReadContext): { reflection: Reflection | undefined; report: FileReport } {
  const report = new FileReport(file);
  const split = splitFrontMatter(source);
  const start: Position = { line: 1, column: 1 };
  switch (split.kind) {
    case "missing":
      report.add(frontMatterMissing, start);
      return { reflection: undefined, report };
    case "unclosed":
      report.add(frontMatterUnclosed, start);
      return { reflection: undefined, report };
    case "language":
      report.add(frontMatterLanguage, split.at, { language: split.language });
      return { reflection: undefined, report };
  }

  const doc = new YamlDocument(split.yaml, report, split.yamlStart);
  if (!doc.ok) return { reflection: undefined, report };
  const fields = Fields.of(doc, doc.root, "front matter", start);
  if (!fields) return { reflection: undefined, report };
  fields.warnUnknownKeys(REFLECTION_FIELDS);

  const title = fields.text("title", { required: "What I learned from ..." });
  const date = readDate(fields);
  const status = fields.oneOf("status", STATUSES);
  const evidenceType = fields.oneOf("evidence_type", EVIDENCE_TYPES);
  const evidence = fields.textList("evidence");
  // A draft may cite nothing yet: `portfolio new` writes `criteria: []` for the learner to fill.
  const citations = readCitations(fields, context.registered, status?.value === "draft");

  const slug = reflectionSlug(file);
  const body = parseBody(split.body, split.bodyStartLine, citations, context, slug);
  reportContactFindings(report, body.contactFindings, split.bodyStartLine, context.contacts);
  for (const table of body.largeTables) report.add(tableTooLarge, table.at, { rows: table.rows, limit: LIMITS.tableRows });
  const shownTitle = title ? redactNames(title.value, context.contacts) : undefined;
  if (title && shownTitle?.ids.length) {
    report.add(contactNameInText, title.at, { kind: "title", shownAs: shownTitle.text });
  }
  for (const item of evidence) {
    const misleading = misleadingInName(item.value);
    if (misleading) report.add(fieldInvalid, item.at, { kind: "misleadingPath", path: item.value, holds: misleading });
    reportFileName(report, item.at, item.value, context.contacts);
  }

  // A reflection with a bad title or date is still compared with the specs, so every
  // finding shows at once; the errors already reported keep it out of any build.
  return {
    report,
    reflection: {
      file,
      slug,
      title: shownTitle?.text ?? slug,
      date: date ?? "",
      status: status?.value ?? "final",
      private: fields.boolean("private")?.value ?? false,
      evidenceType,
      evidence,
      citations,
      body: body.body,
      bodyStartLine: body.bodyStartLine,
      markers: body.markers,
      misplacedMarkers: body.misplacedMarkers,
      html: body.html,
      words: body.words,
    },
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function readDate(fields: Fields): string | undefined {
  const date = fields.text("date", { required: "2026-01-14" });
  if (!date) return undefined;
  const match = DATE.exec(date.value);
  const real = match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  if (!real) {
    fields.doc.report.add(dateInvalid, date.at, { written: date.value, laidOut: match !== null });
    // Kept as written, so the site and the preview show the learner what they wrote.
    return date.value;
  }
  return date.value;
}


/**
 * `criteria` is a list of ids with `unit:` (implied when one unit is registered), or a map
 * from URN to a list of ids. Ids are taken from the source text, never from YAML's reading
 * of them as numbers, so `1.10` stays `1.10`.
 */
function readCitations(fields: Fields, registered: readonly string[], draft: boolean): Citation[] {
  const { doc } = fields;
  const node = fields.node("criteria");
  if (node === undefined || (isScalar(node) && node.value === null)) {
    fields.missing("criteria", '["1.1", "2.1"]');
    return [];
  }
  const unit = fields.text("unit");

  if (isMap(node)) {
    if (unit) doc.report.add(fieldUnknown, fields.keyAt("unit"), { kind: "unitWithMap" });
    if (node.items.length === 0 && !draft) doc.report.add(criteriaEmpty, doc.positionOf(node), { kind: "map" });
    const citations: Citation[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node;
      const urn = isScalar(key) ? doc.sourceText(key as Scalar) : "";
      const unitAt = doc.positionOf(key);
      if (!URN_PATTERN.test(urn)) {
        const hidden = invisibleIn(urn);
        if (hidden) doc.report.add(fieldInvalid, unitAt, { kind: "invisible", of: "criteriaUnit", written: urn, hidden });
        else doc.report.add(fieldInvalid, unitAt, { kind: "notUrn", field: "criteria", written: urn });
        continue;
      }
      citations.push(...readIdList(fields, pair.value as Node | null, urn, unitAt, urn, draft));
    }
    return citations;
  }

  if (!isSeq(node)) {
    fields.invalid("criteria", node, 'a list of criterion ids (`["1.1", "2.1"]`) or a map from unit to ids');
    return [];
  }
  let urn = unit?.value;
  let unitAt = unit?.at;
  if (urn === undefined) {
    if (registered.length === 1) urn = registered[0];
    else if (registered.length > 1) {
      doc.report.add(criteriaUnitMissing, fields.keyAt("criteria"), { registered });
    }
  } else if (!URN_PATTERN.test(urn)) {
    doc.report.add(fieldInvalid, unit!.at, { kind: "notUrn", field: "unit", written: urn });
    urn = undefined;
  }
  const ids = readIdList(fields, node, urn ?? "", unitAt, undefined, draft);
  return urn === undefined ? [] : ids;
}

/** The ids of one list: `criteria` itself, or the list of `mapUnit` where `criteria` is a map by unit. */
function readIdList(fields: Fields, node: Node | null, urn: string, unitAt: Position | undefined, mapUnit: string | undefined, draft: boolean): Citation[] {
  const { doc } = fields;
  if (!isSeq(node)) {
    doc.report.add(fieldInvalid, node ? doc.positionOf(node) : fields.keyAt("criteria"), { kind: "idsNotList", unit: mapUnit });
    return [];
  }
  if (node.items.length === 0 && !draft) doc.report.add(criteriaEmpty, doc.positionOf(node), { kind: "list", unit: mapUnit });
  const citations: Citation[] = [];
  for (const item of node.items) {
    const at = doc.positionOf(item as Node);
    if (!isScalar(item) || item.value === null || typeof item.value === "object") {
      doc.report.add(fieldInvalid, at, { kind: "criterionNotId", found: isSeq(item) ? "list" : "mapping" });
      continue;
    }
    const id = doc.sourceText(item as Scalar);
    const hidden = invisibleIn(id);
    if (hidden) {
      doc.report.add(fieldInvalid, at, { kind: "invisible", of: "criterionId", written: id, hidden });
      continue;
    }
    citations.push({ urn, id, at, unitAt: unitAt ?? at });
  }
  return citations;
}

function countWords(text: string): number {
  let words = 0;
  for (const _ of text.matchAll(/\S+/g)) words += 1;
  return words;
}

/**
 * The page name of a reflection, from its path under `reflections/`:
 * `reflections/2026-01-14-Mapping.md` → `2026-01-14-mapping`, `reflections/unit-a/x.md` → `unit-a-x`.
 */
export function reflectionSlug(file: string): string {
  const path = file.replace(/^reflections\//, "").slice(0, -posix.extname(file).length || undefined);
  return path.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "reflection";
}

/**
 * How a rendering links its AC badges: the badge's anchor, and where the badge points for
 * a criterion of a unit. The site links to the unit page; the PDF to the evidence map.
 */
export interface MarkerLinks {
  anchor(base: string): string;
  href(unit: UnitSpec, criterionId: string): string;
}

/** The site's links, from the reflection page at `/reflections/<slug>/`. */
export function siteMarkerLinks(slug: string): MarkerLinks {
  const unitLinks = new Map<string, string>();
  const pageUrl = urls.reflection(slug);
  return {
    anchor: (base) => base,
    href: (unit, id) => {
      if (!unitLinks.has(unit.slug)) unitLinks.set(unit.slug, relativeUrl(pageUrl, urls.unit(unit.slug)));
      return `${unitLinks.get(unit.slug)}#${criterionAnchor(id)}`;
    },
  };
}

/**
 * Gives each marker its unit (from the marker, or from the one cited unit that has the
 * id), a unique anchor, and a link when the unit has the criterion.
 */
function resolveMarkers(found: readonly AcMarker[], citations: readonly Citation[], units: ReadonlyMap<string, UnitSpec>, links: MarkerLinks): Array<AcMarker & { ambiguous: boolean }> {
  const citedUnits = [...new Set(citations.map((c) => c.urn))];
  const anchors = new Map<string, number>();
  return found.map((marker) => {
    const candidates = marker.writtenUrn ? [marker.writtenUrn] : [...new Set(citations.filter((c) => c.id === marker.id).map((c) => c.urn))];
    const urn = candidates.length === 1 ? candidates[0] : candidates.length === 0 && citedUnits.length === 1 ? citedUnits[0] : undefined;
    const base = urn ? `ac-${unitSlug(urn)}-${marker.id.replace(/\./g, "-")}` : `ac-${marker.id.replace(/\./g, "-")}`;
    const seen = (anchors.get(base) ?? 0) + 1;
    anchors.set(base, seen);
    const unit = urn ? units.get(urn) : undefined;
    const known = unit?.outcomes.some((o) => o.criteria.some((c) => c.id === marker.id));
    return Object.assign(marker, {
      urn,
      anchor: links.anchor(seen === 1 ? base : `${base}-${seen}`),
      href: unit && known ? links.href(unit, marker.id) : undefined,
      showUnit: citedUnits.length > 1,
      ambiguous: candidates.length > 1,
    });
  });
}

/** Renders a reflection's body again with other links (the PDF's), from its source. */
export function renderReflectionBody(reflection: Reflection, md: MarkdownIt, units: ReadonlyMap<string, UnitSpec>, links: MarkerLinks, contacts: ReadonlyMap<string, Contact>): string {
  const env: AcMarkerEnv & ContactEnv = { contacts, hidePrivate: true };
  const tokens = md.parse(reflection.body, env);
  resolveMarkers(env.acMarkers ?? [], reflection.citations, units, links);
  return md.renderer.render(tokens, md.options, env);
}

/** Turns what the contacts rule found into findings at their place in the file. */
function reportContactFindings(report: FileReport, findings: readonly ContactFinding[], bodyStartLine: number, contacts: ReadonlyMap<string, Contact>): void {
  for (const f of findings) {
    const at = { line: bodyStartLine + f.line - 1, column: f.column };
    if (f.kind === "name") {
      const contact = contacts.get(f.id!)!;
      report.add(contactNameInText, at, { kind: "text", written: f.text, id: contact.id, shownAs: displayName(contact) });
    } else if (f.kind === "email") {
      report.add(contactEmailInText, at, { kind: "text", written: f.text });
    } else if (f.kind === "phone") {
      report.add(contactPhoneInText, at, { kind: "text", written: f.text });
    } else if (f.kind === "invisible") {
      report.add(contactUnknown, at, { kind: "invisible", written: f.text, hidden: f.hidden! });
    } else {
      report.add(contactUnknown, at, { kind: "unknown", written: f.text, id: f.id!, guess: closest(f.id!, [...contacts.keys()]) });
    }
  }
}

/** Emails, phone numbers and contacts' names in an evidence file's name, reported where it is cited. */
function reportFileName(report: FileReport, at: Position, path: string, contacts: ReadonlyMap<string, Contact>): void {
  if (/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/.test(path)) report.add(contactEmailInText, at, { kind: "fileName", path });
  if (/(?:\+\d{1,3}|0)\d(?:[\s_-]?\d){8,11}/.test(path)) report.add(contactPhoneInText, at, { kind: "fileName", path });
  const spaced = path.replace(/[-_.]+/g, " ");
  if (redactNames(spaced, contacts).ids.length) report.add(contactNameInText, at, { kind: "fileName", path });
}

/** Finds the body's markers (resolving each to its unit) and renders it if asked. */
function parseBody(body: string, bodyStartLine: number, citations: readonly Citation[], context: ReadContext, slug: string) {
  const env: AcMarkerEnv & ContactEnv = { contacts: context.contacts, hidePrivate: !context.preview };
  const tokens = context.md.parse(body, env);
  const toFile = (line: number, column: number): Position => ({ line: bodyStartLine + line - 1, column });
  const markers: Marker[] = resolveMarkers(env.acMarkers ?? [], citations, context.units, siteMarkerLinks(slug)).map((marker) =>
    Object.assign(marker, { at: toFile(marker.line, marker.column) }),
  );
  const largeTables: Array<{ at: Position; rows: number }> = [];
  let table: { line: number; rows: number } | undefined;
  for (const token of tokens) {
    if (token.type === "table_open") table = { line: (token.map?.[0] ?? 0) + 1, rows: 0 };
    else if (token.type === "tr_open" && table) table.rows++;
    else if (token.type === "table_close" && table) {
      // The header row is not data.
      if (table.rows - 1 > LIMITS.tableRows) largeTables.push({ at: toFile(table.line, 1), rows: table.rows - 1 });
      table = undefined;
    }
  }
  return {
    largeTables,
    body,
    bodyStartLine,
    markers,
    misplacedMarkers: (env.acMarkerProblems ?? []).map((p) => ({ ...p, at: toFile(p.line, p.column) })),
    contactFindings: env.contactFindings ?? [],
    html: context.render ? context.md.renderer.render(tokens, context.md.options, env) : undefined,
    words: context.render ? countWords(body) : 0,
  };
}
