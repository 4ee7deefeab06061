import { orList } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  /** The units portfolio.yaml registers, in its order. */
  registered: string[];
}

export default {
  id: "unit-not-registered",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection cites a unit that portfolio.yaml does not register.",
  message: ({ urn, registered }: Facts) => `Unit ${urn} is not registered in portfolio.yaml` + (registered.length ? `, expected ${orList(registered)}` : ""),
  hint: ({ urn, registered }: Facts) => (registered.length ? `cite a registered unit or add ${urn} to \`units\`` : "add it to `units`"),
  docs: "Finds a reflection citing a unit that portfolio.yaml does not register, such as a unit from another qualification or a mistyped reference number. The criteria are not counted, since the learner is not assessed on that unit. Cite a registered unit, or add the unit to `units` in portfolio.yaml (with its spec in `units/`).",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
unit: J/506/1949
criteria: ["1.4"]
---
The forum showed me how much of networking now happens online. {ac=1.4}
`,
    },
    ok: {
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
