import { SOURCES_ATTACHMENT } from "../pdf/render-pdf.ts";
import { sourceHashes } from "../pdf/sources.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { decodeStream } from "./pdf-reader/filters.ts";
import { PdfStream, type PdfValue } from "./pdf-reader/objects.ts";
import type { Revision } from "./pdf-reader/revisions.ts";
import { text } from "./pdf-reader/structure.ts";

export interface WorkspaceMatch {
  matches: boolean;
  buildId: string | undefined;
  changed: string[];
  added: string[];
  removed: string[];
  problem: string | undefined;
}

/** The source hashes the PDF carries (an attached file, under the signatures), as its latest revision shows them. */
function attachedSources(revision: Revision): { buildId: string; sources: Record<string, string> } | undefined {
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
  return JSON.parse(Buffer.from(decodeStream(stream, (v) => revision.resolve(v))).toString("utf8")) as { buildId: string; sources: Record<string, string> };
}

/** Whether `workspace` is the one the PDF was made from, file by file, as its latest revision says. */
export async function matchWorkspace(revision: Revision, workspace: Workspace): Promise<WorkspaceMatch> {
  const signed = attachedSources(revision);
  if (!signed) return { matches: false, buildId: undefined, changed: [], added: [], removed: [], problem: "the PDF does not carry the hashes of its sources" };
  const { files } = await sourceHashes(workspace);
  const changed = Object.keys(files).filter((f) => signed.sources[f] !== undefined && signed.sources[f] !== files[f]);
  const added = Object.keys(files).filter((f) => signed.sources[f] === undefined);
  const removed = Object.keys(signed.sources).filter((f) => files[f] === undefined);
  return { matches: changed.length + added.length + removed.length === 0, buildId: signed.buildId, changed, added, removed, problem: undefined };
}
