import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Workspace } from "../workspace/workspace.ts";
import { CONFIG_FILE } from "../workspace/portfolio-config.ts";

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The SHA-256 of every source the portfolio is made from (portfolio.yaml, unit specs,
 * reflections, cited evidence), by path, and a build id hashing them all together.
 */
export async function sourceHashes(workspace: Workspace): Promise<{ files: Record<string, string>; buildId: string }> {
  const paths = new Set<string>([CONFIG_FILE, ...[...workspace.units.values()].map((u) => u.file), ...workspace.reflections.map((r) => r.file)]);
  for (const r of workspace.reflections) for (const e of r.evidenceFiles) if (e.file.status === "ok") paths.add(e.file.path);
  const files: Record<string, string> = {};
  for (const path of [...paths].sort()) files[path] = sha256(await readFile(join(workspace.dir, ...path.split("/"))));
  const buildId = sha256(Object.entries(files).map(([path, hash]) => `${hash}  ${path}\n`).join("")).slice(0, 16);
  return { files, buildId };
}
