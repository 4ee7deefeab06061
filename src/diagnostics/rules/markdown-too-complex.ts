import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** Quotes and list items opened on one line, `depth` deep, past the `limit` the pages show. */
  | { kind: "nested"; depth: number; limit: number }
  /** Nesting built up over many lines that overflowed remark's recursion. */
  | { kind: "overflow" };

export default {
  id: "markdown-too-complex",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: lists or quotes nested more than 100 deep, which the pages do not show either (markdown-it stops at 100), or too deep for remark; the lint skipped the file rather than taking seconds or crashing.",
  message: (facts: Facts) =>
    `${facts.kind === "nested" ? `Lists or quotes are nested ${facts.depth} deep here, more than the ${facts.limit} the site and PDF show` : "The Markdown is nested too deeply to be checked"}, so the lint skipped this file`,
  hint: () => "flatten the nesting",
  docs: "Lint: finds lists or quotes nested more than 100 deep (which the site and PDF do not show either: markdown-it stops at 100), or nesting too deep for remark to parse. The lint skips the file rather than taking seconds or crashing, so none of the lint's other findings are given for it. Flatten the nesting; it is almost always text pasted from elsewhere.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

${"> ".repeat(101)}A quote pasted from a long email thread.
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

> > A quote pasted from an email thread.
`,
    },
  },
} as const satisfies RuleDefinition;
