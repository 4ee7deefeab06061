import type { RuleDefinition } from "../rule.ts";

export default {
  id: "markers-missing",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a final reflection that marks no criterion with `{ac=...}`.",
  message: () => "The reflection marks no criterion",
  hint: () => "add `{ac=1.2}` at the end of the paragraph where each is addressed",
  docs: "Lint: finds a final reflection that marks no criterion with `{ac=...}` anywhere (a draft, left out of the PDF, is not linted for it). The assessor cannot see where any cited criterion is addressed, and the evidence map in the PDF cannot point to a page. Add `{ac=1.2}` at the end of each paragraph where a criterion is addressed.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them.
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
