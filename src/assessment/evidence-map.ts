import { coverageToJson, type Coverage } from "../coverage/coverage.ts";
import { printIds } from "../pdf/print-ids.ts";

/**
 * What an assessor's tools need from the PDF alone, as its evidence maps show it: who the
 * portfolio is of (as the cover shows them: the verifier edition gives the candidate
 * number only), each registered unit's criteria, and for each the final reflections that
 * evidence it with the pages where it is marked. It travels inside the PDF, in the
 * attached file with the sources' hashes, under the learner's signature.
 */
export interface EvidenceMap {
  learner: string;
  candidateNumber: string;
  units: Array<{
    urn: string;
    title: string;
    criteria: Array<{
      id: string;
      text: string;
      /** Each final reflection citing it: its file, its title as printed, and the pages where it is marked (`marked`), else the page where it starts. */
      /** `method`: the reflection's evidence_type, the assessment method (since the cohort's sampling plan; absent when the reflection gives none). */
      evidence: Array<{ file: string; title: string; pages: number[]; marked: boolean; method?: string }>;
    }>;
  }>;
}

/** The map from the checked workspace and the pages things were printed on: coverage as JSON, each link with its pages. */
export function evidenceMapOf(coverage: Coverage, learner: { name: string; candidateNumber: string }, pageOf: (id: string) => number | undefined): EvidenceMap {
  return {
    learner: learner.name,
    candidateNumber: learner.candidateNumber,
    ...coverageToJson(coverage, ({ reflection, anchors }) => {
      const marked = anchors.map((anchor) => pageOf(printIds.marker(reflection.slug, anchor))).filter((page): page is number => page !== undefined);
      const starts = pageOf(printIds.reflection(reflection.slug));
      const pages = marked.length ? [...new Set(marked)].sort((a, b) => a - b) : starts === undefined ? [] : [starts];
      const method = reflection.evidenceType?.value;
      return { file: reflection.file, title: reflection.title, pages, marked: marked.length > 0, ...(method ? { method } : {}) };
    }),
  };
}

/** Whether what a PDF carries has the map's shape: the PDF is the learner's, so it is checked, never trusted. */
export function isEvidenceMap(value: unknown): value is EvidenceMap {
  const text = (v: unknown) => typeof v === "string";
  const list = (v: unknown, each: (item: Record<string, unknown>) => boolean) => Array.isArray(v) && v.every((item) => typeof item === "object" && item !== null && each(item as Record<string, unknown>));
  const map = value as Record<string, unknown> | null;
  return typeof map === "object" && map !== null && text(map.learner) && text(map.candidateNumber) &&
    list(map.units, (u) => text(u.urn) && text(u.title) &&
      list(u.criteria, (c) => text(c.id) && text(c.text) &&
        list(c.evidence, (e) => text(e.file) && text(e.title) && typeof e.marked === "boolean" && Array.isArray(e.pages) && e.pages.every((p) => Number.isInteger(p)) && (e.method === undefined || text(e.method)))));
}
