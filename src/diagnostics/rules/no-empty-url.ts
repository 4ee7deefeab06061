import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "no-empty-url",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a link or image with an empty address.",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds a link or image with an empty address (`[the guide]()`), usually a link left to fill in. It leads nowhere in the site or the PDF. Add the address, or remove the link.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

I followed [the council's partnership guide]().
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

I followed [the council's partnership guide](https://example.org/partnership-guide).
`,
    },
  },
} as const satisfies RuleDefinition;
