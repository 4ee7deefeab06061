import criterionNotMarked from "../diagnostics/rules/criterion-not-marked.ts";
import markerAmbiguous from "../diagnostics/rules/marker-ambiguous.ts";
import markerInvalid from "../diagnostics/rules/marker-invalid.ts";
import markerNotCited from "../diagnostics/rules/marker-not-cited.ts";
import { invisibleAt } from "../text/invisible.ts";
import type { CheckContext } from "./check-context.ts";

/** Each cited criterion is marked where it is addressed; each marker is for a cited criterion. */
export function checkMarkers(context: CheckContext): void {
  for (const reflection of context.workspace.reflections) {
    const report = context.report(reflection.file);

    for (const problem of reflection.misplacedMarkers) {
      const hidden = problem.reason === "unreadable" ? invisibleAt(problem.text) : undefined;
      if (hidden) {
        report.add(markerInvalid, { line: problem.at.line, column: problem.at.column + hidden.index }, { kind: "invisible", written: problem.text, character: hidden.name });
      } else if (problem.reason === "not-at-end") {
        report.add(markerInvalid, problem.at, { kind: "misplaced" });
      } else {
        report.add(markerInvalid, problem.at, { kind: "unreadable", written: problem.text });
      }
    }

    // Without readable citations (already reported), markers cannot be compared with them.
    const markers = reflection.citations.length > 0 ? reflection.markers : [];
    for (const marker of markers) {
      if (marker.ambiguous) {
        const urns = [...new Set(reflection.citations.filter((c) => c.id === marker.id).map((c) => c.urn))];
        report.add(markerAmbiguous, marker.at, { id: marker.id, urns });
        continue;
      }
      const cited = reflection.citations.some((c) => c.urn === marker.urn && c.id === marker.id);
      if (!cited) report.add(markerNotCited, marker.at, { id: marker.id, urn: marker.urn });
    }

    const citedUnits = new Set(reflection.citations.map((c) => c.urn));
    for (const citation of reflection.citations) {
      if (!context.hasCriterion(citation.urn, citation.id)) continue;
      const marked = reflection.markers.some((m) => (m.urn === citation.urn || m.ambiguous) && m.id === citation.id);
      if (marked) continue;
      const sameIdElsewhere = reflection.citations.some((c) => c.id === citation.id && c.urn !== citation.urn);
      report.add(criterionNotMarked, citation.at, { urn: citation.urn, id: citation.id, qualified: citedUnits.size > 1 && sameIdElsewhere });
    }
  }
}
