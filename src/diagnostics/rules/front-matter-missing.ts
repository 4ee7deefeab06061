import type { RuleDefinition } from "../rule.ts";

export default {
  id: "front-matter-missing",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection does not start with a `---` YAML front matter block.",
  message: () => "No front matter",
  hint: () => "start the file with a `---` line, then `title:`, `date:` and `criteria:`, then a closing `---` line",
  docs: "Finds a reflection that does not start with a `---` line opening its front matter: the YAML block that gives its title, date and the criteria it evidences. Without it the reflection cannot count towards any criterion, so it is not read. Start the file with `---`, then `title:`, `date:` and `criteria:`, then a closing `---` line.",
  examples: {
    notOk: {
      "reflections/forum.md": `# What the housing forum taught me

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
