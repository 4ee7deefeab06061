import type { RuleDefinition } from "../rule.ts";

export default {
  id: "heading-empty",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a heading with no text.",
  message: () => "Heading is empty",
  hint: () => "write what the section is about, or remove the heading",
  docs: "Lint: finds a heading with no text (a line of `##` alone), often a section started and left. The reader sees a section break with nothing to say what the section is. Write what the section is about, or remove the heading.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

##

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

## What I learned

That a partnership has to pay back on both sides.
`,
    },
  },
} as const satisfies RuleDefinition;
