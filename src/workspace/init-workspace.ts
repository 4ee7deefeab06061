import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { PortfolioError } from "../errors.ts";
import { sha256 } from "../text/sha256.ts";

/** A file `init` writes, relative to the workspace with `/`, and what it is for. */
export interface PlannedFile {
  path: string;
  content: string;
  about: string;
}

/** The folder already holds something, so `init` wrote nothing. Exit code 2. */
export class FolderNotEmptyError extends PortfolioError {
  readonly dir: string;
  constructor(dir: string, message: string, hint: string) {
    super("PORTFOLIO_INIT_FOLDER_NOT_EMPTY", message, { hint });
    this.dir = dir;
  }
}

/**
 * What a folder may hold and still count as empty: a repository made first
 * (`git init portfolio`) and what file managers leave behind. None is read as content.
 */
const LEFT_ALONE = new Set([".git", ".DS_Store", "Thumbs.db", "desktop.ini"]);

/** A folder init writes into before the files are put in place; left over only by a run that was killed. */
const STAGE_PREFIX = ".portfolio-init-";
/** Inside a stage: what was moved out of it, so the next run knows its own files. */
const MOVED = "moved.json";

type Moved = { files: Record<string, string>; folders: string[] };

/**
 * Refuses a folder that holds anything but what an interrupted `init` left there, naming the
 * first file init would write that is already there, else the first thing found. Nothing is
 * written or removed. Run before asking anything, and again by writeWorkspace just before it writes.
 */
export async function assertCanInit(dirArg: string, paths: readonly string[]): Promise<void> {
  await inspect(dirArg, paths);
}

/**
 * Writes the workspace whole, never over anything. Into a new folder: the files are written
 * in a hidden folder beside it, then renamed into place at once, so a stopped run leaves
 * nothing at DIR. Into an existing empty folder (which may be the current folder, or hold
 * `.git`, so it cannot be replaced): written in a hidden folder inside it, whose list of
 * what it moved out stays until the end; a run stopped part-way is recognised by it, and
 * the next run removes the files it moved (only while they are unchanged) and starts again.
 */
export async function writeWorkspace(dirArg: string, files: readonly PlannedFile[]): Promise<void> {
  const dir = resolve(dirArg);
  const paths = files.map((f) => f.path);
  const state = await inspect(dirArg, paths);
  const parent = dirname(dir);
  const siblingPrefix = `${STAGE_PREFIX}${basename(dir)}-`;
  await mkdir(parent, { recursive: true });
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(siblingPrefix) && /^[0-9a-f]{8}$/.test(entry.slice(siblingPrefix.length))) await rm(join(parent, entry), { recursive: true, force: true });
  }
  if (state.kind === "absent") {
    const stage = join(parent, `${siblingPrefix}${randomBytes(4).toString("hex")}`);
    try {
      await writeAll(stage, files);
      await rename(stage, dir);
    } catch (error) {
      await rm(stage, { recursive: true, force: true });
      // Made by someone else meanwhile: refused as it would have been at the start.
      if (["EEXIST", "ENOTEMPTY", "ENOTDIR"].includes((error as NodeJS.ErrnoException).code ?? "")) await inspect(dirArg, paths);
      throw error;
    }
    return;
  }
  for (const path of state.leftOver) await rm(join(dir, path), { recursive: true, force: true });
  const stage = join(dir, `${STAGE_PREFIX}${randomBytes(4).toString("hex")}`);
  await writeAll(stage, files);
  const tops = [...new Set(files.map((f) => f.path.split("/")[0]!))];
  const moved: Moved = {
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])),
    folders: [...new Set(files.flatMap((f) => f.path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))))],
  };
  await writeFile(join(stage, MOVED), `${JSON.stringify(moved, null, 2)}\n`);
  for (const top of tops) await rename(join(stage, top), join(dir, top));
  await rm(stage, { recursive: true, force: true });
}

