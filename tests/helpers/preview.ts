import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll } from "vitest";
import { repoRoot } from "./workspace.ts";

/** A `portfolio serve` process, as a learner starts it. */
export interface RunningPreview {
  port: number;
  /** `http://localhost:<port>` */
  base: string;
  child: ChildProcess;
  /** What it has written to the terminal (stderr) so far. */
  stderr(): string;
  /** Sends `signal` and resolves to the exit code (null when killed by the signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<RunningPreview>();
afterAll(async () => {
  await Promise.all([...running].map((p) => p.stop("SIGKILL")));
});

/** A port nobody listens on now: the system's pick. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Runs `portfolio serve --dir <workspace>` with `args`; resolves once it says where it is, or rejects with what it said. */
export async function startPreview(workspace: string, options: { args?: string[]; env?: Record<string, string> } = {}): Promise<RunningPreview> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, "bin", "portfolio.js"), "serve", "--dir", workspace, "--port", String(port), ...(options.args ?? [])], {
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const preview: RunningPreview = {
    port,
    base: `http://localhost:${port}`,
    child,
    stderr: () => stderr,
    async stop(signal = "SIGTERM") {
      running.delete(preview);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(preview);
  await waitFor(() => stderr.includes("Ctrl+C stops it") || child.exitCode !== null, "the preview to start", 60_000);
  if (child.exitCode !== null) throw new Error(`portfolio serve exited with ${child.exitCode}:\n${stderr}`);
  return preview;
}

/** Waits until `condition` holds (checked every 100 ms), or fails after `timeout` ms naming what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
