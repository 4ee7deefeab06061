import { PLACEHOLDER } from "../../lint/lint-rules.ts";
import type { RuleDefinition } from "../rule.ts";

export default {
  id: "placeholder-left",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: text that `portfolio new` wrote for you to replace, left in a final reflection.",
  message: () => `Text from \`portfolio new\` is left in a final reflection ("${PLACEHOLDER} ...")`,
  hint: () => "replace it with your own words",
  docs: "Lint: finds text that `portfolio new` wrote for the learner to replace (\"Replace this: ...\") left in a final reflection. A draft may keep it; a final reflection goes to the assessor, who would read the prompt instead of the learner's account. Replace it with your own words.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

## Now what

Replace this: what you will do differently.
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

## Now what

Next month I will offer our tenancy data to the bank's fund first.
`,
    },
  },
} as const satisfies RuleDefinition;
