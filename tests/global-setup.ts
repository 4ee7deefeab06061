import { spawnSync } from "node:child_process";
import { join } from "node:path";

/**
 * The tests run the command as it ships, the compiled JavaScript in dist/ (as bin/portfolio.js
 * does): compiled once here, from the sources under test, before any test starts.
 */
export default function compile(): void {
  const root = join(import.meta.dirname, "..");
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed, so dist/ would not match the sources:\n${tsc.stdout}${tsc.stderr}`);
}
