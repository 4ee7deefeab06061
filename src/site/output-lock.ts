import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PortfolioError } from "../errors.ts";
import { mayBeRunning, thisProcess, type ProcessId } from "../process-alive.ts";

/**
 * One writer per output at a time. `build`, `pdf` and `sign` each hold the lock of what they
 * replace for as long as they run: a file beside it, `.portfolio-lock-NAME`, created only if
 * absent (O_EXCL) and holding who holds it. Another command that wants the same output
 * waits for it, saying so, then goes on; one that holds it no more (it was killed, or the
 * computer restarted) is found by its pid, so its lock is taken over at once. A lock held
 * on another computer (a shared drive) cannot be judged, and is waited for.
 */

/** Who holds a lock, as its lock file records it (JSON). */
export interface LockHolder extends ProcessId {
  /** The command that holds it: build, pdf or sign. */
  command: string;
  since: string;
  /** Tells this holding apart from any other by the same process. */
  token: string;
}

export interface LockOptions {
  /** The command taking the lock, named to whoever waits for it. */
  command: string;
  /** Seconds to wait while another process holds it; 0 refuses at once. */
  wait?: number;
  /** Told when waiting starts, and again if another process takes the lock meanwhile. */
  say?: (text: string) => void;
}

/** Ten minutes: longer than the largest portfolio benchmarked takes to build, print and sign. */
export const DEFAULT_WAIT_SECONDS = 600;
const POLL_MS = 200;
/** A lock file with nothing readable in it, older than this, was left by a writer that died while writing it. */
const UNREADABLE_STALE_MS = 10_000;

/** Another command holds the output's lock, and did not let go within --wait. Exit code 2. */
export class OutputBusyError extends PortfolioError {
  readonly holder: LockHolder;
  constructor(target: string, lockFile: string, holder: LockHolder, waited: number) {
    const who = `Another portfolio ${holder.command} (process ${holder.pid}${elsewhere(holder)})`;
    super(
      "PORTFOLIO_OUTPUT_BUSY",
      waited < 1 ? `${who} is writing to ${target}, so nothing was written` : `${who} is still writing to ${target} after ${Math.round(waited)} s of waiting, so nothing was written`,
      { hint: `Run again once it has finished, or wait longer with --wait SECONDS. If no portfolio command is running${holder.host && holder.host !== hostname() ? ` on ${holder.host}` : ""}, remove ${lockFile}.` },
    );
    this.holder = holder;
  }
}

function elsewhere(holder: LockHolder): string {
  return holder.host && holder.host !== hostname() ? ` on ${holder.host}` : "";
}

/** The lock file of an output (a site's folder, or a PDF), beside it. */
export function lockFileOf(target: string): string {
  const path = resolve(target);
  return join(dirname(path), `.portfolio-lock-${basename(path)}`);
}

/** A path as the person at the terminal would write it: relative, unless it lies elsewhere. */
function shown(target: string): string {
  const rel = relative(process.cwd(), resolve(target));
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? resolve(target) : rel;
}

/** Lock files this process holds, with the token it wrote into each. */
const held = new Map<string, string>();

/**
 * Runs `work` holding the lock of `target`, waiting for it first if another process holds
 * it. Within one process the lock is taken once: a call inside `work` for the same target
 * (the build's swap, inside the build) runs at once.
 */
export async function withOutputLock<T>(target: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const file = lockFileOf(target);
  if (held.has(file)) return work();
  const token = await acquire(file, shown(target), options);
  try {
    return await work();
  } finally {
    await release(file, token);
  }
}

async function acquire(file: string, target: string, options: LockOptions): Promise<string> {
  const me: LockHolder = { ...thisProcess(), command: options.command, since: new Date().toISOString(), token: randomBytes(8).toString("hex") };
  const wait = options.wait ?? DEFAULT_WAIT_SECONDS;
  const started = performance.now();
  let told: string | undefined;
  for (;;) {
    if (await create(file, `${JSON.stringify(me)}\n`)) {
      held.set(file, me.token);
      releaseOnExit();
      return me.token;
    }
    const found = await readLock(file);
    if (!found) continue; // Let go of just now: try again at once.
    const { text, holder, age } = found;
    if (holder ? !mayBeRunning(holder) : age > UNREADABLE_STALE_MS) {
      await takeOver(file, text);
      continue;
    }
    const waited = (performance.now() - started) / 1000;
    if (holder && waited >= wait) throw new OutputBusyError(target, file, holder, waited);
    if (holder && holder.token !== told) {
      told = holder.token;
      options.say?.(`Another portfolio ${holder.command} (process ${holder.pid}${elsewhere(holder)}) is writing to ${target}; waiting for it to finish, for at most ${Math.round(wait - waited)} s (--wait SECONDS to change, Ctrl-C to stop).`);
    }
    await sleep(POLL_MS);
  }
}

/** Creates `file` holding `text` if there is no such file; false if there is. */
async function create(file: string, text: string): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: "wx" });
    return true;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "EEXIST") return false;
    if (code !== "ENOENT") throw error;
  }
  // The output's folder does not exist yet: made, as writing the output would make it.
  await mkdir(dirname(file), { recursive: true });
  return create(file, text);
}

async function readLock(file: string): Promise<{ text: string; holder: LockHolder | undefined; age: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    return { text, holder: parseHolder(text), age: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder.pid === "number" && typeof holder.token === "string" ? holder : undefined;
  } catch {
    // Empty while its writer writes it, or cut short by a crash.
    return undefined;
  }
}

/**
 * Removes a lock whose holder is gone, if it is still the one judged so (`text`). Two
 * processes may judge it at once: each takes over only while holding `FILE.break`, so one
 * cannot remove the lock the other has just taken.
 */
async function takeOver(file: string, text: string): Promise<void> {
  const breaker = `${file}.break`;
  if (!(await create(breaker, `${JSON.stringify(thisProcess())}\n`))) {
    const found = await readLock(breaker);
    // The process breaking it died doing so (a window of microseconds): its breaker goes too.
    if (found && (found.holder ? !mayBeRunning(found.holder) : found.age > UNREADABLE_STALE_MS)) await unlink(breaker).catch(ignoreMissing);
    else await sleep(POLL_MS / 4);
    return;
  }
  try {
    if ((await readFile(file, "utf8").catch(() => undefined)) === text) await unlink(file).catch(ignoreMissing);
  } finally {
    await unlink(breaker).catch(ignoreMissing);
  }
}

async function release(file: string, token: string): Promise<void> {
  held.delete(file);
  const text = await readFile(file, "utf8").catch(() => "");
  if (parseHolder(text)?.token === token) await unlink(file).catch(ignoreMissing);
}

let releasing = false;

/** A process that exits early (a second Ctrl-C, process.exit) lets go of its locks on the way out. */
function releaseOnExit(): void {
  if (releasing) return;
  releasing = true;
  process.on("exit", () => {
    for (const [file, token] of held) {
      try {
        if (parseHolder(readFileSync(file, "utf8"))?.token === token) unlinkSync(file);
      } catch {
        // Gone already.
      }
    }
  });
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
