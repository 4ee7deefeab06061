import { decisionAt, latestAssessment, type StoredAssessment } from "../assessment/stored.ts";
import type { Coverage } from "../coverage/coverage.ts";
import assessmentNotYet from "../diagnostics/rules/assessment-not-yet.ts";
import type { Workspace } from "../workspace/workspace.ts";
import type { CheckContext } from "./check-context.ts";

/** The assessor's latest stored assessment, and for each criterion judged not yet met whether a reflection evidencing it changed since. */
export interface AssessmentFollowUp {
  file: string;
  text: string;
  stored: StoredAssessment;
  /** "urn id" of each not-yet criterion with a final reflection evidencing it changed or written since. */
  revised: Set<string>;
}

/**
 * A not-yet criterion is revised once a final reflection evidencing it is one the assessed
 * PDF was not built from as it is now: its SHA-256 differs from the one stored, or it is new.
 */
function followUp(workspace: Workspace, coverage: Coverage): AssessmentFollowUp | undefined {
  const latest = latestAssessment(workspace.assessments ?? []);
  if (!latest) return undefined;
  const revised = new Set<string>();
  for (const decision of latest.stored.criteria.filter((c) => c.decision === "not-yet")) {
    const entry = coverage.units.find((u) => u.unit.urn === decision.unit)?.criteria.find((c) => c.criterion.id === decision.id);
    if ((entry?.evidence ?? []).some(({ reflection }) => workspace.hashes?.get(reflection.file) !== latest.stored.assessed.sources[reflection.file])) revised.add(`${decision.unit} ${decision.id}`);
  }
  return { ...latest, revised };
}

/**
 * Each criterion judged not yet met and not revised since is a warning, at its decision in
 * the stored file. Returns the follow-up, which the check keeps for the site and the PDF.
 */
export function checkAssessments(context: CheckContext): AssessmentFollowUp | undefined {
  const follow = followUp(context.workspace, context.coverage);
  if (!follow) return undefined;
  const { stored } = follow;
  for (const decision of stored.criteria.filter((c) => c.decision === "not-yet" && !follow.revised.has(`${c.unit} ${c.id}`))) {
    context.report(follow.file).add(assessmentNotYet, decisionAt(follow.text, decision.unit, decision.id), {
      urn: decision.unit, id: decision.id, assessor: stored.assessor, date: stored.date, feedback: decision.feedback,
    });
  }
  return follow;
}
