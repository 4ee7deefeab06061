import { CONFIG_FILE } from "../workspace/portfolio-config.ts";
import type { CheckContext } from "./check-context.ts";

/** Every registered unit has exactly one spec; every registered criterion has final evidence. */
export function checkUnits(context: CheckContext): void {
  const { workspace, coverage } = context;
  for (const unit of workspace.config?.units ?? []) {
    if (!workspace.units.has(unit.value)) {
      context.report(CONFIG_FILE).add(
        "unit-spec-missing",
        unit.at,
        `Unit ${unit.value} is registered but has no spec in units/; add units/${unit.value.replace(/\//g, "-")}.yaml`,
      );
    }
  }
  for (const duplicate of workspace.duplicateUnits) {
    context.report(duplicate.file).add(
      "unit-spec-duplicate",
      duplicate.at,
      `Unit ${duplicate.urn} is already described by ${duplicate.firstFile}; keep one spec per unit and delete the other`,
    );
  }
  // A gap is reported where the learner can act on it: at the draft's citation of the
  // criterion, to finish it; else at the unit's registration in portfolio.yaml, which asks
  // for every criterion. Never in the unit's spec, which is not what is wrong.
  const registered = new Map((workspace.config?.units ?? []).map((u) => [u.value, u.at]));
  for (const { unit, entry } of coverage.gaps) {
    const { criterion, drafts } = entry;
    const text = `Gap: criterion ${criterion.id} of ${unit.urn} ("${criterion.text}") `;
    const draft = drafts[0]?.reflection;
    const cited = draft?.citations.find((c) => c.urn === unit.urn && c.id === criterion.id);
    if (draft && cited) {
      context.report(draft.file).add("criterion-uncovered", cited.at, `${text}is evidenced only by draft${drafts.length > 1 ? "s" : ""} ${drafts.map((d) => d.reflection.file).join(", ")}; finish ${drafts.length > 1 ? "one" : "it"} and set \`status: final\``);
    } else {
      context.report(CONFIG_FILE).add("criterion-uncovered", registered.get(unit.urn) ?? { line: 1, column: 1 }, `${text}has no final reflection; write one that cites and marks it`);
    }
  }
}
