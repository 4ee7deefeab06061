import { code } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The criteria judged not yet met, as `URN id`. */
  notYet: string[];
}

export default {
  id: "decision-outcome-inconsistent",
  severity: "error",
  reportedBy: "assess",
  summary: "An outcome of `met` for the portfolio while a criterion is judged not yet met.",
  message: ({ notYet }: Facts) => `The outcome is ${code("met")}, but ${notYet.length === 1 ? "a criterion is" : `${notYet.length} criteria are`} not yet met (${notYet.join(", ")})`,
  hint: () => "make the outcome `not-yet`, or change those decisions",
  docs: "`portfolio assess`: finds an overall outcome of `met` while one or more criteria are judged `not-yet`. A unit is achieved only when every one of its assessment criteria is met, so the record would contradict itself in front of the IQA and the external verifier.",
  examples: {
    notOk: exampleDecisions((text) => text.replace("outcome: not-yet", "outcome: met")),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
