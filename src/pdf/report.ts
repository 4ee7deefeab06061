import type { CheckResult } from "../check/check-workspace.ts";
import { coverageToJson } from "../coverage/coverage.ts";
import { printIds } from "./print-ids.ts";
import type { PdfResult } from "./render-pdf.ts";
import { sha256 } from "./sources.ts";

/**
 * `report.json`: what a verifier's tools need without opening the PDF: coverage, the page
 * of each reflection and of each marker, and the SHA-256 of every source and of the PDF.
 */
export function pdfReport(checked: CheckResult, pdf: PdfResult, pdfFile: string, version: string) {
  const page = (id: string) => pdf.pages.get(id) ?? null;
  return {
    tool: "portfolio",
    version,
    buildId: pdf.buildId,
    pdf: { file: pdfFile, sha256: sha256(pdf.bytes), pages: pdf.pageCount },
    coverage: coverageToJson(checked.coverage),
    reflections: pdf.finals.map((r) => ({ file: r.file, title: r.title, page: page(printIds.reflection(r.slug)) })),
    markers: pdf.finals.flatMap((r) =>
      r.markers.filter((m) => m.urn && m.anchor).map((m) => ({ file: r.file, urn: m.urn!, id: m.id, page: page(printIds.marker(r.slug, m.anchor!)) })),
    ),
    appendices: pdf.appendices.map((a) => ({ file: a.path, sha256: a.sha256, page: page(printIds.appendix(a.n)), mergedPages: a.mergedPages })),
    blockedRequests: pdf.blocked.map((b) => b.url),
    sources: pdf.sources,
  };
}
