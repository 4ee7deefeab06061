import type { RuleDefinition } from "../rule.ts";

export default {
  id: "yaml-syntax",
  severity: "error",
  reportedBy: "check",
  summary: "A YAML syntax error, at the line and column of the fault.",
  docs: "Finds YAML that cannot be read, in front matter, portfolio.yaml, a unit spec or the register, at the line and column where the parser found the fault. The most common cause is a title holding `: ` or starting with `@`, which YAML reads as its own syntax; the message then says to put the value in double quotes. The file's fields are not read until it is fixed.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: Networking: what the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: "Networking: what the housing forum taught me"
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
