import type { RuleDefinition } from "../rule.ts";

export default {
  id: "front-matter-unclosed",
  severity: "error",
  reportedBy: "check",
  summary: "The front matter block is opened with `---` but never closed.",
  message: () => "Front matter is opened with `---` but never closed",
  hint: () => "add a `---` line after the last field",
  docs: "Finds front matter opened with `---` but never closed, so the whole reflection would be read as YAML and its text lost. Add a `---` line after the last field.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]

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
