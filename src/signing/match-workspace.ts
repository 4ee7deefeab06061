import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, type PDFObject } from "pdf-lib";
import { SOURCES_ATTACHMENT } from "../pdf/render-pdf.ts";
import { sourceHashes } from "../pdf/sources.ts";
import type { Workspace } from "../workspace/workspace.ts";

export interface WorkspaceMatch {
  matches: boolean;
  buildId: string | undefined;
  changed: string[];
  added: string[];
  removed: string[];
  problem: string | undefined;
}

const N = (name: string) => PDFName.of(name);

/** The source hashes the PDF carries (an attached file, under the signatures). */
function attachedSources(doc: PDFDocument): { buildId: string; sources: Record<string, string> } | undefined {
  const names = doc.catalog.lookup(N("Names"));
  const tree = names instanceof PDFDict ? names.lookup(N("EmbeddedFiles")) : undefined;
  const visit = (node: PDFObject | undefined): PDFDict | undefined => {
    const dict = node ? doc.context.lookup(node) : undefined;
    if (!(dict instanceof PDFDict)) return undefined;
    const pairs = dict.lookup(N("Names"));
    if (pairs instanceof PDFArray) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const key = pairs.get(i);
        const name = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : "";
        if (name === SOURCES_ATTACHMENT) return doc.context.lookup(pairs.get(i + 1)) as PDFDict;
      }
    }
    const kids = dict.lookup(N("Kids"));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : []) {
      const found = visit(kid);
      if (found) return found;
    }
    return undefined;
  };
  const spec = visit(tree);
  const ef = spec?.lookup(N("EF"));
  const stream = ef instanceof PDFDict ? ef.lookup(N("F")) : undefined;
  if (!(stream instanceof PDFRawStream)) return undefined;
  const raw = Buffer.from(stream.contents);
  const text = stream.dict.lookup(N("Filter")) === N("FlateDecode") ? inflateSync(raw).toString("utf8") : raw.toString("utf8");
  return JSON.parse(text) as { buildId: string; sources: Record<string, string> };
}

/** Whether `workspace` is the one the PDF was made from, file by file. */
export async function matchWorkspace(doc: PDFDocument, workspace: Workspace): Promise<WorkspaceMatch> {
  const signed = attachedSources(doc);
  if (!signed) return { matches: false, buildId: undefined, changed: [], added: [], removed: [], problem: "the PDF does not carry the hashes of its sources" };
  const { files } = await sourceHashes(workspace);
  const changed = Object.keys(files).filter((f) => signed.sources[f] !== undefined && signed.sources[f] !== files[f]);
  const added = Object.keys(files).filter((f) => signed.sources[f] === undefined);
  const removed = Object.keys(signed.sources).filter((f) => files[f] === undefined);
  return { matches: changed.length + added.length + removed.length === 0, buildId: signed.buildId, changed, added, removed, problem: undefined };
}
