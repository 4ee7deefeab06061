import { CONFIG_FILE } from "../workspace/portfolio-config.ts";
import type { CheckContext } from "./check-context.ts";

/** Every registered unit has exactly one spec; every registered criterion has final evidence. */
export function checkUnits(context: CheckContext): void {
  const { workspace, coverage } = context;
  for (const unit of workspace.config?.units ?? []) {
    if (!workspace.units.has(unit.value)) {
      context.report(CONFIG_FILE).error(
        "unit-spec-missing",
        unit.at,
        `Unit ${unit.value} is registered but has no spec in units/; add units/${unit.value.replace(/\//g, "-")}.yaml`,
      );
    }
  }
  for (const duplicate of workspace.duplicateUnits) {
    context.report(duplicate.file).error(
      "unit-spec-duplicate",
      duplicate.at,
      `Unit ${duplicate.urn} is already described by ${duplicate.firstFile}; keep one spec per unit and delete the other`,
    );
  }
  for (const { unit, entry } of coverage.gaps) {
    const { criterion, drafts } = entry;
    const onlyDrafts = drafts.length > 0;
    context.report(unit.file).warn(
      "criterion-uncovered",
      criterion.at,
      `Gap: criterion ${criterion.id} of ${unit.urn} ("${criterion.text}") ` +
        (onlyDrafts
          ? `is evidenced only by draft ${drafts.map((d) => d.reflection.file).join(", ")}; finish it and set \`status: final\``
          : "has no final reflection; write one that cites and marks it"),
    );
  }
}
