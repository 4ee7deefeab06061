import criterionDuplicate from "../diagnostics/rules/criterion-duplicate.ts";
import criterionUnknown from "../diagnostics/rules/criterion-unknown.ts";
import unitNotRegistered from "../diagnostics/rules/unit-not-registered.ts";
import { allCriteria, type UnitSpec } from "../spec/unit-spec.ts";
import type { CheckContext } from "./check-context.ts";
import { nearestCriterion } from "./nearest-criterion.ts";

/** Cited units must be registered; cited criteria must exist in their unit, once each. */
export function checkCitations(context: CheckContext): void {
  const { workspace, registered } = context;
  const idLists = new Map<UnitSpec, string[]>();
  const idsOf = (unit: UnitSpec) => idLists.get(unit) ?? idLists.set(unit, allCriteria(unit).map((c) => c.id)).get(unit)!;
  const registeredUrns = [...registered];
  for (const reflection of workspace.reflections) {
    const report = context.report(reflection.file);
    const reportedUnits = new Set<string>();
    const seen = new Set<string>();
    for (const citation of reflection.citations) {
      const { urn, id } = citation;
      if (!registered.has(urn)) {
        if (!reportedUnits.has(urn)) {
          reportedUnits.add(urn);
          report.add(unitNotRegistered, citation.unitAt, { urn, registered: registeredUrns });
        }
        continue;
      }
      const unit = workspace.units.get(urn);
      if (!unit) continue; // reported once, as unit-spec-missing, in portfolio.yaml
      const ids = idsOf(unit);
      if (!ids.includes(id)) {
        report.add(criterionUnknown, citation.at, { urn, id, known: ids, nearest: nearestCriterion(id, ids) });
        continue;
      }
      const key = `${urn} ${id}`;
      if (seen.has(key)) report.add(criterionDuplicate, citation.at, { urn, id });
      seen.add(key);
    }
  }
}
