import { ASSESSED_REFLECTION, exampleAssessment } from "../example-assessment.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** Why it cannot be read. */
  problem: string;
}

export default {
  id: "assessment-file-invalid",
  severity: "warning",
  reportedBy: "check",
  summary: "A file in `assessment/` that is not an assessment as `portfolio feedback` stores one; it is not read.",
  message: (facts: Facts) => `This assessment cannot be read: ${facts.problem}`,
  hint: () => "store it again from the assessed PDF with `portfolio feedback FILE.pdf`, or remove it",
  docs: "Finds a file in `assessment/` that cannot be read as an assessment: not JSON, or not the record `portfolio feedback` writes (edited by hand, or another tool's). It is left out, so its decisions are not shown or followed up. The signed PDF holds the assessment itself: store it again from there with `portfolio feedback FILE.pdf`.",
  examples: {
    notOk: { "reflections/review.md": ASSESSED_REFLECTION, "assessment/2026-04-02-assessor.json": exampleAssessment().replace('"outcome": "not-yet"', '"outcome": "distinction"') },
    ok: { "reflections/review.md": `${ASSESSED_REFLECTION}\nNext, I will ring the two suppliers I have not spoken to since January. {ac=3.2}\n`, "assessment/2026-04-02-assessor.json": exampleAssessment() },
  },
} as const satisfies RuleDefinition<Facts>;
