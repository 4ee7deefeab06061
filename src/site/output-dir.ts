import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { UnsafeOutputDirError } from "../errors.ts";

/** Written into every site the tool builds; only a folder holding it is ever replaced. */
export const MANIFEST = ".portfolio-site.json";

export interface Manifest {
  tool: "portfolio";
  version: string;
  builtAt: string;
  files: string[];
}

/** Whether `child` is `parent` or lies within it. */
function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Refuses output folders whose replacement would lose something: the workspace or a folder
 * around it, the home folder, a file-system root, a project folder, or any existing folder
 * that is not a site this tool built (it has no manifest).
 */
export async function assertSafeOutputDir(outDir: string, workspaceDir: string): Promise<void> {
  const out = resolve(outDir);
  const workspace = resolve(workspaceDir);
  const refuse = (reason: string, hint = "Choose a new folder for the site, such as _site.") => {
    throw new UnsafeOutputDirError(outDir, reason, hint);
  };
  if (out === parse(out).root) refuse("it is the root of the file system");
  if (out === resolve(homedir())) refuse("it is your home folder");
  if (out === workspace) refuse("it is the workspace, which holds your sources");
  if (isInside(workspace, out)) refuse("the workspace is inside it, and building replaces the whole folder");
  if (isInside(out, workspace)) refuse("it is inside the workspace, which only holds your sources");
  for (const marker of ["package.json", ".git"]) {
    if (existsSync(join(out, marker))) refuse(`it holds ${marker}, so it looks like a project folder`);
  }
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) refuse("it is a file");
  const entries = await readdir(out);
  if (entries.length > 0 && !(await readManifest(out))) {
    refuse(`it is not empty and was not built by this tool (it has no ${MANIFEST})`, "Move its contents away, or choose another folder with --out.");
  }
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Manifest;
    return manifest.tool === "portfolio" ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds into a fresh folder beside `outDir`, then swaps it in with two renames, so the
 * previous site is replaced whole or not at all. Leftovers of an interrupted earlier build
 * are removed first.
 */
export async function replaceAtomically(outDir: string, build: (tempDir: string) => Promise<string[]>, version: string): Promise<void> {
  const out = resolve(outDir);
  const parent = dirname(out);
  const prefix = `.portfolio-build-${basename(out)}-`;
  const oldPrefix = `.portfolio-old-${basename(out)}-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (entry.startsWith(oldPrefix) && !existsSync(out)) {
      // Interrupted between the two renames: the previous site is here, whole. Put it back.
      await rename(join(parent, entry), out);
    } else if (entry.startsWith(prefix) || entry.startsWith(oldPrefix)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
  const temp = join(parent, `${prefix}${randomBytes(4).toString("hex")}`);
  try {
    const files = await build(temp);
    const manifest: Manifest = { tool: "portfolio", version, builtAt: new Date().toISOString(), files: files.sort() };
    await writeFile(join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  const old = join(parent, `.portfolio-old-${basename(out)}-${randomBytes(4).toString("hex")}`);
  const hadPrevious = existsSync(out);
  if (hadPrevious) await rename(out, old);
  try {
    await rename(temp, out);
  } catch (error) {
    if (hadPrevious) await rename(old, out);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  if (hadPrevious) await rm(old, { recursive: true, force: true });
}
