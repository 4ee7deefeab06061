import type { RuleDefinition } from "../rule.ts";

export default {
  id: "field-unknown",
  severity: "warning",
  reportedBy: "check",
  summary: "A field the tool does not read, often a misspelling (`critera`).",
  docs: "Finds a field the tool does not read, in front matter, portfolio.yaml, a unit spec or the register: most often a misspelling of one it does (`stauts` for `status`), which means the value the learner meant to give is silently not used. It is a warning, and the nearest known field is suggested. Correct the spelling, or remove the field.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
stauts: draft
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: draft
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
