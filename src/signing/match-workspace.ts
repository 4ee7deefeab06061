import { sourceHashes } from "../pdf/sources.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { attachedFacts } from "./attached-facts.ts";
import type { Revision } from "./pdf-reader/revisions.ts";

export interface WorkspaceMatch {
  matches: boolean;
  buildId: string | undefined;
  changed: string[];
  added: string[];
  removed: string[];
  problem: string | undefined;
}

/** Whether `workspace` is the one the PDF was made from, file by file, as its latest revision says. */
export async function matchWorkspace(revision: Revision, workspace: Workspace): Promise<WorkspaceMatch> {
  const signed = attachedFacts(revision);
  if (!signed) return { matches: false, buildId: undefined, changed: [], added: [], removed: [], problem: "the PDF does not carry the hashes of its sources" };
  const { files } = await sourceHashes(workspace);
  const changed = Object.keys(files).filter((f) => signed.sources[f] !== undefined && signed.sources[f] !== files[f]);
  const added = Object.keys(files).filter((f) => signed.sources[f] === undefined);
  const removed = Object.keys(signed.sources).filter((f) => files[f] === undefined);
  return { matches: changed.length + added.length + removed.length === 0, buildId: signed.buildId, changed, added, removed, problem: undefined };
}
