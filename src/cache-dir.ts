import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * Where the tool keeps what it can make again (the lint's findings, what evidence files
 * gave, the name lexicon): find-cache-dir's convention, node_modules/.cache/portfolio of the
 * package the command runs in; else the user's own cache folder (~/.cache/portfolio,
 * XDG_CACHE_HOME, ~/Library/Caches/portfolio on macOS, %LOCALAPPDATA% on Windows), never a
 * folder shared by every user of the computer, where another could read or plant results;
 * `PORTFOLIO_CACHE_DIR` says otherwise. What is kept holds what the workspace holds, so the
 * folder is made readable by its owner only (mode 0700).
 */
export function cacheDir(): string {
  if (process.env.PORTFOLIO_CACHE_DIR) return resolve(process.env.PORTFOLIO_CACHE_DIR);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "portfolio");
    if (dirname(dir) === dir) break;
  }
  return userCacheDir();
}

function userCacheDir(): string {
  const home = homedir();
  if (process.platform === "darwin") return join(home, "Library", "Caches", "portfolio");
  if (process.platform === "win32") return join(process.env.LOCALAPPDATA ?? join(home, "AppData", "Local"), "portfolio", "Cache");
  return join(process.env.XDG_CACHE_HOME || join(home, ".cache"), "portfolio");
}
