import { invisibleAt, showInvisible } from "../text/invisible.ts";
import { code, orList } from "../text/suggest.ts";
import type { CheckContext } from "./check-context.ts";

/** Each cited criterion is marked where it is addressed; each marker is for a cited criterion. */
export function checkMarkers(context: CheckContext): void {
  for (const reflection of context.workspace.reflections) {
    const report = context.report(reflection.file);

    for (const problem of reflection.misplacedMarkers) {
      const hidden = problem.reason === "unreadable" ? invisibleAt(problem.text) : undefined;
      if (hidden) {
        report.add(
          "marker-invalid",
          { line: problem.at.line, column: problem.at.column + hidden.index },
          `Marker ${code(showInvisible(problem.text))} holds an invisible character (${hidden.name}), often pasted in from a web page or a document; type it again`,
        );
        continue;
      }
      report.add(
        "marker-invalid",
        problem.at,
        problem.reason === "not-at-end"
          ? "Marker `{ac=...}` is not at the end of its paragraph or heading, so it is shown as text; move it to the end"
          : `Marker ${code(problem.text)} cannot be read as criterion ids; write ids such as \`{ac=1.2}\`, \`{ac=1.2,2.1}\` or \`{ac=R/600/9587:1.2}\``,
      );
    }

    // Without readable citations (already reported), markers cannot be compared with them.
    const markers = reflection.citations.length > 0 ? reflection.markers : [];
    for (const marker of markers) {
      if (marker.ambiguous) {
        const units = [...new Set(reflection.citations.filter((c) => c.id === marker.id).map((c) => c.urn))];
        report.add(
          "marker-ambiguous",
          marker.at,
          `Marker for ${code(marker.id)} could be for ${orList(units)}, which both cite it; write ${orList(units.map((u) => code(`{ac=${u}:${marker.id}}`)))}`,
        );
        continue;
      }
      const cited = reflection.citations.some((c) => c.urn === marker.urn && c.id === marker.id);
      if (!cited) {
        report.add(
          "marker-not-cited",
          marker.at,
          `Criterion ${code(marker.id)}${marker.urn ? ` of ${marker.urn}` : ""} is marked here but not cited in front matter; add it to \`criteria\` or remove the marker`,
        );
      }
    }

    const citedUnits = new Set(reflection.citations.map((c) => c.urn));
    for (const citation of reflection.citations) {
      if (!context.hasCriterion(citation.urn, citation.id)) continue;
      const marked = reflection.markers.some((m) => (m.urn === citation.urn || m.ambiguous) && m.id === citation.id);
      if (marked) continue;
      const sameIdElsewhere = reflection.citations.some((c) => c.id === citation.id && c.urn !== citation.urn);
      const marker = citedUnits.size > 1 && sameIdElsewhere ? `{ac=${citation.urn}:${citation.id}}` : `{ac=${citation.id}}`;
      report.add(
        "criterion-not-marked",
        citation.at,
        `Criterion ${code(citation.id)} of ${citation.urn} is cited but never marked in the body; add ${code(marker)} at the end of the paragraph that addresses it`,
      );
    }
  }
}
