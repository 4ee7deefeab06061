import type { AssessmentFollowUp } from "../check/check-assessments.ts";
import type { CheckResult } from "../check/check-workspace.ts";
import { redactNames } from "../markdown/contacts.ts";
import { monitoring, type Monitoring } from "../network/monitoring.ts";
import type { CriterionCoverage, UnitCoverage } from "../coverage/coverage.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { UnitSpec } from "../spec/unit-spec.ts";
import { isRealDate } from "../text/format.ts";
import type { PortfolioConfig } from "../workspace/portfolio-config.ts";
import type { LoadedReflection } from "../workspace/workspace.ts";

/** What the site's templates read: computed once per build from the check's result. */
export interface SiteData {
  config: PortfolioConfig;
  units: UnitCoverage[];
  /** Newest first, as a learner looks for what they wrote last. */
  reflections: LoadedReflection[];
  /** Criteria each reflection evidences, per unit, for its page and the matrix. */
  evidencedBy: Map<LoadedReflection, Array<{ unit: UnitSpec; entry: CriterionCoverage }>>;
  warnings: Diagnostic[];
  builtAt: string;
  version: string;
  /** The site has portfolio.pdf beside it. */
  pdf: boolean;
  /** The network monitoring figures, when the workspace has a register. */
  monitoring: Monitoring | undefined;
  /** The learner's local preview: every finding of the check, shown on every page. */
  preview: { findings: Diagnostic[] } | undefined;
  /** The assessor's latest decisions, as `portfolio feedback` stored them, shown beside each criterion and reflection. */
  assessment: AssessmentFollowUp | undefined;
}

const placeholderConfig: PortfolioConfig = {
  learner: { name: "(portfolio.yaml cannot be read)", candidateNumber: "" },
  centre: { name: "", number: "" },
  qualification: "",
  units: [],
  assessor: undefined,
  signingKey: undefined,
  lint: new Map(),
  publicNames: [],
  checkedByHand: [],
};

export function siteData(result: CheckResult, version: string, options: { pdf: boolean; now?: Date; preview?: boolean }): SiteData {
  const contacts = new Map(result.workspace.register.contacts.map((c) => [c.id, c]));
  // The preview shows a site even when portfolio.yaml cannot be read; a build never gets here so.
  const config = result.workspace.config ?? (options.preview ? placeholderConfig : undefined);
  if (!config) throw new Error("siteData needs a workspace whose portfolio.yaml was read");
  // Private reflections are the learner's own notes: only the preview shows them.
  // The preview shows reflections whose date the check refuses: they come last, undated.
  const when = (r: LoadedReflection) => (isRealDate(r.date) ? r.date : "");
  const reflections = result.workspace.reflections
    .filter((r) => options.preview || !r.private)
    .sort((a, b) => (when(a) === when(b) ? a.file.localeCompare(b.file) : when(a) < when(b) ? 1 : -1));
  const evidencedBy = new Map<LoadedReflection, Array<{ unit: UnitSpec; entry: CriterionCoverage }>>();
  for (const reflection of reflections) evidencedBy.set(reflection, []);
  for (const unitCoverage of result.coverage.units) {
    for (const entry of unitCoverage.criteria) {
      for (const link of [...entry.evidence, ...entry.drafts]) evidencedBy.get(link.reflection)?.push({ unit: unitCoverage.unit, entry });
    }
  }
  return {
    config,
    units: result.coverage.units,
    reflections,
    evidencedBy,
    // Findings quote what the learner wrote (names, ids, addresses): shared, they say where
    // and what without it, and any name left is redacted.
    warnings: result.diagnostics.filter((d) => d.severity !== "error").map((d) => ({ ...d, message: redactNames(d.shared ?? d.message, contacts).text })),
    builtAt: (options.now ?? new Date()).toISOString().slice(0, 10),
    version,
    pdf: options.pdf,
    monitoring: result.workspace.register.contacts.length ? monitoring(result.workspace.register) : undefined,
    preview: options.preview ? { findings: result.diagnostics } : undefined,
    assessment: result.assessment,
  };
}
