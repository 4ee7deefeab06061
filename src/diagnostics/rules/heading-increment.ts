import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What remark-lint said, its closing full stop dropped. */
  reason: string;
}

export default {
  id: "heading-increment",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a heading skips a level (`##` then `####`).",
  // The words are remark-lint's own (its rule reports them); src/lint/lint-reflection.ts passes them on.
  message: ({ reason }: Facts) => reason,
  docs: "Lint (remark-lint): finds a heading that skips a level (`##` then `####`). Headings make the reflection's outline, which a screen reader and the tagged PDF follow; a skipped level reads as a missing section. Use the next level down (`###`).",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

#### What I learned

That a partnership has to pay back on both sides.
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

### What I learned

That a partnership has to pay back on both sides.
`,
    },
  },
} as const satisfies RuleDefinition;
