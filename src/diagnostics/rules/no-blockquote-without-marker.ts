import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "no-blockquote-without-marker",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a line inside a quote lacks its `>`.",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds a line inside a quote that lacks its `>`. Markdown carries the quote on (a \"lazy\" line), but the source no longer shows which words are quoted, and an edit can easily end the quote in the wrong place. Start each line of the quote with `>`.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

The fund's manager put it plainly:

> A partnership has to pay back
on both sides.
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

The fund's manager put it plainly:

> A partnership has to pay back
> on both sides.
`,
    },
  },
} as const satisfies RuleDefinition;
