import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** A process as recorded in what it leaves behind: a lock file, a temporary name. */
export interface ProcessId {
  pid: number;
  /** The computer it runs on; a process elsewhere (on a shared drive) cannot be asked. */
  host?: string;
  /** When it started, in clock ticks since boot (Linux): tells a reused pid apart. */
  start?: string;
}

/** This process, as it records itself. */
export function thisProcess(): ProcessId {
  const start = startOf(process.pid);
  return { pid: process.pid, host: hostname(), ...(start === undefined ? {} : { start }) };
}

/**
 * Whether the process that recorded `owner` may still be running, so that what it left
 * must not be touched. Only processes on this computer can be asked; one on another is
 * taken to be running. This process's own pid answers no: callers set apart what this
 * process is writing itself, so a match is an earlier process that had the same pid.
 */
export function mayBeRunning(owner: ProcessId): boolean {
  if (owner.host !== undefined && owner.host !== hostname()) return true;
  // Never 0 or negative: process.kill(0 or -1, 0) asks about a whole group of processes.
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  if (owner.start === undefined) return true;
  const start = startOf(owner.pid);
  return start === undefined || start === owner.start;
}

/** A process's start time from /proc/PID/stat (its 22nd field), where there is one. */
function startOf(pid: number): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The second field is the program's name in brackets, and may hold spaces or brackets.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
