import { ASSESSED_REFLECTION, exampleAssessment } from "../example-assessment.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  id: string;
  assessor: string;
  date: string;
  feedback: string;
}

export default {
  id: "assessment-not-yet",
  severity: "warning",
  reportedBy: "check",
  summary: "A criterion the assessor judged not yet met, with no final reflection evidencing it changed or written since (stored by `portfolio feedback`).",
  message: (facts: Facts) => `${facts.urn} ${code(facts.id)} was judged not yet met by ${facts.assessor} on ${facts.date}${facts.feedback ? `: “${facts.feedback}”` : ""}`,
  hint: () => "evidence it in a final reflection changed or written since, then build and resubmit",
  docs: "Finds a criterion the assessor judged not yet met in the latest assessment `portfolio feedback` stored in `assessment/`, while no final reflection evidencing it has changed since the PDF that was assessed (each reflection's SHA-256 then is kept with the assessment). It is reported at the decision in the stored file, with the assessor's feedback, so the feedback stays in view while the learner works; once a reflection evidencing the criterion is revised or a new one written, it is no longer reported.",
  examples: {
    notOk: { "reflections/review.md": ASSESSED_REFLECTION, "assessment/2026-04-02-assessor.json": exampleAssessment() },
    ok: {
      "reflections/review.md": `${ASSESSED_REFLECTION}\nNext: I will meet the forum chair in May to agree a date for the shared training session, and ring the two suppliers I have not spoken to since January. {ac=3.2}\n`,
      "assessment/2026-04-02-assessor.json": exampleAssessment(),
    },
  },
} as const satisfies RuleDefinition<Facts>;
