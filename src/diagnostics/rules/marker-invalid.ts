import type { RuleDefinition } from "../rule.ts";

export default {
  id: "marker-invalid",
  severity: "warning",
  reportedBy: "check",
  summary: "A `{ac=...}` marker that cannot be read as criterion ids.",
  docs: "Finds a `{ac=...}` marker that cannot be read as criterion ids (`{ac=AC1.1}`, `{ac=one}`), or one that is not at the end of its paragraph or heading, or one holding an invisible character. It marks nothing, so the criterion it meant is not marked. Write ids such as `{ac=1.2}`, `{ac=1.2,2.1}` or `{ac=R/600/9587:1.2}`, at the end of the paragraph.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=AC1.1}
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
