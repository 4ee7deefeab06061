import { code } from "../text/suggest.ts";
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
  const pastTotal = [...unplaced.values()].filter((u) => u.pastTotal).length;
  let totalSaid = false;
  for (const reflection of finals) {
    for (const ref of reflection.evidenceFiles) {
      const found = unplaced.get(ref.file.path);
      if (!found || (found.pastTotal && totalSaid)) continue;
      unplaced.delete(ref.file.path);
      totalSaid ||= found.pastTotal;
      const smaller = (what: string) => `or make ${what} smaller (a photo resized to 2,000 pixels wide is well under 1 MB)`;
      context.report(reflection.file).add(
        "evidence-too-large",
        ref.at,
        found.pastTotal
          ? `From evidence file ${code(ref.file.path)} on, ${pastTotal} ${pastTotal === 1 ? "image or PDF is" : "images and PDFs are"} not reproduced in the PDF: ${found.reason}. The PDF lists them with their SHA-256; submit the files with it, ${smaller("them")}`
          : `Evidence file ${code(ref.file.path)} is not reproduced in the PDF: ${found.reason}. The PDF lists it with its SHA-256; submit the file with it, ${smaller("it")}`,
      );
    }
  }

  for (const reflection of context.workspace.reflections) {
    const report = context.report(reflection.file);
    for (const ref of reflection.evidenceFiles) {
      switch (ref.file.status) {
        case "missing":
          report.add("evidence-missing", ref.at, `Evidence file ${code(ref.file.path)} does not exist; check the name, or add the file under \`evidence/\``);
          break;
        case "outside-workspace":
          report.add("evidence-outside-workspace", ref.at, `Evidence path ${code(ref.value)} leads outside the workspace; copy the file into \`evidence/\` and cite it as \`evidence/<name>\``);
          break;
        case "outside-folder":
          report.add("evidence-outside-folder", ref.at, `Evidence path ${code(ref.value)} is not under \`evidence/\`; move the file there and cite it as \`evidence/<name>\``);
          break;
      }
    }

    if (reflection.evidenceType?.value === "simulation") {
      const forbidding = [...new Set(reflection.citations.map((c) => c.urn))].filter(
        (urn) => context.registered.has(urn) && context.workspace.units.get(urn)?.evidence.simulationAllowed === false,
      );
      for (const urn of forbidding) {
        report.add(
          "simulation-not-allowed",
          reflection.evidenceType.at,
          `Simulation is not allowed for unit ${urn}; evidence real work activities (another \`evidence_type\`), or do not cite ${urn} here`,
        );
      }
    }
  }
}
