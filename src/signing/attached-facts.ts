import type { EvidenceMap } from "../assessment/evidence-map.ts";
import { SOURCES_ATTACHMENT } from "../pdf/sources.ts";
import { decodeStream } from "./pdf-reader/filters.ts";
import { PdfStream, type PdfValue } from "./pdf-reader/objects.ts";
import { PdfFile, type Revision } from "./pdf-reader/revisions.ts";
import { text } from "./pdf-reader/structure.ts";

/** What the PDF says it was made from: the build, each source's SHA-256, and (since the assessment record) the evidence map. */
export interface AttachedFacts {
  buildId: string;
  sources: Record<string, string>;
  evidenceMap?: EvidenceMap;
  /** Each final reflection's text as printed, by file (since `portfolio changes`). */
  published?: Record<string, string>;
}

/** The attached file of what the PDF was made from (under the signatures), as its latest revision shows it. */
export function attachedFacts(revision: Revision): AttachedFacts | undefined {
  const names = revision.dict(revision.catalog()?.get("Names"));
  const seen = new Set<PdfValue>();
  const visit = (node: PdfValue | undefined, depth: number): PdfValue | undefined => {
    const dict = revision.dict(node);
    if (!dict || seen.has(dict) || depth > 20) return undefined;
    seen.add(dict);
    const pairs = revision.array(dict.get("Names")) ?? [];
    for (let i = 0; i + 1 < pairs.length; i += 2) if (text(revision.resolve(pairs[i])) === SOURCES_ATTACHMENT) return pairs[i + 1];
    for (const kid of revision.array(dict.get("Kids")) ?? []) {
      const found = visit(kid, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  const spec = revision.dict(visit(names?.get("EmbeddedFiles"), 0));
  const stream = revision.resolve(revision.dict(spec?.get("EF"))?.get("F"));
  if (!(stream instanceof PdfStream)) return undefined;
  try {
    return JSON.parse(Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("utf8")) as AttachedFacts;
  } catch {
    return undefined; // Not this tool's JSON: as good as none.
  }
}

/** The attached facts of a PDF's latest revision, or none when the file cannot be read as a PDF. */
export function pdfFacts(bytes: Uint8Array): AttachedFacts | undefined {
  try {
    const latest = new PdfFile(bytes).revisions.at(-1);
    return latest && attachedFacts(latest);
  } catch {
    return undefined;
  }
}
