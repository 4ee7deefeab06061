import { FileReport, type Position } from "../diagnostics/diagnostic.ts";
import decisionFeedbackMissing from "../diagnostics/rules/decision-feedback-missing.ts";
import decisionMissing from "../diagnostics/rules/decision-missing.ts";
import decisionOutcomeInconsistent from "../diagnostics/rules/decision-outcome-inconsistent.ts";
import decisionUnknown from "../diagnostics/rules/decision-unknown.ts";
import { closest } from "../text/suggest.ts";
import { Fields } from "../yaml/fields.ts";
import { isScalar, YamlDocument, type Node, type Scalar } from "../yaml/yaml-document.ts";
import type { EvidenceMap } from "./evidence-map.ts";
import { decisionsOf, needsFeedback, type Decisions } from "./recorded.ts";
import type { Role } from "../signing/roles.ts";

export { DECISIONS, type Decision, type Decisions } from "./recorded.ts";

/**
 * Reads a decisions file (schemas/assessment-decisions.schema.json) against the portfolio
 * the PDF holds: every finding at its line and column, and no decisions unless there is
 * none of them. A decision must be bound to exactly what was signed: a unit, criterion or
 * reflection the portfolio does not have is an error, and so is a criterion left undecided.
 */
export function readDecisions(file: string, text: string, map: EvidenceMap, role: Extract<Role, "assessor" | "iqa"> = "assessor"): { decisions: Decisions | undefined; report: FileReport } {
  // The IQA decides on the criteria they sampled: one left blank or out was not sampled.
  const iqa = role === "iqa";
  const DECISIONS = decisionsOf(role);
  const report = new FileReport(file);
  const doc = new YamlDocument(text, report);
  const start: Position = { line: 1, column: 1 };
  if (!doc.ok) return { decisions: undefined, report };
  const fields = Fields.of(doc, doc.root, "the decisions file", start);
  if (!fields) return { decisions: undefined, report };
  fields.warnUnknownKeys(["outcome", "feedback", "criteria", "reflections"]);
  const outcome = fields.oneOf("outcome", DECISIONS);
  if (!fields.has("outcome") || (isScalar(fields.node("outcome")) && (fields.node("outcome") as Scalar).value === null)) fields.missing("outcome", DECISIONS[0]!);
  const feedback = fields.text("feedback")?.value ?? "";

  const criteria: Decisions["criteria"] = [];
  const byUnit = Fields.of(doc, fields.node("criteria"), "`criteria`", fields.keyAt("criteria"));
  const units = new Map(map.units.map((unit) => [unit.urn, unit]));
  const listed = new Set<string>();
  if (byUnit) {
    for (const pair of byUnit.map.items) {
      if (!isScalar(pair.key)) continue;
      const urn = doc.sourceText(pair.key as Scalar);
      const unit = units.get(urn);
      if (!unit) {
        report.add(decisionUnknown, doc.positionOf(pair.key as Scalar), { kind: "unit", urn, units: [...units.keys()], ...optional("nearest", closest(urn, [...units.keys()])) });
        continue;
      }
      listed.add(urn);
      const ids = unit.criteria.map((c) => c.id);
      const decided = new Set<string>();
      const each = Fields.of(doc, pair.value as Node | null, `\`criteria\` of ${urn}`, doc.positionOf(pair.key as Scalar));
      // A slip (`1.9` for `1.3`) is most likely one of the ids the file leaves out.
      const written = new Set((each?.map.items ?? []).flatMap((entry) => (isScalar(entry.key) ? [doc.sourceText(entry.key as Scalar)] : [])));
      const left = ids.filter((id) => !written.has(id));
      for (const entry of each?.map.items ?? []) {
        if (!isScalar(entry.key)) continue;
        const id = doc.sourceText(entry.key as Scalar);
        const at = doc.positionOf(entry.key as Scalar);
        if (!ids.includes(id)) {
          report.add(decisionUnknown, at, { kind: "criterion", urn, id, ...optional("nearest", closest(id, left) ?? closest(id, ids)) });
          continue;
        }
        decided.add(id);
        const one = Fields.of(doc, entry.value as Node | null, `the decision on ${urn} ${id}`, at);
        if (!one) continue;
        one.warnUnknownKeys(["decision", "feedback"]);
        const blank = one.node("decision");
        if (blank === undefined || (isScalar(blank) && blank.value === null)) {
          if (!iqa) report.add(decisionMissing, blank ? one.keyAt("decision") : at, { kind: "blank", urn, id });
          continue;
        }
        const decision = one.oneOf("decision", DECISIONS);
        const said = one.text("feedback")?.value.trim() ?? "";
        if (!decision) continue;
        if (needsFeedback(decision.value) && !said) report.add(decisionFeedbackMissing, decision.at, { urn, id, ...(iqa ? { iqa } : {}) });
        criteria.push({ urn, id, decision: decision.value, feedback: said });
      }
      const unlisted = ids.filter((id) => !decided.has(id));
      if (unlisted.length && !iqa) report.add(decisionMissing, doc.positionOf(pair.key as Scalar), { kind: "unlisted", urn, ids: unlisted });
    }
  }
  if (!iqa) for (const urn of units.keys()) if (!listed.has(urn)) report.add(decisionMissing, byUnit ? byUnit.at : fields.keyAt("criteria"), { kind: "unit", urn });
  if (iqa && criteria.length === 0 && !report.diagnostics.some((d) => d.severity === "error")) report.add(decisionMissing, byUnit ? byUnit.at : fields.keyAt("criteria"), { kind: "none" });

  const reflections: Decisions["reflections"] = [];
  const files = [...new Set(map.units.flatMap((u) => u.criteria.flatMap((c) => c.evidence.map((e) => e.file.replace(/^reflections\//, "")))))];
  const onReflections = fields.has("reflections") ? Fields.of(doc, fields.node("reflections"), "`reflections`", fields.keyAt("reflections")) : undefined;
  for (const entry of onReflections?.map.items ?? []) {
    if (!isScalar(entry.key)) continue;
    const name = doc.sourceText(entry.key as Scalar);
    if (!files.includes(name)) {
      // The file name cut short (`2026-01-14-mapping-the-network.md`) is the likeliest slip.
      const nearest = files.find((f) => f.startsWith(name.replace(/\.md$/i, ""))) ?? closest(name, files, 4);
      report.add(decisionUnknown, doc.positionOf(entry.key as Scalar), { kind: "reflection", file: name, ...optional("nearest", nearest) });
      continue;
    }
    const said = onReflections!.text(name)?.value.trim();
    if (said) reflections.push({ file: name, feedback: said });
  }

  const notYet = criteria.filter((c) => needsFeedback(c.decision)).map((c) => `${c.urn} ${c.id}`);
  if (outcome && !needsFeedback(outcome.value) && notYet.length) report.add(decisionOutcomeInconsistent, outcome.at, { notYet, ...(iqa ? { iqa } : {}) });
  const errors = report.diagnostics.some((d) => d.severity === "error");
  return { decisions: errors || !outcome ? undefined : { outcome: outcome.value, feedback: feedback.trim(), criteria, reflections }, report };
}

/** `{ [key]: value }` where there is a value, else nothing: facts hold no undefined. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
