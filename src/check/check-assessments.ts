import { decisionAt, latestAssessment } from "../assessment/stored.ts";
import assessmentNotYet from "../diagnostics/rules/assessment-not-yet.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Each criterion the assessor's latest stored assessment judged not yet met is a warning,
 * at its decision in the stored file, until a final reflection evidencing it is changed
 * or written since: one whose SHA-256 is not the one the assessed PDF was built from.
 */
export function checkAssessments(context: CheckContext): void {
  const { workspace, coverage } = context;
  const latest = latestAssessment(workspace.assessments ?? []);
  if (!latest) return;
  const { stored } = latest;
  for (const decision of stored.criteria.filter((c) => c.decision === "not-yet")) {
    const entry = coverage.units.find((u) => u.unit.urn === decision.unit)?.criteria.find((c) => c.criterion.id === decision.id);
    const revised = (entry?.evidence ?? []).some(({ reflection }) => workspace.hashes?.get(reflection.file) !== stored.assessed.sources[reflection.file]);
    if (revised) continue;
    context.report(latest.file).add(assessmentNotYet, decisionAt(latest.text, decision.unit, decision.id), {
      urn: decision.unit, id: decision.id, assessor: stored.assessor, date: stored.date, feedback: decision.feedback,
    });
  }
}
