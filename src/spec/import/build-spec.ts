import { finding, sortDiagnostics, type Diagnostic, type FactsOf, type ReportedRule } from "../../diagnostics/diagnostic.ts";
import specCriterionEmpty from "../../diagnostics/rules/spec-criterion-empty.ts";
import specFieldMissing from "../../diagnostics/rules/spec-field-missing.ts";
import specNotRecognised from "../../diagnostics/rules/spec-not-recognised.ts";
import specNumbering from "../../diagnostics/rules/spec-numbering.ts";
import { unitSlug, URN_PATTERN, type Criterion, type Guidance, type NosMapping, type Outcome, type UnitSpec } from "../unit-spec.ts";
import { normaliseSpace, type RawGuidance, type RawOutcome, type RawSpec } from "./raw-spec.ts";

export interface ImportResult {
  /** The spec as read; its `urn` is "" where the text gives none (written `urn: null`). */
  spec: UnitSpec | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Gives meaning to what a reader found: metadata, aim, outcomes and criteria (a trailing
 * full stop dropped, as the web form adds them), guidance attached where it belongs, the
 * evidence rules and the NOS mapping. Numbering that skips or repeats is a warning; a spec
 * with no URN or no criteria is an error.
 */
export function buildSpec(raw: RawSpec, file: string): ImportResult {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (rule, line, ...facts) => diagnostics.push(finding(file, rule, { line, column: 1 }, ...facts));
  const field = (label: string) => raw.fields.get(label);
  const section = (...headings: string[]) => raw.sections.find((s) => headings.includes(s.heading.toLowerCase()));
  const paragraphs = (...headings: string[]) => section(...headings)?.paragraphs.map((p) => p.text).join(" ");

  const found = /[A-Z]\/\d{3}\/\d{4}/.exec(field("unit reference number")?.text ?? "")?.[0] ?? findUrn(raw);
  const criteriaCount = raw.outcomes.reduce((n, o) => n + o.criteria.length, 0);
  if (criteriaCount === 0) {
    report(specNotRecognised, Math.max(1, raw.lineCount), { lines: raw.lineCount });
    return { spec: undefined, diagnostics };
  }
  // Never refused for want of a reference number: imported as `urn: null`, to be filled in.
  const urn = found && URN_PATTERN.test(found) ? found : "";
  if (!urn) report(specFieldMissing, 1, { kind: "urn" });

  const outcomes = raw.outcomes.map((o) => buildOutcome(o, report));
  // Numbered outcomes and criteria follow one another; BTEC's grading criteria need not.
  if (raw.outcomes.every((o) => /^\d+$/.test(o.id) && o.criteria.every((c) => /^\d+\.\d+$/.test(c.id)))) checkNumbering(raw.outcomes, report);

  // The first whole number of the value: "4", "Level 4", "30 hours".
  // An Entry level (Entry 1 to 3) is below level 1: no number stands for it, so it is asked for.
  const number = (label: string) => {
    const written = field(label)?.text ?? "";
    const entry = label === "level" && /\bentry\b/i.test(written);
    const value = entry ? Number.NaN : Number.parseInt(/\d+/.exec(written)?.[0] ?? "", 10);
    if (entry) report(specFieldMissing, field(label)!.line, { kind: "entry", written });
    else if (Number.isNaN(value)) report(specFieldMissing, field(label)?.line ?? 1, { kind: "number", label });
    return Number.isNaN(value) ? 0 : value;
  };
  const title = field("unit title")?.text;
  if (!title) report(specFieldMissing, 1, { kind: "title" });
  const allText = raw.sections.flatMap((s) => [...s.paragraphs, ...s.items].map((p) => p.text)).join(" ");

  const spec: UnitSpec = {
    urn,
    title: title ?? "",
    ocrUnitNumber: field("ocr unit number")?.text,
    sectorUnitNumber: field("sector unit number")?.text,
    level: number("level"),
    credit: number("credit value"),
    glh: number("guided learning hours"),
    aim: paragraphs("unit purpose and aim", "unit aim and purpose", "unit aim") ?? field("unit aim")?.text ?? "",
    outcomes,
    guidance: [],
    evidence: {
      simulationAllowed: !/simulation is not (?:allowed|permitted)/i.test(allText),
      requirements: paragraphs("evidence requirements"),
      examples: section("guidance on assessment and evidence requirements")?.items.map((i) => i.text) ?? [],
    },
    assessment: paragraphs("assessment"),
    nos: readNos(paragraphs("national occupational standards (nos) mapping/signposting") ?? ""),
    file,
    urnAt: { line: field("unit reference number")?.line ?? 1, column: 1 },
    slug: unitSlug(urn || title || "unit"),
  };
  return { spec, diagnostics: sortDiagnostics(diagnostics) };
}

function findUrn(raw: RawSpec): string | undefined {
  for (const value of raw.fields.values()) {
    const match = /[A-Z]\/\d{3}\/\d{4}/.exec(value.text);
    if (match) return match[0];
  }
  return undefined;
}

/** A finding of `rule` at a line of the text, from the facts found there. */
type Report = <R extends ReportedRule>(rule: R, line: number, ...facts: FactsOf<R>) => void;

function buildOutcome(raw: RawOutcome, report: Report): Outcome {
  const criteria: Criterion[] = raw.criteria.map((c) => {
    const text = dropFullStop(c.text);
    if (text === "") report(specCriterionEmpty, c.line, { id: c.id });
    return { id: c.id, text, guidance: [], at: { line: c.line, column: 1 }, ...(c.grade ? { grade: c.grade } : {}) };
  });
  const outcome: Outcome = { id: raw.id, text: dropFullStop(raw.text), guidance: [], criteria };
  attachGuidance(raw.guidance, outcome);
  return outcome;
}

/**
 * Where the layout shows which criterion a guidance block belongs to, it goes there:
 * a block whose subject names one criterion ("Ethical issues may relate to" beside
 * "Analyse ethical issues ..."); blocks in the same number as the criteria, one each, in
 * order (a three-column table flattened). Anything else belongs to the outcome.
 */
function attachGuidance(blocks: readonly RawGuidance[], outcome: Outcome): void {
  const unplaced: Array<{ block: RawGuidance; guidance: Guidance }> = [];
  for (const block of blocks) {
    const guidance: Guidance = { heading: block.heading ?? "Guidance", items: block.items.map((i) => dropFullStop(i.text)) };
    const subject = block.heading ? block.heading.replace(/\s+(?:may include|may relate to|could include|might include|includes?|e\.g\.)$/i, "") : block.items[0]?.text ?? "";
    const named = criterionNamedBy(subject, outcome.criteria);
    if (named) named.guidance.push(guidance);
    else unplaced.push({ block, guidance });
  }
  const bare = outcome.criteria.filter((c) => c.guidance.length === 0);
  if (unplaced.length > 0 && unplaced.length === bare.length) {
    unplaced.forEach(({ guidance }, i) => bare[i]!.guidance.push(guidance));
  } else {
    outcome.guidance.push(...unplaced.map((u) => u.guidance));
  }
}

const STOPWORDS = new Set(["a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "may", "of", "on", "or", "that", "the", "this", "to", "will", "with", "your", "own"]);

/** The one criterion sharing the most two-word phrases (not both stopwords) with `subject`. */
function criterionNamedBy(subject: string, criteria: readonly Criterion[]): Criterion | undefined {
  const pairs = (text: string) => {
    const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
    const out = new Set<string>();
    for (let i = 0; i + 1 < words.length; i++) {
      if (!(STOPWORDS.has(words[i]!) && STOPWORDS.has(words[i + 1]!))) out.add(`${words[i]} ${words[i + 1]}`);
    }
    return out;
  };
  const wanted = pairs(subject);
  const scored = criteria.map((c) => ({ c, score: [...pairs(c.text)].filter((p) => wanted.has(p)).length })).filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score);
  return scored.length > 0 && (scored.length === 1 || scored[0]!.score > scored[1]!.score) ? scored[0]!.c : undefined;
}

/** Each outcome and criterion should follow the one before it: 1, 2, 3 and 1.1, 1.2, 1.3. */
function checkNumbering(outcomes: readonly RawOutcome[], report: Report): void {
  const follow = (of: "outcome" | "criterion", id: string, previous: string | undefined, expected: string, line: number) => {
    if (id === expected) return;
    report(specNumbering, line, id === previous ? { of, id, kind: "repeated" } : { of, id, kind: "skipped", previous, expected });
  };
  const next = (id: string) => {
    const parts = id.split(".");
    parts[parts.length - 1] = String(Number(parts.at(-1)) + 1);
    return parts.join(".");
  };
  outcomes.forEach((outcome, index) => {
    const previous = outcomes[index - 1]?.id;
    follow("outcome", outcome.id, previous, previous === undefined ? "1" : next(previous), outcome.line);
    outcome.criteria.forEach((criterion, i) => {
      const before = outcome.criteria[i - 1]?.id;
      follow("criterion", criterion.id, before, before === undefined ? `${outcome.id}.1` : next(before), criterion.line);
    });
  });
}

/** "Management and Leadership A3 Develop your personal networks" → standard, code, title. */
function readNos(text: string): NosMapping[] {
  const header = /Occupational standards\s+Unit\s+number\s+Title\s*/.exec(text);
  if (!header) return [];
  const rows = normaliseSpace(text.slice(header.index + header[0].length));
  const match = /^(.*?):?\s+([A-Z][A-Z&]*\d+[A-Z0-9]*)\s+(.+)$/.exec(rows);
  return match ? [{ standard: match[1]!, code: match[2]!, title: match[3]! }] : [];
}

function dropFullStop(text: string): string {
  return normaliseSpace(text).replace(/\.$/, "");
}
