import type { RuleDefinition } from "../rule.ts";

export default {
  id: "field-missing",
  severity: "error",
  reportedBy: "check",
  summary: "A required field is missing (reflection `title`, `date`, `criteria`; portfolio.yaml and unit spec fields).",
  docs: "Finds a required field that is missing: a reflection's `title`, `date` or `criteria`, the learner, centre, qualification or units of portfolio.yaml, a unit spec's fields, a contact's name or role. Without them the portfolio cannot say what a reflection evidences, or whose work it is; the message shows the field to add. A misspelt field (`critera`) is reported here, at the misspelling, with the right name.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
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
