import { code } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The criteria judged not yet met (by the IQA: disagreed with), as `URN id`. */
  notYet: string[];
  /** The IQA's outcome `agree` while disagreeing on a criterion. */
  iqa?: boolean;
}

export default {
  id: "decision-outcome-inconsistent",
  severity: "error",
  reportedBy: "assess",
  summary: "An outcome of `met` while a criterion is judged not yet met (by the IQA: `agree` while disagreeing on a criterion).",
  message: ({ notYet, iqa }: Facts) => (iqa
    ? `The outcome is ${code("agree")}, but you disagree with the assessor on ${notYet.join(", ")}`
    : `The outcome is ${code("met")}, but ${notYet.length === 1 ? "a criterion is" : `${notYet.length} criteria are`} not yet met (${notYet.join(", ")})`),
  hint: ({ iqa }: Facts) => (iqa ? "make the outcome `disagree`, or change those decisions" : "make the outcome `not-yet`, or change those decisions"),
  docs: "`portfolio assess`: finds an overall outcome of `met` while one or more criteria are judged `not-yet`. A unit is achieved only when every one of its assessment criteria is met, so the record would contradict itself in front of the IQA and the external verifier.",
  examples: {
    notOk: exampleDecisions((text) => text.replace("outcome: not-yet", "outcome: met")),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
