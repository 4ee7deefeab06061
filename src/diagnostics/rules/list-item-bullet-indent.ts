import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "list-item-bullet-indent",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a list's bullets are indented.",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds a list whose bullets are indented from the margin. Indented further, a bullet becomes code or part of the item before it, so a list kept at the margin keeps its shape when it is edited. Start each bullet at the margin.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

What the partners offered:

 * a referral route
 * data on tenancies
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

What the partners offered:

* a referral route
* data on tenancies
`,
    },
  },
} as const satisfies RuleDefinition;
