import { unitSpecFileName } from "../../spec/write-unit-spec.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
}

export default {
  id: "unit-spec-missing",
  severity: "error",
  reportedBy: "check",
  summary: "portfolio.yaml registers a unit that has no spec in units/.",
  message: ({ urn }: Facts) => `Unit ${urn} is registered but has no spec in units/`,
  // The name `portfolio spec import` gives the spec it writes.
  hint: ({ urn }: Facts) => `add units/${unitSpecFileName(urn)}`,
  docs: "Finds a unit registered in portfolio.yaml with no spec in `units/`, so its outcomes and criteria are unknown: nothing can be checked against it and the site and PDF cannot show it. It is reported at the registration. Add the spec (`portfolio spec import` makes one from the awarding body's PDF or web page), or correct the reference number.",
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
  - M/502/4567
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
    },
  },
} as const satisfies RuleDefinition;
