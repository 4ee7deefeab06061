import { code, orList } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  id: string;
  /** The units the reflection cites the id for. */
  urns: string[];
}

export default {
  id: "marker-ambiguous",
  severity: "warning",
  reportedBy: "check",
  summary: "A marker's id is cited for several units; qualify it as `{ac=URN:id}`.",
  message: ({ id, urns }: Facts) => `Marker for ${code(id)} could be for ${orList(urns)}, which both cite it`,
  hint: ({ id, urns }: Facts) => `write ${orList(urns.map((urn) => code(`{ac=${urn}:${id}}`)))}`,
  docs: "Finds a marker whose id is cited for more than one unit in the reflection (`{ac=1.1}` when both R/600/9587 and J/506/1949 cite 1.1), so it cannot be linked to one criterion. Qualify the marker with its unit: `{ac=R/600/9587:1.1}`.",
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
criteria:
  R/600/9587: ["1.1"]
  J/506/1949: ["1.1"]
---
At the housing forum I listened more than I talked, and weighed what each partner could offer us. {ac=1.1}
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
criteria:
  R/600/9587: ["1.1"]
  J/506/1949: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=R/600/9587:1.1}

I listened more than I talked, and asked each partner about their work first. {ac=J/506/1949:1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
