import { createHash } from "node:crypto";
import { chmod, mkdir, readFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { cacheDir } from "./cache-dir.ts";
import { replaceFile } from "./interrupt.ts";
import { packageFile } from "./package-root.ts";

/**
 * What a run worked out, kept on disk for the next one by a key of its content, as ESLint's
 * and Prettier's caches are: one file per workspace and kind in the cache folder, readable
 * by its owner only (it holds what the workspace holds). A missing, unreadable or foreign
 * file is the same as an empty one; `PORTFOLIO_CACHE=off` turns it off. Only what a run
 * used is kept, so deleted files drop out; the file is written whole or not at all.
 */
export class KeptResults<T> {
  readonly #file: string | undefined;
  readonly #version: string;
  #loaded = new Map<string, T>();
  readonly #used = new Map<string, T>();
  #changed = false;

  private constructor(file: string | undefined, version: string) {
    this.#file = file;
    this.#version = version;
  }

  /** The results of `kind` (`lint`, `evidence`) for one workspace, made by code of `version`. */
  static async open<T>(kind: string, workspaceDir: string, version: string): Promise<KeptResults<T>> {
    if (process.env.PORTFOLIO_CACHE === "off") return new KeptResults<T>(undefined, version);
    const file = join(cacheDir(), `${kind}-${createHash("sha256").update(resolve(workspaceDir)).digest("hex").slice(0, 16)}.json`);
    const kept = new KeptResults<T>(file, version);
    try {
      const stored = JSON.parse(await readFile(file, "utf8")) as { version?: string; entries?: Record<string, T> };
      if (stored.version === version && stored.entries && typeof stored.entries === "object") kept.#loaded = new Map(Object.entries(stored.entries));
    } catch {
      // None kept yet, or a file that cannot be read: start empty.
    }
    return kept;
  }

  get(key: string): T | undefined {
    const found = this.#loaded.get(key);
    if (found !== undefined) this.#used.set(key, found);
    return found;
  }

  /** Keeps `value` for `key` (a key of content, so a kept key's value is the same). */
  set(key: string, value: T): void {
    this.#used.set(key, value);
    if (!this.#loaded.has(key)) this.#changed = true;
  }

  async save(): Promise<void> {
    if (!this.#file || (!this.#changed && this.#used.size === this.#loaded.size)) return;
    try {
      await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
      await replaceFile(this.#file, JSON.stringify({ version: this.#version, entries: Object.fromEntries(this.#used) }));
      await chmod(this.#file, 0o600);
    } catch {
      // Results that cannot be kept cost time next run, nothing else.
    }
  }
}

/**
 * The version of the code that made some results: the package's version and pinned
 * dependencies, the `extra` it depends on (a rule list), and, in a development checkout,
 * whose version stays put while its code changes, the sources named (relative to src/).
 */
export function codeVersion(sources: readonly string[], extra = ""): string {
  const hash = createHash("sha256").update(readFileSync(packageFile("package.json"))).update(extra);
  const files = sources.map((file) => packageFile("src", file));
  if (existsSync(files[0]!)) for (const file of files) hash.update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}
