import { code } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  id: string;
  /** An IQA disagreeing with the assessor's decision, rather than an assessor judging it not yet met. */
  iqa?: boolean;
}

export default {
  id: "decision-feedback-missing",
  severity: "error",
  reportedBy: "assess",
  summary: "A criterion judged not yet met (or, by the IQA, a decision disagreed with) with no feedback saying why.",
  message: ({ urn, id, iqa }: Facts) => (iqa ? `You disagree with the assessor's decision on ${urn} ${code(id)}, with no feedback` : `${urn} ${code(id)} is judged not yet met, with no feedback`),
  hint: ({ iqa }: Facts) => (iqa ? "say in `feedback` why, for the assessor" : "say in `feedback` what the learner needs to show"),
  docs: "`portfolio assess`: finds a criterion judged `not-yet` with no feedback. The learner's next reflection is written from it, and an IQA reads it to judge the decision; awarding bodies expect a not-yet-met decision to say what evidence is missing.",
  examples: {
    notOk: exampleDecisions((text) => text.replace('{ decision: not-yet, feedback: Say what you will do next with each contact. }', "{ decision: not-yet }")),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
