import evidenceMissing from "../diagnostics/rules/evidence-missing.ts";
import evidenceOutsideFolder from "../diagnostics/rules/evidence-outside-folder.ts";
import evidenceOutsideWorkspace from "../diagnostics/rules/evidence-outside-workspace.ts";
import evidenceTooLarge from "../diagnostics/rules/evidence-too-large.ts";
import simulationNotAllowed from "../diagnostics/rules/simulation-not-allowed.ts";
import { unplacedEvidence } from "../workspace/limits.ts";
import { inPrintOrder } from "../workspace/workspace.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Evidence files exist inside `evidence/`, and fit in the PDF; simulation only where the
 * unit allows it.
 */
export function checkEvidence(context: CheckContext): void {
  // Said where the PDF first cites the file; the files past the PDF's total, once for all.
  const finals = inPrintOrder(context.workspace.reflections, "final");
  const unplaced = unplacedEvidence(finals);
  const pastTotal = [...unplaced.values()].filter((u) => u.kind === "total").length;
  let totalSaid = false;
  for (const reflection of finals) {
    for (const ref of reflection.evidenceFiles) {
      const why = unplaced.get(ref.file.path);
      if (!why || (why.kind === "total" && totalSaid)) continue;
      unplaced.delete(ref.file.path);
      totalSaid ||= why.kind === "total";
      context.report(reflection.file).add(evidenceTooLarge, ref.at, { path: ref.file.path, why, files: pastTotal });
    }
  }

  for (const reflection of context.workspace.reflections) {
    const report = context.report(reflection.file);
    for (const ref of reflection.evidenceFiles) {
      switch (ref.file.status) {
        case "missing":
          report.add(evidenceMissing, ref.at, { path: ref.file.path });
          break;
        case "outside-workspace":
          report.add(evidenceOutsideWorkspace, ref.at, { path: ref.value });
          break;
        case "outside-folder":
          report.add(evidenceOutsideFolder, ref.at, { path: ref.value });
          break;
      }
    }

    if (reflection.evidenceType?.value === "simulation") {
      const forbidding = [...new Set(reflection.citations.map((c) => c.urn))].filter(
        (urn) => context.registered.has(urn) && context.workspace.units.get(urn)?.evidence.simulationAllowed === false,
      );
      for (const urn of forbidding) report.add(simulationNotAllowed, reflection.evidenceType.at, { urn });
    }
  }
}
