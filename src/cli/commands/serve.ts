import { rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { EXIT, parseFlags, type Io, type Tools } from "../cli-io.ts";
import { version } from "../main.ts";

export const serveHelp = `Usage: portfolio serve [--dir DIR] [--port N]

Builds the site and serves it on localhost, rebuilding and reloading the page each time
you save. The check's findings show on every page and on a Findings page; a broken
reflection never stops it. The preview includes your private notes, so it is marked as a
preview: it is not what you submit (\`npm run build\` makes that).

Options:
  --dir DIR    the workspace (default: portfolio)
  --port N     the port (default: 8080)
  --host H     the address to listen on (default: 127.0.0.1, this computer only); any
               other lets others on the network see your private notes and names
  -h, --help   show this help`;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

export async function serveCommand(args: string[], io: Io, tools: Tools): Promise<number> {
  const { values } = parseFlags("serve", args, {
    dir: { type: "string", default: "portfolio" }, port: { type: "string", default: "8080" }, host: { type: "string", default: "127.0.0.1" }, help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(serveHelp); return EXIT.ok; }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
  const { assertWorkspace } = await import("../../workspace/load-workspace.ts");
  await assertWorkspace(values.dir!); // Fails now, with exit 2, if there is no workspace there.
  const dir = resolve(values.dir!);
  // Somewhere of its own, so the preview never touches the built site in _site/.
  const out = join(tmpdir(), `portfolio-preview-${createHash("sha256").update(dir).digest("hex").slice(0, 12)}`);
  const preview = await (await tools.site()).preview({ dir, outDir: out, version: version(), host: values.host!, port });
  const local = isLoopback(values.host!);
  io.err(`Preview of ${values.dir} at http://${local ? "localhost" : values.host}:${port}/ ; it rebuilds each time you save. Ctrl+C stops it.`);
  if (!local) io.err(`portfolio: the preview listens on ${values.host}, so others on the network can open it, with your private notes and contacts' names.`);
  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  // The server and the watcher would keep Node running after the signal: close them.
  await preview.close();
  // The preview's pages are only for the preview: nothing is left behind in the temp folder.
  await rm(out, { recursive: true, force: true });
  setTimeout(() => process.exit(EXIT.ok), 1000).unref();
  return EXIT.ok;
}
