import { code, orList } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** A unit the portfolio is not registered for; `units` are those it is. */
  | { kind: "unit"; urn: string; units: string[]; nearest?: string }
  /** A criterion its unit does not have; `nearest` is the closest id it has, if one is close. */
  | { kind: "criterion"; urn: string; id: string; nearest?: string }
  /** Feedback on a reflection the PDF does not hold (as a final reflection). */
  | { kind: "reflection"; file: string; nearest?: string };

export default {
  id: "decision-unknown",
  severity: "error",
  reportedBy: "assess",
  summary: "A decision for a unit or criterion the portfolio does not have, or feedback on a reflection it does not hold.",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "unit": return `Unit ${facts.urn} is not in this portfolio, which is registered for ${orList(facts.units)}`;
      case "criterion": return `Criterion ${code(facts.id)} is not in unit ${facts.urn} of this portfolio`;
      case "reflection": return `Reflection ${code(facts.file)} is not in this portfolio`;
    }
  },
  hint: (facts: Facts) => {
    if (facts.kind === "unit") return facts.nearest ? `did you mean ${facts.nearest}?` : "decide only on the portfolio's units, as the template lists them";
    return facts.nearest ? `did you mean ${code(facts.nearest)}?` : `use the ${facts.kind === "criterion" ? "ids" : "file names"} the template lists`;
  },
  docs: "`portfolio assess`: finds a decision for a unit or criterion that the PDF's portfolio does not have, or feedback on a reflection it does not hold, usually a typing slip or a decisions file made for another learner. A decision must be bound to the exact portfolio signed, so nothing is recorded until it is corrected; the template made by `portfolio assess FILE.pdf --template` lists exactly what there is.",
  examples: {
    notOk: exampleDecisions((text) => text.replace('"1.6": { decision: met }', '"1.7": { decision: met }')),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