async function writeAll(root: string, files: readonly PlannedFile[]): Promise<void> {
  await mkdir(root);
  for (const file of files) {
    const path = join(root, ...file.path.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { flag: "wx" });
  }
}

type State = { kind: "absent" } | { kind: "empty"; leftOver: string[] };

async function inspect(dirArg: string, planned: readonly string[]): Promise<State> {
  const dir = resolve(dirArg);
  const shown = relative(process.cwd(), dir) || ".";
  const link = await lstat(dir).catch(() => undefined);
  if (!link) return { kind: "absent" };
  const info = await stat(dir).catch(() => undefined);
  const newFolder = `Name a new folder, such as \`portfolio init my-portfolio\`.`;
  if (!info) throw new FolderNotEmptyError(dirArg, `${shown} is a link to something that is not there, so init wrote nothing`, newFolder);
  if (!info.isDirectory()) throw new FolderNotEmptyError(dirArg, `${shown} is a file, not a folder, so init wrote nothing`, newFolder);

  const entries = (await readdir(dir)).filter((e) => !LEFT_ALONE.has(e));
  const stages = entries.filter((e) => e.startsWith(STAGE_PREFIX));
  const moved = await readMoved(dir, stages);
  const leftOver: string[] = [...stages];
  const found: string[] = [];
  for (const entry of entries.filter((e) => !e.startsWith(STAGE_PREFIX)).sort()) {
    if (await isOwnLeftOver(dir, entry, moved)) leftOver.push(entry);
    else found.push(entry);
  }
  if (found.length === 0) return { kind: "empty", leftOver };

  // Named: the first file init would write that is there and is not its own left over.
  for (const file of planned) {
    const parts = file.split("/");
    if (!found.includes(parts[0]!)) continue;
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join("/");
      const at = await lstat(join(dir, path)).catch(() => undefined);
      if (!at) break;
      if (i === parts.length || !at.isDirectory()) {
        const where = join(shown, ...path.split("/"));
        throw new FolderNotEmptyError(
          dirArg,
          `${where} already exists; init never writes over anything, so it wrote nothing`,
          path === "portfolio.yaml"
            ? `${shown} already holds a workspace: see what it has with \`portfolio check --dir ${shown}\`. To start another, ${newFolder.toLowerCase()}`
            : `${newFolder} or move what is in ${shown} away.`,
        );
      }
    }
  }
  throw new FolderNotEmptyError(
    dirArg,
    `${shown} is not empty (it holds ${found[0]}${found.length > 1 ? ` and ${found.length - 1} more` : ""}); init makes a workspace only in a new or empty folder, so it wrote nothing`,
    `${newFolder} A workspace reads every file in its folders, so it starts with nothing else in it.`,
  );
}

/** What stopped inits recorded as moved into the folder, merged. */
async function readMoved(dir: string, stages: string[]): Promise<Moved> {
  const merged: Moved = { files: {}, folders: [] };
  for (const stage of stages) {
    const moved = await readFile(join(dir, stage, MOVED), "utf8").then((text) => JSON.parse(text) as Moved).catch(() => undefined);
    if (!moved?.files || !Array.isArray(moved.folders)) continue;
    Object.assign(merged.files, moved.files);
    merged.folders.push(...moved.folders);
  }
  return merged;
}

/** Whether an entry is wholly what a stopped init moved in: each file listed and unchanged, each folder listed. */
async function isOwnLeftOver(dir: string, entry: string, moved: Moved): Promise<boolean> {
  const info = await lstat(join(dir, entry));
  if (info.isFile()) return moved.files[entry] === sha256(await readFile(join(dir, entry)));
  if (!info.isDirectory() || !moved.folders.includes(entry)) return false;
  const inside = await readdir(join(dir, entry), { recursive: true, withFileTypes: true });
  for (const item of inside) {
    const path = relative(dir, join(item.parentPath, item.name)).split(sep).join("/");
    if (item.isDirectory() ? !moved.folders.includes(path) : !item.isFile() || moved.files[path] !== sha256(await readFile(join(dir, path)))) return false;
  }
  return true;
}
