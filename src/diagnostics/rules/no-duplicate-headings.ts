import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "no-duplicate-headings",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: two headings with the same text.",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds two headings with the same text in one reflection. A reader, or a screen reader listing the headings, cannot tell the two sections apart, and the second often repeats or continues the first. Give each section its own heading.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

## What happened

A week later the bank's fund wrote back.
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

## What happened next

A week later the bank's fund wrote back.
`,
    },
  },
} as const satisfies RuleDefinition;
