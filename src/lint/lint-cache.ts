import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { cacheDir } from "../cache-dir.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { replaceFile } from "../interrupt.ts";
import { packageFile } from "../package-root.ts";
import { LINT_RULES, type LintInput, type Severities } from "./lint-rules.ts";

/**
 * The lint's findings by content, kept between runs as ESLint's and Prettier's caches
 * are: a reflection whose text, severities and lint rules are unchanged is not parsed
 * again. In memory for the life of the process (the preview's re-checks), and on disk in
 * `node_modules/.cache/portfolio/` of the nearest package (else the system's temporary
 * folder), one file per workspace. A missing, unreadable or foreign cache file is the
 * same as an empty one; `PORTFOLIO_CACHE=off` turns it off.
 */
export class LintCache {
  static readonly #memory = new Map<string, Diagnostic[]>();
  static readonly #memoryLimit = 50_000;
  readonly #file: string | undefined;
  readonly #used = new Map<string, Diagnostic[]>();
  /** Each input's key, hashed once for its get and its set. */
  readonly #keys = new WeakMap<LintInput, string>();
  #loaded = new Map<string, Diagnostic[]>();
  #changed = false;

  private constructor(file: string | undefined) {
    this.#file = file;
  }

  /** The cache for one workspace, read from disk if it was kept there. */
  static async forWorkspace(workspaceDir: string): Promise<LintCache> {
    if (process.env.PORTFOLIO_CACHE === "off") return new LintCache(undefined);
    const file = join(cacheDir(), `lint-${createHash("sha256").update(resolve(workspaceDir)).digest("hex").slice(0, 16)}.json`);
    const cache = new LintCache(file);
    try {
      const stored = JSON.parse(await readFile(file, "utf8")) as { rules?: string; entries?: Record<string, Diagnostic[]> };
      if (stored.rules === RULES_VERSION && stored.entries && typeof stored.entries === "object") cache.#loaded = new Map(Object.entries(stored.entries));
    } catch {
      // No cache yet, or one that cannot be read: start empty.
    }
    return cache;
  }

  get(input: LintInput, severities: Severities): Diagnostic[] | undefined {
    const key = this.#key(input, severities);
    const found = LintCache.#memory.get(key) ?? this.#loaded.get(key);
    if (found) this.#used.set(key, found);
    return found;
  }

  set(input: LintInput, severities: Severities, findings: Diagnostic[]): void {
    const key = this.#key(input, severities);
    if (LintCache.#memory.size >= LintCache.#memoryLimit) LintCache.#memory.clear();
    LintCache.#memory.set(key, findings);
    this.#used.set(key, findings);
    this.#changed = true;
  }

  #key(input: LintInput, severities: Severities): string {
    let key = this.#keys.get(input);
    if (key === undefined) this.#keys.set(input, (key = cacheKey(input, severities)));
    return key;
  }

  /** Keeps what this run used (so deleted reflections drop out), written whole or not at all. */
  async save(): Promise<void> {
    if (!this.#file || (!this.#changed && this.#used.size === this.#loaded.size)) return;
    try {
      await mkdir(dirname(this.#file), { recursive: true });
      await replaceFile(this.#file, JSON.stringify({ rules: RULES_VERSION, entries: Object.fromEntries(this.#used) }));
    } catch {
      // A cache that cannot be written costs time next run, nothing else.
    }
  }
}

/**
 * What the findings depend on besides the text: the package's version, the lint rules it
 * runs, and the versions of remark and its rules (pinned in package.json). A development
 * checkout, whose version stays put while its rules change, adds the lint's own sources.
 */
const RULES_VERSION = (() => {
  const pkg = readFileSync(packageFile("package.json"));
  const hash = createHash("sha256").update(pkg).update(LINT_RULES.join());
  const sources = ["lint-reflection.ts", "lint-rules.ts", "person-names-rule.ts", "../markdown/safe-url.ts", "../text/person-names.ts", "../text/name-lexicon.ts"].map((file) => packageFile("src", "lint", file));
  if (existsSync(sources[0]!)) for (const source of sources) hash.update(readFileSync(source));
  return hash.digest("hex").slice(0, 16);
})();

function cacheKey(input: LintInput, severities: Severities): string {
  return createHash("sha1").update(`${input.file}\0${input.bodyStartLine}\0${input.status}\0${[...severities].join(";")}\0`).update(input.body).digest("base64");
}
