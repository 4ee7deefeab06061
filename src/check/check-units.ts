import criterionUncovered from "../diagnostics/rules/criterion-uncovered.ts";
import unitSpecDuplicate from "../diagnostics/rules/unit-spec-duplicate.ts";
import unitSpecMissing from "../diagnostics/rules/unit-spec-missing.ts";
import { CONFIG_FILE } from "../workspace/portfolio-config.ts";
import type { CheckContext } from "./check-context.ts";

/** Every registered unit has exactly one spec; every registered criterion has final evidence. */
export function checkUnits(context: CheckContext): void {
  const { workspace, coverage } = context;
  for (const unit of workspace.config?.units ?? []) {
    if (!workspace.units.has(unit.value)) context.report(CONFIG_FILE).add(unitSpecMissing, unit.at, { urn: unit.value });
  }
  for (const duplicate of workspace.duplicateUnits) {
    context.report(duplicate.file).add(unitSpecDuplicate, duplicate.at, { urn: duplicate.urn, firstFile: duplicate.firstFile });
  }
  // A gap is reported where the learner can act on it: at the draft's citation of the
  // criterion, to finish it; else at the unit's registration in portfolio.yaml, which asks
  // for every criterion. Never in the unit's spec, which is not what is wrong.
  const registered = new Map((workspace.config?.units ?? []).map((u) => [u.value, u.at]));
  for (const { unit, entry } of coverage.gaps) {
    const { criterion, drafts } = entry;
    const gap = { urn: unit.urn, id: criterion.id, text: criterion.text };
    const draft = drafts[0]?.reflection;
    const cited = draft?.citations.find((c) => c.urn === unit.urn && c.id === criterion.id);
    if (draft && cited) {
      context.report(draft.file).add(criterionUncovered, cited.at, { ...gap, kind: "drafts", drafts: drafts.map((d) => d.reflection.file) });
    } else {
      context.report(CONFIG_FILE).add(criterionUncovered, registered.get(unit.urn) ?? { line: 1, column: 1 }, { ...gap, kind: "unwritten" });
    }
  }
}
