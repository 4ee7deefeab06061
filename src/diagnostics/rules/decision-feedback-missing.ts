import { code } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  id: string;
}

export default {
  id: "decision-feedback-missing",
  severity: "error",
  reportedBy: "assess",
  summary: "A criterion judged not yet met with no feedback saying what is missing.",
  message: ({ urn, id }: Facts) => `${urn} ${code(id)} is judged not yet met, with no feedback`,
  hint: () => "say in `feedback` what the learner needs to show",
  docs: "`portfolio assess`: finds a criterion judged `not-yet` with no feedback. The learner's next reflection is written from it, and an IQA reads it to judge the decision; awarding bodies expect a not-yet-met decision to say what evidence is missing.",
  examples: {
    notOk: exampleDecisions((text) => text.replace('{ decision: not-yet, feedback: Say what you will do next with each contact. }', "{ decision: not-yet }")),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
