import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  /** The spec that is read for the unit (the first by file name). */
  firstFile: string;
}

export default {
  id: "unit-spec-duplicate",
  severity: "error",
  reportedBy: "check",
  summary: "Two files in units/ describe the same unit.",
  message: ({ urn, firstFile }: Facts) => `Unit ${urn} is already described by ${firstFile}`,
  hint: () => "keep one spec per unit and delete the other",
  docs: "Finds two files in `units/` that describe the same unit (a spec imported again under another name, say). Only one of them is read (the first by file name), so an edit to the other would silently change nothing, and the finding is given at whichever comes second. Keep one spec per unit, named for its reference number (`units/R-600-9587.yaml`), and delete the other.",
  examples: {
    notOk: {
      "units/R-600-9587-copy.yaml": `urn: R/600/9587
title: Develop, maintain and review personal networks
level: 4
credit: 4
glh: 25
outcomes:
  - id: "1"
    text: Understand the benefits of networking and the need for data privacy
    criteria:
      - id: "1.1"
        text: Evaluate the benefits of networking with individuals and organisations
evidence:
  simulation: false
`,
    },
    ok: {
      "units/R-600-9587.yaml": `urn: R/600/9587
title: Develop, maintain and review personal networks
level: 4
credit: 4
glh: 25
outcomes:
  - id: "1"
    text: Understand the benefits of networking and the need for data privacy
    criteria:
      - id: "1.1"
        text: Evaluate the benefits of networking with individuals and organisations
evidence:
  simulation: false
`,
    },
  },
} as const satisfies RuleDefinition;
