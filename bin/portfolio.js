#!/usr/bin/env node
// The `portfolio` command: the compiled JavaScript in dist/ (`npm run compile` writes it
// from the TypeScript; `npm ci` does so too). The site generator is handed in here, so the
// core in src/ never imports it.
import { existsSync } from "node:fs";

// An exception nothing caught (in a callback, outside the command's own chain) is a bug in
// portfolio, as main() reports the ones it catches: exit 70 (EX_SOFTWARE), never 1, which
// means the content has errors.
process.on("uncaughtException", (error) => {
  process.stderr.write(`portfolio: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n  This is a bug; please report it with the output above.\n`);
  process.exit(70);
});

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("src/cli/main.js", dist))) {
  process.stderr.write("portfolio: dist/ is missing: run `npm run compile` in the package's folder (npm ci does it too).\n");
  process.exit(2);
}
const { main } = await import(new URL("src/cli/main.js", dist).href);
const code = await main(process.argv.slice(2), undefined, {
  site: async () => (await import(new URL("plugins/eleventy-site.js", dist).href)).eleventySite,
});
// The command is done (the preview returns only once stopped). Whatever is still pending
// belongs to something it ended: a browser killed mid-print leaves puppeteer waiting 30 s
// for a page that will never open, and the learner waiting with it. Exit once the output
// is written.
process.exitCode = code;
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
