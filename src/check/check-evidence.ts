import { code } from "../text/suggest.ts";
import type { CheckContext } from "./check-context.ts";

/** Evidence files exist inside `evidence/`; simulation only where the unit allows it. */
export function checkEvidence(context: CheckContext): void {
  for (const reflection of context.workspace.reflections) {
    const report = context.report(reflection.file);
    for (const ref of reflection.evidenceFiles) {
      switch (ref.file.status) {
        case "missing":
          report.error("evidence-missing", ref.at, `Evidence file ${code(ref.file.path)} does not exist; check the name, or add the file under \`evidence/\``);
          break;
        case "outside-workspace":
          report.error("evidence-outside-workspace", ref.at, `Evidence path ${code(ref.value)} leads outside the workspace; copy the file into \`evidence/\` and cite it as \`evidence/<name>\``);
          break;
        case "outside-folder":
          report.error("evidence-outside-folder", ref.at, `Evidence path ${code(ref.value)} is not under \`evidence/\`; move the file there and cite it as \`evidence/<name>\``);
          break;
      }
    }

    if (reflection.evidenceType?.value === "simulation") {
      const forbidding = [...new Set(reflection.citations.map((c) => c.urn))].filter(
        (urn) => context.registered.has(urn) && context.workspace.units.get(urn)?.evidence.simulationAllowed === false,
      );
      for (const urn of forbidding) {
        report.error(
          "simulation-not-allowed",
          reflection.evidenceType.at,
          `Simulation is not allowed for unit ${urn}; evidence real work activities (another \`evidence_type\`), or do not cite ${urn} here`,
        );
      }
    }
  }
}
