import { join } from "node:path";
import { inLanes } from "../lanes.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { CONFIG_FILE } from "../workspace/portfolio-config.ts";
import { sha256, sha256File } from "../text/sha256.ts";

/** The file attached to the PDF naming every source and its SHA-256 (and the evidence map), under the signatures. */
export const SOURCES_ATTACHMENT = "portfolio-sources.json";

export { sha256 };

/**
 * The SHA-256 of every source the portfolio is made from (portfolio.yaml, unit specs,
 * reflections, cited evidence), by path, and a build id hashing them all together.
 */
export async function sourceHashes(workspace: Workspace): Promise<{ files: Record<string, string>; buildId: string }> {
  const paths = new Set<string>([CONFIG_FILE, ...[...workspace.units.values()].map((u) => u.file), ...workspace.reflections.map((r) => r.file)]);
  for (const r of workspace.reflections) for (const e of r.evidenceFiles) if (e.file.status === "ok") paths.add(e.file.path);
  // What was printed is what was read: files hashed as they were read keep that hash.
  const sorted = [...paths].sort();
  // The rest (evidence) streamed, eight at a time: never all in memory, never out of file handles.
  const hashed = await inLanes(sorted.map((path) => async () => workspace.hashes?.get(path) ?? sha256File(join(workspace.dir, ...path.split("/")))), 8);
  const files: Record<string, string> = Object.fromEntries(sorted.map((path, i) => [path, hashed[i]!]));
  const buildId = sha256(Object.entries(files).map(([path, hash]) => `${hash}  ${path}\n`).join("")).slice(0, 16);
  return { files, buildId };
}
