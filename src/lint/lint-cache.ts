import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { codeVersion, KeptResults } from "../kept-results.ts";
import { LINT_RULES, type LintInput, type Severities } from "./lint-rules.ts";

/**
 * The lint's findings by content: a reflection whose text, severities and lint rules are
 * unchanged is not parsed again. In memory for the life of the process (the preview's
 * re-checks), and kept on disk between runs (KeptResults), one file per workspace.
 */
export class LintCache {
  static readonly #memory = new Map<string, Diagnostic[]>();
  static readonly #memoryLimit = 50_000;
  readonly #kept: KeptResults<Diagnostic[]> | undefined;
  /** Each input's key, hashed once for its get and its set. */
  readonly #keys = new WeakMap<LintInput, string>();

  private constructor(kept: KeptResults<Diagnostic[]> | undefined) {
    this.#kept = kept;
  }

  /** The cache for one workspace, read from disk if it was kept there. */
  static async forWorkspace(workspaceDir: string): Promise<LintCache> {
    return new LintCache(await KeptResults.open<Diagnostic[]>("lint", workspaceDir, RULES_VERSION));
  }

  get(input: LintInput, severities: Severities): Diagnostic[] | undefined {
    const key = this.#key(input, severities);
    const memory = LintCache.#memory.get(key);
    if (memory) {
      this.#kept?.set(key, memory);
      return memory;
    }
    return this.#kept?.get(key);
  }

  set(input: LintInput, severities: Severities, findings: Diagnostic[]): void {
    const key = this.#key(input, severities);
    if (LintCache.#memory.size >= LintCache.#memoryLimit) LintCache.#memory.clear();
    LintCache.#memory.set(key, findings);
    this.#kept?.set(key, findings);
  }

  #key(input: LintInput, severities: Severities): string {
    let key = this.#keys.get(input);
    if (key === undefined) this.#keys.set(input, (key = cacheKey(input, severities)));
    return key;
  }

  async save(): Promise<void> {
    await this.#kept?.save();
  }
}

/**
 * What the findings depend on besides the text: the package's version, the lint rules it
 * runs, and the versions of remark and its rules (pinned in package.json); in a
 * development checkout, the lint's own sources and the modules of its rules, which word
 * what it finds.
 */
const RULES_VERSION = codeVersion(
  [
    "diagnostics/rules.ts", "lint/lint-reflection.ts", "lint/lint-report.ts", "lint/lint-rules.ts", "lint/person-names-rule.ts", "markdown/safe-url.ts", "text/person-names.ts", "text/name-lexicon.ts",
    ...[...LINT_RULES, "markdown-too-complex"].map((id) => `diagnostics/rules/${id}.ts`),
  ],
  LINT_RULES.join(),
);

function cacheKey(input: LintInput, severities: Severities): string {
  return createHash("sha1").update(`${input.file}\0${input.bodyStartLine}\0${input.status}\0${[...severities].join(";")}\0`).update(input.body).digest("base64");
}
