import { posix } from "node:path";
import type MarkdownIt from "markdown-it";
import { FileReport, type Position } from "../diagnostics/diagnostic.ts";
import type { AcMarker, AcMarkerEnv } from "../markdown/ac-markers.ts";
import { redactNames, type ContactEnv, type ContactFinding } from "../markdown/contacts.ts";
import { displayName, type Contact } from "../network/register.ts";
import { criterionAnchor, relativeUrl, urls } from "../site/urls.ts";
import { unitSlug, URN_PATTERN, type UnitSpec } from "../spec/unit-spec.ts";
import { formatCount } from "../text/format.ts";
import { invisibleIn, misleadingInName, showInvisible, showName } from "../text/invisible.ts";
import { LIMITS } from "../workspace/limits.ts";
import { closest, code } from "../text/suggest.ts";
import { Fields } from "../yaml/fields.ts";
import { isMap, isScalar, isSeq, YamlDocument, type Node, type Scalar } from "../yaml/yaml-document.ts";
import { splitFrontMatter } from "./front-matter.ts";
import dateInvalid from "../diagnostics/rules/date-invalid.ts";
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
      report.add("front-matter-missing", start, "No front matter; start the file with a `---` line, then `title:`, `date:` and `criteria:`, then a closing `---` line");
      return { reflection: undefined, report };
    case "unclosed":
      report.add("front-matter-unclosed", start, "Front matter is opened with `---` but never closed; add a `---` line after the last field");
      return { reflection: undefined, report };
    case "language":
      report.add("front-matter-language", split.at, `Front matter in ${code(split.language)} is refused and was not run; write it in YAML (a plain \`---\` line)`);
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
  const citations = readCitations(fields, context.registered);

  const slug = reflectionSlug(file);
  const body = parseBody(split.body, split.bodyStartLine, citations, context, slug);
  reportContactFindings(report, body.contactFindings, split.bodyStartLine, context.contacts);
  for (const table of body.largeTables) {
    report.add(
      "table-too-large",
      table.at,
      `This table has ${formatCount(table.rows)} rows, more than the ${formatCount(LIMITS.tableRows)} a reflection's table should have (about 20 printed pages); put the data in a CSV file under \`evidence/\`, cite it in \`evidence:\`, and summarise it here`,
    );
  }
  const shownTitle = title ? redactNames(title.value, context.contacts) : undefined;
  if (title && shownTitle?.ids.length) {
    report.add("contact-name-in-text", title.at, `A contact's name is written in the title; write it without the name (it is shown as "${shownTitle.text}")`);
  }
  for (const item of evidence) {
    const misleading = misleadingInName(item.value);
    if (misleading) report.add("field-invalid", item.at, `Evidence path ${code(showName(item.value))} holds ${misleading}, so it shows as something it is not; rename the file and cite it again`);
    for (const finding of fileNameFindings(item.value, context.contacts)) report.add(finding.rule, item.at, finding.message, finding.shared);
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
function readCitations(fields: Fields, registered: readonly string[]): Citation[] {
  const { doc } = fields;
  const node = fields.node("criteria");
  if (node === undefined || (isScalar(node) && node.value === null)) {
    fields.missing("criteria", '["1.1", "2.1"]');
    return [];
  }
  const unit = fields.text("unit");

  if (isMap(node)) {
    if (unit) doc.report.add("field-unknown", fields.keyAt("unit"), "`unit` is not read when `criteria` is a map by unit; remove it, the map's keys name the units");
    if (node.items.length === 0) doc.report.add("criteria-empty", doc.positionOf(node), "`criteria` lists no criterion; cite at least one, such as `R/600/9587: [\"1.1\"]`");
    const citations: Citation[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node;
      const urn = isScalar(key) ? doc.sourceText(key as Scalar) : "";
      const unitAt = doc.positionOf(key);
      if (!URN_PATTERN.test(urn)) {
        const hidden = invisibleIn(urn);
        if (hidden) doc.report.add("field-invalid", unitAt, `Unit ${code(showInvisible(urn))} in \`criteria\` holds an invisible character (${hidden}), often pasted in from a web page or a document; type it again`);
        else doc.report.add("field-invalid", unitAt, `${code(urn)} in \`criteria\` should be a unit reference number such as ${code("R/600/9587")}`);
        continue;
      }
      citations.push(...readIdList(fields, pair.value as Node | null, urn, unitAt, `criteria: ${urn}`));
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
      doc.report.add(
        "criteria-unit-missing",
        fields.keyAt("criteria"),
        `\`criteria\` does not say which unit; add \`unit:\` with one of ${registered.map(code).join(", ")}, or write \`criteria\` as a map from unit to ids`,
      );
    }
  } else if (!URN_PATTERN.test(urn)) {
    doc.report.add("field-invalid", unit!.at, `\`unit\` ${code(urn)} should be a unit reference number such as ${code("R/600/9587")}`);
    urn = undefined;
  }
  const ids = readIdList(fields, node, urn ?? "", unitAt, "criteria");
  return urn === undefined ? [] : ids;
}

function readIdList(fields: Fields, node: Node | null, urn: string, unitAt: Position | undefined, label: string): Citation[] {
  const { doc } = fields;
  if (!isSeq(node)) {
    doc.report.add("field-invalid", node ? doc.positionOf(node) : fields.keyAt("criteria"), `\`${label}\` should be a list of ids such as \`["1.1", "2.1"]\``);
    return [];
  }
  if (node.items.length === 0) {
    doc.report.add("criteria-empty", doc.positionOf(node), `\`${label}\` lists no criterion; cite at least one, such as \`["1.1"]\``);
  }
  const citations: Citation[] = [];
  for (const item of node.items) {
    const at = doc.positionOf(item as Node);
    if (!isScalar(item) || item.value === null || typeof item.value === "object") {
      doc.report.add("field-invalid", at, `Each criterion should be an id such as \`1.1\`, found a ${isSeq(item) ? "list" : "mapping"}`);
      continue;
    }
    const id = doc.sourceText(item as Scalar);
    const hidden = invisibleIn(id);
    if (hidden) {
      doc.report.add("field-invalid", at, `Criterion id ${code(showInvisible(id))} holds an invisible character (${hidden}), often pasted in from a web page or a document; type the id again`);
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
      report.add("contact-name-in-text", at, `Contact's name ${code(showInvisible(f.text))} written out; write ${code(`@${contact.id}`)} instead (what is shared shows "${displayName(contact)}")`, `A contact's name is written out here; what is shared shows "${displayName(contact)}"`);
    } else if (f.kind === "email") {
      report.add("contact-email-in-text", at, `Email address ${code(f.text)} in a reflection; remove it, or refer to the person as a contact (@id)`, "An email address in a reflection");
    } else if (f.kind === "phone") {
      report.add("contact-phone-in-text", at, `Phone number ${code(f.text)} in a reflection; remove it, it identifies a person`, "A phone number in a reflection");
    } else if (f.kind === "invisible") {
      report.add("contact-unknown", at, `Contact reference ${code(showInvisible(f.text))} holds an invisible character (${f.hidden}), often pasted in from a web page or a document; type it again`);
    } else {
      const guess = closest(f.id!, [...contacts.keys()]);
      report.add("contact-unknown", at, `Unknown contact ${code(f.text)}; add ${code(f.id!)} to network/contacts.yaml` + (guess ? `, or did you mean ${code(`@${guess}`)}?` : ""));
    }
  }
}

/** Emails, phone numbers and contacts' names in an evidence file's name. */
function fileNameFindings(path: string, contacts: ReadonlyMap<string, Contact>): Array<{ rule: "contact-email-in-text" | "contact-phone-in-text" | "contact-name-in-text"; message: string; shared: string }> {
  const found: Array<{ rule: "contact-email-in-text" | "contact-phone-in-text" | "contact-name-in-text"; message: string; shared: string }> = [];
  if (/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/.test(path)) found.push({ rule: "contact-email-in-text", message: `Evidence file name ${code(path)} holds an email address; rename the file`, shared: "An evidence file's name holds an email address" });
  if (/(?:\+\d{1,3}|0)\d(?:[\s_-]?\d){8,11}/.test(path)) found.push({ rule: "contact-phone-in-text", message: `Evidence file name ${code(path)} holds a phone number; rename the file`, shared: "An evidence file's name holds a phone number" });
  const spaced = path.replace(/[-_.]+/g, " ");
  if (redactNames(spaced, contacts).ids.length) found.push({ rule: "contact-name-in-text", message: `Evidence file name ${code(path)} holds a contact's name; rename the file (it would be shared)`, shared: "An evidence file's name holds a contact's name" });
  return found;
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
