import { allCriteria, type UnitSpec } from "../spec/unit-spec.ts";
import { code, orList } from "../text/suggest.ts";
import type { CheckContext } from "./check-context.ts";
import { describeIds, nearestCriterion } from "./nearest-criterion.ts";

/** Cited units must be registered; cited criteria must exist in their unit, once each. */
export function checkCitations(context: CheckContext): void {
  const { workspace, registered } = context;
  const idLists = new Map<UnitSpec, string[]>();
  const idsOf = (unit: UnitSpec) => idLists.get(unit) ?? idLists.set(unit, allCriteria(unit).map((c) => c.id)).get(unit)!;
  const registeredList = orList([...registered]);
  for (const reflection of workspace.reflections) {
    const report = context.report(reflection.file);
    const reportedUnits = new Set<string>();
    const seen = new Set<string>();
    for (const citation of reflection.citations) {
      const { urn, id } = citation;
      if (!registered.has(urn)) {
        if (!reportedUnits.has(urn)) {
          reportedUnits.add(urn);
          report.add(
            "unit-not-registered",
            citation.unitAt,
            `Unit ${urn} is not registered in portfolio.yaml` +
              (registered.size ? `, expected ${registeredList}; cite a registered unit or add ${urn} to \`units\`` : `; add it to \`units\``),
          );
        }
        continue;
      }
      const unit = workspace.units.get(urn);
      if (!unit) continue; // reported once, as unit-spec-missing, in portfolio.yaml
      const ids = idsOf(unit);
      if (!ids.includes(id)) {
        const guess = nearestCriterion(id, ids);
        report.add(
          "criterion-unknown",
          citation.at,
          `Unknown criterion ${code(id)} for unit ${urn}, expected ${describeIds(ids)}` + (guess ? `; did you mean ${code(guess)}?` : ""),
        );
        continue;
      }
      const key = `${urn} ${id}`;
      if (seen.has(key)) report.add("criterion-duplicate", citation.at, `Criterion ${code(id)} of ${urn} is cited twice; remove one`);
      seen.add(key);
    }
  }
}
