import { randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { lstat, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, parse, relative, resolve, sep } from "node:path";
import { UnsafeOutputDirError } from "../errors.ts";
import { removedIfStopped, replaceFile, uninterrupted } from "../interrupt.ts";
import { mayBeRunning } from "../process-alive.ts";
import { syncFolder, syncTree } from "../sync-to-disk.ts";
import { escapeRegExp } from "../text/escape-regexp.ts";
import { withOutputLock } from "./output-lock.ts";

/** Written into every site the tool builds; only a folder holding it is ever replaced. */
export const MANIFEST = ".portfolio-site.json";

export interface Manifest {
  tool: "portfolio";
  version: string;
  builtAt: string;
  /** Every file the build wrote, relative to the site with `/`, and its size. */
  files: Array<{ path: string; bytes: number }>;
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
  await assertFoldersAbove(out, refuse);
  const info = await stat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) refuse("it is a file");
  await assertReplaceable(outDir);
}

/** Refuses a path where a file stands in place of one of the folders above it (`notes.txt/_site`). */
async function assertFoldersAbove(path: string, refuse: (reason: string) => never): Promise<void> {
  for (let above = dirname(path); ; above = dirname(above)) {
    const info = await stat(above).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) refuse(`${above} is a file, not a folder`);
      return;
    }
    if (dirname(above) === above) return;
  }
}

/**
 * Refuses to replace a folder that holds anything the previous build did not write, or a
 * file it wrote that has changed size since (a PDF signed in place, a page edited by
 * hand): replacing the folder would lose them. Checked before a build and again just
 * before the swap, since a build can take minutes.
 */
