import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The URNs registered in portfolio.yaml, any of which the list could be for. */
  registered: readonly string[];
}

export default {
  id: "criteria-unit-missing",
  severity: "error",
  reportedBy: "check",
  summary: "`criteria` is a list but no `unit:` says which unit, and more than one unit is registered.",
  message: (_: Facts) => "`criteria` does not say which unit",
  hint: ({ registered }: Facts) => `add \`unit:\` with one of ${registered.map(code).join(", ")}, or write \`criteria\` as a map from unit to ids`,
  docs: "Finds a `criteria` list without a `unit:` when more than one unit is registered, so `1.1` could be the first criterion of any of them. The criteria are not counted for any unit. Add `unit:` with the unit's reference number, or write `criteria` as a map from unit to ids.",
  examples: {
    notOk: {
      "portfolio.yaml": `learner:
  name: Test Learner
  candidate_number: "0001"
centre:
  name: Test Centre
  number: "10001"
qualification: Test qualification
units:
  - R/600/9587
  - J/506/1949
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "portfolio.yaml": `learner:
  name: Test Learner
  candidate_number: "0001"
centre:
  name: Test Centre
  number: "10001"
qualification: Test qualification
units:
  - R/600/9587
  - J/506/1949
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
unit: R/600/9587
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
