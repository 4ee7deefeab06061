import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { previewUrl } from "../../site/preview-host.ts";
import type { Preview } from "../../site/site-renderer.ts";
import { EXIT, parseFlags, type Io, type Tools } from "../cli-io.ts";
import { workspaceDir } from "../workspace-dir.ts";
import { version } from "../main.ts";

export const serveHelp = `Usage: portfolio serve [--dir DIR] [--port N] [--host H]

Builds the site and serves it on localhost, rebuilding and reloading the page each time
you save. The check's findings show on every page and on a Findings page; a broken
reflection never stops it. The preview includes your private notes, so it is marked as a
preview: it is not what you submit (\`npm run build\` makes that).

Options:
  --dir DIR    the workspace (default: the one this folder is in, else ./portfolio)
  --port N     the port (default: 8080)
  --host H     the address to listen on (default: 127.0.0.1, this computer only); any
               other lets others on the network see your private notes and names. It
               answers only to localhost and that address (for 0.0.0.0, any IP address of
               this computer), never to another name, so no web page can read it through
               DNS rebinding
  -h, --help   show this help`;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

export async function serveCommand(args: string[], io: Io, tools: Tools): Promise<number> {
  const { values } = parseFlags("serve", args, {
    dir: { type: "string" }, port: { type: "string", default: "8080" }, host: { type: "string", default: "127.0.0.1" }, help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(serveHelp); return EXIT.ok; }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const { assertWorkspace } = await import("../../workspace/load-workspace.ts");
  const given = workspaceDir(values.dir);
  await assertWorkspace(given); // Fails now, with exit 2, if there is no workspace there.
  const dir = resolve(given);
  // Stopping is heard from the start, so the preview's folder is removed however early it comes.
  const stopped = new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => done());
  });
  // The preview's pages hold the private notes: a folder of its own, that only this user
  // can read, under a name nobody can guess (so nobody can put one there first), never
  // _site/; removed when the preview stops, or fails to start.
  const out = await mkdtemp(join(tmpdir(), "portfolio-preview-"));
  let preview: Preview;
  try {
    preview = await (await tools.site()).preview({ dir, outDir: out, version: version(), host: values.host!, port });
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
  const local = isLoopback(values.host!);
  io.err(`Preview of ${given} at ${previewUrl({ host: values.host!, port })} ; it rebuilds each time you save. Ctrl+C stops it.`);
  if (!local) io.err(`portfolio: the preview listens on ${values.host}, so others on the network can open it, with your private notes and contacts' names.`);
  await stopped;
  // The server and the watcher would keep Node running after the signal: close them.
  await preview.close();
  await rm(out, { recursive: true, force: true });
  setTimeout(() => process.exit(EXIT.ok), 1000).unref();
  return EXIT.ok;
}
