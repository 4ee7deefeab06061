import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const CONFIG = "portfolio.yaml";

/**
 * The workspace a command works on. Without --dir it is found as git finds a repository:
 * this folder if it holds portfolio.yaml; else its `portfolio/` folder (as `portfolio init`
 * makes it, run from the folder above); else the nearest folder above this one that holds
 * portfolio.yaml (from inside `reflections/`, say). Else `portfolio`, which the command
 * then reports missing, saying what to pass.
 */
export function workspaceDir(given: string | undefined, cwd = process.cwd()): string {
  if (given !== undefined) return given;
  if (existsSync(join(cwd, CONFIG))) return ".";
  if (existsSync(join(cwd, "portfolio", CONFIG))) return "portfolio";
  for (let dir = dirname(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG))) return relative(cwd, dir);
    if (dirname(dir) === dir) return "portfolio";
  }
}

/**
 * The site's folder without --out: `_site` here, or beside the workspace when here is
 * inside it, since nothing is ever built inside the sources.
 */
export function siteDir(given: string | undefined, workspace: string, cwd = process.cwd()): string {
  if (given !== undefined) return given;
  const root = resolve(cwd, workspace);
  const here = resolve(cwd, "_site");
  return here.startsWith(`${root}${sep}`) ? relative(cwd, join(dirname(root), "_site")) : "_site";
}
