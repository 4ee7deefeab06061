import { open, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Flushing to the disk (fsync) before a rename puts something in place: without it, a
 * power cut soon after can leave the new name pointing at files whose data never reached
 * the disk (empty or half written), with the previous version already gone.
 */

/**
 * What a file system says when it cannot flush (some network and shared-folder ones, for
 * a folder): what it holds is then as durable as it makes it, and writing goes on.
 */
const UNSUPPORTED = new Set(["EINVAL", "ENOTSUP", "EOPNOTSUPP", "EISDIR", "EPERM"]);

/** Flushes a file's data and size. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch (error) {
    if (!UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a folder's list of names (what was made, renamed or removed in it). Windows
 * cannot open a folder this way, and makes renames durable by itself: skipped there.
 */
export async function syncFolder(path: string): Promise<void> {
  if (process.platform === "win32") return;
  await syncFile(path).catch((error: NodeJS.ErrnoException) => {
    if (!UNSUPPORTED.has(error.code ?? "")) throw error;
  });
}

/** Flushes every file and folder under `dir`, then `dir` itself; symbolic links are left as they are. */
export async function syncTree(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const folders = entries.filter((e) => e.isDirectory()).map((e) => join(e.parentPath, e.name));
  // A few at a time: thousands of pages at once would run out of file handles.
  await inBatches(files, syncFile);
  await inBatches([...folders, dir], syncFolder);
}

async function inBatches(paths: string[], each: (path: string) => Promise<void>, size = 32): Promise<void> {
  for (let i = 0; i < paths.length; i += size) await Promise.all(paths.slice(i, i + size).map(each));
}
