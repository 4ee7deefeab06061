import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll } from "vitest";
import { repoRoot } from "./workspace.ts";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export interface Running {
  child: ChildProcess;
  pid: number;
  /** What it wrote to stderr so far. */
  stderr: () => string;
  /** Resolves once its stderr holds `text`. */
  saying: (text: string) => Promise<void>;
  /** Resolves with how it ended. */
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** Starts the real `portfolio` bin and lets it run, for tests of what happens meanwhile. */
export function startCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Running {
  const child = spawn(process.execPath, [join(repoRoot, "bin", "portfolio.js"), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let stdout = "";
  let stderr = "";
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  child.stdout!.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const w of waiting.filter((w) => stderr.includes(w.text))) w.resolve();
  });
  const done = once(child, "close").then(([status]) => ({ status: status as number | null, stdout, stderr }));
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    saying: (text) => stderr.includes(text) ? Promise.resolve() : new Promise<void>((resolve, reject) => {
      waiting.push({ text, resolve });
      void done.then(() => reject(new Error(`It ended without saying "${text}":\n${stderr}`)));
    }),
    done,
  };
}

/**
 * A separate process holding the lock of `target` through the compiled lock module, as a
 * `portfolio build` does, until `release()` (or until it is killed).
 */
export async function holdOutputLock(target: string): Promise<{ pid: number; release: () => Promise<void>; kill: () => Promise<void> }> {
  const module = pathToFileURL(join(repoRoot, "dist", "src", "site", "output-lock.js")).href;
  const script = `
    const { withOutputLock } = await import(${JSON.stringify(module)});
    await withOutputLock(process.argv[1], { command: "build" }, () => new Promise((done) => {
      process.stdout.write("locked\\n");
      process.stdin.on("end", done);
      process.stdin.resume();
    }));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, target], { stdio: ["pipe", "pipe", "inherit"] });
  started.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => { if (chunk.toString().includes("locked")) resolve(); });
    child.on("exit", (code) => reject(new Error(`The lock holder ended (${code}) before it held the lock`)));
  });
  const exited = once(child, "exit");
  return {
    pid: child.pid!,
    release: async () => {
      child.stdin!.end();
      await exited;
    },
    /** Killed outright, as a power cut or `kill -9` would: nothing it holds is let go. */
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A process that runs until killed: the owner of something it is (as far as anyone can tell) writing. */
export function liveProcess(): { pid: number; end: () => Promise<void> } {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
  started.push(child);
  const exited = once(child, "exit");
  return { pid: child.pid!, end: async () => { child.kill("SIGKILL"); await exited; } };
}

/** The pid of a process that has run and ended: nothing it left is being written any more. */
export async function endedProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}
