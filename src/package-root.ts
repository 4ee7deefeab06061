import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The folder of this package: the nearest above this module holding package.json. The same
 * from the TypeScript sources (src/) and the compiled JavaScript (dist/src/), installed or not.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return (root = dir);
}

/** A file or folder the package ships beside its code: `packageFile("layouts", "assets")`. */
export function packageFile(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
