import { join } from "node:path";
import type { Workspace } from "../workspace/workspace.ts";
import { CONFIG_FILE } from "../workspace/portfolio-config.ts";
import { sha256, sha256File } from "../text/sha256.ts";

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
  const files: Record<string, string> = {};
  for (const path of sorted) files[path] = workspace.hashes?.get(path) ?? "";
  // The rest (evidence) streamed, eight at a time: never all in memory, never out of file handles.
  const toRead = sorted.filter((path) => !files[path]);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < toRead.length; i = next++) files[toRead[i]!] = await sha256File(join(workspace.dir, ...toRead[i]!.split("/")));
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  const buildId = sha256(Object.entries(files).map(([path, hash]) => `${hash}  ${path}\n`).join("")).slice(0, 16);
  return { files, buildId };
}
