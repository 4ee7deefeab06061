import type { RuleDefinition } from "../rule.ts";

export default {
  id: "criteria-empty",
  severity: "error",
  reportedBy: "check",
  summary: "`criteria` is present but lists no criterion.",
  docs: "Finds `criteria` present but listing no criterion (`criteria: []`), so the reflection evidences nothing and cannot count towards the unit. Cite at least one criterion the reflection addresses, and mark it in the text.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: []
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
