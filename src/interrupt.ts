import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { constants } from "node:os";
import { basename, dirname, join } from "node:path";
import { mayBeRunning } from "./process-alive.ts";
import { escapeRegExp } from "./text/escape-regexp.ts";
import { syncFolder } from "./sync-to-disk.ts";

/**
 * Stopping part-way: Ctrl-C (SIGINT), SIGTERM or SIGHUP while a command writes. What was
 * being written is removed, and the process exits with 128 + the signal's number; a swap
 * under way finishes first, so the previous site and PDF are whole either way. A second
 * signal exits at once. Writes already under way (Eleventy's) may land after the removal,
 * and a build killed outright (SIGKILL, a power cut) cannot clean up at all: what either
 * leaves is named with its pid, so that the next run finds it and removes it once that
 * process is gone (and never while it still runs).
 */
const cleanups = new Set<() => Promise<void>>();
let swapping = 0;
let stopping: NodeJS.Signals | undefined;

/** Installs the handlers; `say` tells the person at the terminal what is happening. */
export function stopCleanlyOnSignals(say: (text: string) => void): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(exitCode(signal));
      stopping = signal;
      say(`\nportfolio: stopped (${signal}). The previous site and PDF are as they were; what was half written is removed now, or by the next run.`);
      if (swapping === 0) void stop();
    });
  }
}

/** Runs `work` with `cleanup` to be run if the process is stopped meanwhile. */
export async function removedIfStopped<T>(cleanup: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  cleanups.add(cleanup);
  try {
    return await work();
  } finally {
    cleanups.delete(cleanup);
  }
}

/** Runs `work` (a swap of renames) to its end before a signal stops the process. */
export async function uninterrupted<T>(work: () => Promise<T>): Promise<T> {
  swapping++;
  try {
    return await work();
  } finally {
    swapping--;
    if (stopping && swapping === 0) void stop();
  }
}

async function stop(): Promise<void> {
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  process.exit(exitCode(stopping!));
}

function exitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** The temporary files this process is writing now, never taken for leftovers. */
const writing = new Set<string>();

/**
 * A temporary name beside `path` (`.portfolio.pdf.4242.1a2b3c4d.tmp`, with this process's
 * pid), to write under and then rename into place. Leftovers by the same pattern are
 * removed once the process that left them is gone: another process's file, still being
 * written, is left alone.
 */
async function tempBeside(path: string): Promise<string> {
  const dir = dirname(path);
  const pattern = new RegExp(`^\\.${escapeRegExp(basename(path))}\\.(?:(\\d+)\\.)?[0-9a-f]{8}\\.tmp$`);
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    const match = pattern.exec(entry);
    if (!match || writing.has(join(dir, entry))) continue;
    if (match[1] !== undefined && mayBeRunning({ pid: Number(match[1]) })) continue;
    await rm(join(dir, entry), { force: true });
  }
  return join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Writes `content` to `path` whole or not at all: under a temporary name beside it, flushed
 * to the disk, then renamed into place. A failure, or a stop meanwhile, leaves what was at
 * `path` as it was.
 */
export async function replaceFile(path: string, content: Uint8Array | string): Promise<void> {
  const temp = await tempBeside(path);
  writing.add(temp);
  const remove = () => rm(temp, { force: true });
  try {
    await removedIfStopped(remove, async () => {
      try {
        const handle = await open(temp, "wx");
        try {
          await handle.writeFile(content);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, path);
        await syncFolder(dirname(path));
      } catch (error) {
        await remove();
        throw error;
      }
    });
  } finally {
    writing.delete(temp);
  }
}
