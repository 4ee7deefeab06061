import type { RuleDefinition } from "../rule.ts";

export default {
  id: "yaml-duplicate-key",
  severity: "error",
  reportedBy: "check",
  summary: "The same key appears twice in one YAML mapping.",
  docs: "Finds the same key twice in one YAML mapping (two `date:` lines in front matter, a unit registered twice, two contacts with one id). YAML readers disagree on which one wins, so it is an error, reported at the second where it is written, and front matter holding one is not read. Remove or rename one of them.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
date: 2026-03-15
criteria: ["1.1"]
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
