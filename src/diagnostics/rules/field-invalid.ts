import type { RuleDefinition } from "../rule.ts";

export default {
  id: "field-invalid",
  severity: "error",
  reportedBy: "check",
  summary: "A field has the wrong kind of value (a list where text is expected, an unknown `status` or `evidence_type`).",
  docs: "Finds a field with the wrong kind of value: a list where text is expected, a `status` other than `draft` or `final`, an `evidence_type` not in the list, a unit reference number not written like `R/600/9587`, an id holding an invisible character pasted in from a web page. The value cannot be used; like every error, it stops the build until it is corrected. The message says what was expected.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: finished
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: final
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
