import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { computeCoverage, type Coverage } from "../coverage/coverage.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { checkCitations } from "./check-citations.ts";
import { CheckContext } from "./check-context.ts";
import { checkEvidence } from "./check-evidence.ts";
import { checkEvidenceContent } from "./check-evidence-content.ts";
import { checkFirstNames } from "./check-first-names.ts";
import { checkMarkers } from "./check-markers.ts";
import { checkUnits } from "./check-units.ts";
import { checkAssessments, type AssessmentFollowUp } from "./check-assessments.ts";

export interface CheckOptions {
  /** Warnings (gaps among them) count as errors. */
  strict?: boolean;
}

export interface CheckResult {
  workspace: Workspace;
  coverage: Coverage;
  /** Sorted by file and position. */
  diagnostics: Diagnostic[];
  errorCount: number;
  /** The assessor's latest stored assessment and what was revised since, when the workspace holds one. */
  assessment?: AssessmentFollowUp;
}

/** Compares what was collected: citations against specs, markers against citations, coverage. */
export function checkWorkspace(workspace: Workspace, options: CheckOptions = {}): CheckResult {
  const coverage = computeCoverage(workspace);
  const context = new CheckContext(workspace, coverage);
  checkUnits(context);
  checkCitations(context);
  checkMarkers(context);
  checkEvidence(context);
  checkEvidenceContent(context);
  checkFirstNames(context);
  const assessment = checkAssessments(context);

  // portfolio.yaml's `lint:` sets a lint rule's severity (or turns it off) wherever the
  // rule reports, in reflections and in evidence alike; else each keeps the registry's.
  const settings = workspace.config?.lint ?? new Map();
  let diagnostics = [...workspace.diagnostics, ...context.diagnostics].flatMap((d) => {
    const set = settings.get(d.rule);
    return set === undefined ? [d] : set === "off" ? [] : [{ ...d, severity: set }];
  });
  if (options.strict) diagnostics = diagnostics.map((d) => (d.severity === "warning" ? { ...d, severity: "error" } : d));
  diagnostics = sortDiagnostics(diagnostics);
  return { workspace, coverage, diagnostics, errorCount: diagnostics.filter((d) => d.severity === "error").length, ...(assessment ? { assessment } : {}) };
}