async function assertReplaceable(outDir: string): Promise<void> {
  const out = resolve(outDir);
  const entries = await readdir(out).catch(() => undefined);
  if (!entries || entries.length === 0) return;
  const manifest = await readManifest(out);
  if (!manifest) {
    throw new UnsafeOutputDirError(outDir, `it is not empty and was not built by this tool (it has no ${MANIFEST})`, "Move its contents away, or choose another folder with --out.");
  }
  // Sites built before the manifest listed sizes named files in a folder since renamed.
  if (!manifest.files.every((f) => typeof f === "object")) return;
  const built = new Map(manifest.files.map((f) => [f.path, f.bytes]));
  const found = await filesIn(out);
  const foreign = found.filter((f) => !built.has(f.path)).map((f) => f.path);
  const changed = found.filter((f) => built.has(f.path) && built.get(f.path) !== f.bytes).map((f) => f.path);
  if (foreign.length + changed.length === 0) return;
  const list = (paths: string[]) => paths.slice(0, 5).join(", ") + (paths.length > 5 ? ` and ${paths.length - 5} more` : "");
  throw new UnsafeOutputDirError(
    outDir,
    [foreign.length ? `it holds files this tool did not write (${list(foreign)})` : "", changed.length ? `files it wrote have changed since (${list(changed)})` : ""].filter(Boolean).join(", and "),
    "Building replaces the whole folder: move those files somewhere else first (a signed PDF is worth keeping), or choose another folder with --out.",
  );
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Manifest;
    return manifest.tool === "portfolio" && Array.isArray(manifest.files) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Every file under `dir` (symbolic links as files), relative with `/`, and its size; the manifest left out. */
async function filesIn(dir: string): Promise<Manifest["files"]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
  const sizes = await Promise.all(files.map((file) => lstat(file).then((info) => info.size)));
  return files
    .map((file, i) => ({ path: relative(dir, file).split(sep).join("/"), bytes: sizes[i]! }))
    .filter((file) => file.path !== MANIFEST)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * What a build leaves beside the site while it runs: `.portfolio-build-_site-PID-1a2b3c4d`
 * (the new site, being written) and `.portfolio-old-_site-PID-1a2b3c4d` (the previous one,
 * moved aside during the swap). Names without a pid were left by earlier versions.
 */
function leftoverName(kind: "build" | "old", out: string): string {
  return `.portfolio-${kind}-${basename(out)}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function leftoverPattern(out: string): RegExp {
  return new RegExp(`^\\.portfolio-(build|old)-${escapeRegExp(basename(out))}-(?:(\\d+)-)?[0-9a-f]{8}$`);
}

/** The temporary folders this process is writing now, never taken for leftovers. */
const writing = new Set<string>();

/**
 * Removes what interrupted earlier builds left beside `out`, once the process that left
 * it is gone: a folder whose process still runs is being written, and is left alone. A
 * previous site moved aside by a build stopped between its two renames is put back.
 */
async function removeLeftovers(out: string): Promise<void> {
  const parent = dirname(out);
  const pattern = leftoverPattern(out);
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    const match = pattern.exec(entry);
    const path = join(parent, entry);
    if (!match || writing.has(path)) continue;
    if (match[2] !== undefined && mayBeRunning({ pid: Number(match[2]) })) continue;
    if (match[1] === "old" && !existsSync(out)) {
      // Interrupted between the two renames: the previous site is here, whole. Put it back.
      await rename(path, out);
    } else {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/**
 * Builds into a fresh folder beside `outDir`, then swaps it in with two renames, so the
 * previous site is replaced whole or not at all; the new site is flushed to the disk
 * before the swap. Holds the output's lock throughout (see output-lock.ts), so two builds
 * into one folder take turns. Leftovers of interrupted earlier builds are removed first.
 */
export async function replaceAtomically(outDir: string, build: (tempDir: string) => Promise<unknown>, version: string): Promise<Manifest> {
  return withOutputLock(outDir, { command: "build" }, async () => {
    const out = resolve(outDir);
    const parent = dirname(out);
    await removeLeftovers(out);
    const temp = join(parent, leftoverName("build", out));
    const old = join(parent, leftoverName("old", out));
    writing.add(temp).add(old);
    const remove = () => rm(temp, { recursive: true, force: true });
    try {
      const manifest = await removedIfStopped(remove, async () => {
        try {
          await build(temp);
          const manifest: Manifest = { tool: "portfolio", version, builtAt: new Date().toISOString(), files: await filesIn(temp) };
          await writeFile(join(temp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
          await assertReplaceable(outDir);
          await syncTree(temp);
          return manifest;
        } catch (error) {
          await remove();
          throw error;
        }
      });
      await uninterrupted(async () => {
        const hadPrevious = existsSync(out);
        if (hadPrevious) await rename(out, old);
        try {
          await rename(temp, out);
        } catch (error) {
          if (hadPrevious) await rename(old, out);
          await remove();
          throw error;
        }
        await syncFolder(parent);
      });
      // The previous site, now replaced: if this is stopped, the next run removes it.
      await rm(old, { recursive: true, force: true });
      return manifest;
    } finally {
      writing.delete(temp);
      writing.delete(old);
    }
  });
}

/**
 * Refuses a PDF path whose writing would lose something: one inside the workspace (the PDF,
 * or report.json beside it, could replace a source), a file that is not a PDF, a signed PDF
 * when what replaces it is unsigned (`unsigned`), or a report.json beside it that this
 * tool did not write.
 */
export async function assertSafePdfOutput(pdfPath: string, options: { workspaceDir?: string; unsigned: boolean; report: boolean }): Promise<void> {
  const out = resolve(pdfPath);
  const refuse = (reason: string, hint = "Choose another file with --out.") => {
    throw new UnsafeOutputDirError(pdfPath, reason, hint, "the PDF");
  };
  if (options.workspaceDir && isInside(out, resolve(options.workspaceDir))) refuse("it is inside the workspace, which only holds your sources");
  await assertFoldersAbove(out, refuse);
  const existing = await readHead(out, refuse);
  if (existing !== undefined) {
    if (!existing.startsWith("%PDF-")) refuse("it is not a PDF, and writing would replace it");
    if (options.unsigned && (await isSigned(out))) {
      refuse("it is signed, and a new print would replace it without its signatures", "Move the signed PDF somewhere safe first, or choose another file with --out; `portfolio build` signs what it prints.");
    }
  }
  if (!options.report) return;
  const report = join(dirname(out), "report.json");
  const reportHead = await readHead(report, refuse);
  if (reportHead !== undefined && !/^\{\s*"tool": "portfolio"/.test(reportHead)) refuse(`${report} beside it was not written by this tool, and writing would replace it`);
}

/** The first bytes of a file as text, undefined when there is no file; a folder is refused. */
async function readHead(path: string, refuse: (reason: string) => never): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isFile()) refuse(`${path} is a folder`);
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } finally {
    await handle.close();
  }
}

/** Whether a PDF holds a signature dictionary (its /ByteRange), searched as it streams. */
async function isSigned(path: string): Promise<boolean> {
  let tail = "";
  for await (const chunk of createReadStream(path, { highWaterMark: 16 * 1024 * 1024 })) {
    const text = tail + (chunk as Buffer).toString("latin1");
    if (text.includes("/ByteRange")) return true;
    tail = text.slice(-16);
  }
  return false;
}

/**
 * What a command writing `pdfPath` locks (see output-lock.ts): the folder it goes into when
 * that is a site this tool built, or is not there yet (a build into it must wait, and be
 * waited for), else the file itself.
 */
export async function lockTargetOf(pdfPath: string): Promise<string> {
  const dir = dirname(resolve(pdfPath));
  return !existsSync(dir) || (await readManifest(dir)) ? dir : resolve(pdfPath);
}

/**
 * After `portfolio pdf` wrote into a site this tool built: the PDF and report.json are its
 * own files, so the manifest lists them as they now are, and the next build may replace
 * them (a PDF signed afterwards has another size, and is not).
 */
export async function recordInSite(pdfPath: string): Promise<void> {
  const dir = dirname(resolve(pdfPath));
  const manifest = await readManifest(dir);
  if (!manifest || !manifest.files.every((f) => typeof f === "object")) return;
  const written = [basename(pdfPath), "report.json"];
  const now = await Promise.all(written.map(async (path) => ({ path, bytes: (await lstat(join(dir, path))).size })));
  manifest.files = [...manifest.files.filter((f) => !written.includes(f.path)), ...now].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // Whole or not at all: a manifest cut short would leave a site no build may replace.
  await replaceFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
