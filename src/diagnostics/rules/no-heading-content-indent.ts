import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "no-heading-content-indent",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: extra spaces between a heading's `#` and its text.",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds extra spaces between a heading's `#` marks and its text (`##   What happened`), often left by pasting. The heading shows the same, but the source is untidy, and it is usually a sign of text pasted from elsewhere. Leave one space.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
##   What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
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
`,
    },
  },
} as const satisfies RuleDefinition;
