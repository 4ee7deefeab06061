#!/usr/bin/env node
// The `portfolio` command: the compiled JavaScript in dist/ (`npm run compile` writes it
// from the TypeScript; `npm ci` does so too). The site generator is handed in here, so the
// core in src/ never imports it.
import { existsSync } from "node:fs";

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(new URL("src/cli/main.js", dist))) {
  process.stderr.write("portfolio: dist/ is missing: run `npm run compile` in the package's folder (npm ci does it too).\n");
  process.exit(2);
}
const { main } = await import(new URL("src/cli/main.js", dist).href);
process.exitCode = await main(process.argv.slice(2), undefined, {
  site: async () => (await import(new URL("plugins/eleventy-site.js", dist).href)).eleventySite,
});
