import type { Severity } from "../diagnostics/diagnostic.ts";

// What the rest of the code needs to know of the lint, without loading remark and its
// rules (a sixth of a second at start-up, for nothing when every finding is cached).

/** What `portfolio new` writes for the learner to replace. */
export const PLACEHOLDER = "Replace this:";

export const LINT_RULES = [
  "heading-increment", "no-duplicate-headings", "no-heading-content-indent", "list-item-bullet-indent", "no-blockquote-without-marker",
  "no-undefined-references", "no-unused-definitions", "no-empty-url", "link-refused", "heading-empty", "section-empty", "placeholder-left", "markers-missing", "person-not-in-register",
] as const;
export type LintRule = (typeof LINT_RULES)[number];

/** Rules that apply to final reflections only. */
export const FINAL_ONLY: ReadonlySet<string> = new Set(["placeholder-left", "markers-missing"]);

/** What the lint needs of a reflection: its body and the line the body starts on. */
export interface LintInput {
  file: string;
  body: string;
  bodyStartLine: number;
  status: string;
}

export type Severities = ReadonlyMap<string, Severity | "off">;
