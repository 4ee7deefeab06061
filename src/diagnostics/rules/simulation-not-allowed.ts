import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** A unit the reflection cites whose spec says `simulation: false`. */
  urn: string;
}

export default {
  id: "simulation-not-allowed",
  severity: "error",
  reportedBy: "check",
  summary: "`evidence_type: simulation` for a unit whose spec does not allow simulation.",
  message: ({ urn }: Facts) => `Simulation is not allowed for unit ${urn}`,
  hint: ({ urn }: Facts) => `evidence real work activities (another \`evidence_type\`), or do not cite ${urn} here`,
  docs: "Finds `evidence_type: simulation` in a reflection citing a unit whose spec does not allow simulation (`evidence: simulation: false`, as in most units assessed in the workplace). The awarding body will not accept it as evidence for that unit, so the verifier would reject the claim. Evidence real work (another `evidence_type`), or do not cite that unit here.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence_type: simulation
criteria: ["1.1"]
---
In a role-play of the housing forum I weighed what each partner could offer us. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence_type: reflective-account
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
