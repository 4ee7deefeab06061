import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * Where the tool keeps what it can make again (the lint's findings, the name lexicon):
 * find-cache-dir's convention, node_modules/.cache/portfolio of the package the command
 * runs in, else the system's temporary folder; `PORTFOLIO_CACHE_DIR` says otherwise.
 * What is kept there holds what the workspace holds, so it is made readable by its owner
 * only (mode 0700).
 */
export function cacheDir(): string {
  if (process.env.PORTFOLIO_CACHE_DIR) return resolve(process.env.PORTFOLIO_CACHE_DIR);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "portfolio");
    if (dirname(dir) === dir) break;
  }
  return join(tmpdir(), `portfolio-cache-${process.getuid?.() ?? "user"}`);
}
