import { code } from "../../text/suggest.ts";
import { exampleDecisions } from "../example-decisions.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** A criterion listed with its decision left blank (as the template leaves it). */
  | { kind: "blank"; urn: string; id: string }
  /** Criteria of a unit not listed at all. */
  | { kind: "unlisted"; urn: string; ids: string[] }
  /** A unit of the portfolio not listed at all. */
  | { kind: "unit"; urn: string }
  /** An IQA's file that samples no criterion. */
  | { kind: "none" };

export default {
  id: "decision-missing",
  severity: "error",
  reportedBy: "assess",
  summary: "A criterion of the portfolio with no decision (left blank, or not listed).",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "blank": return `No decision for ${facts.urn} ${code(facts.id)}`;
      case "unlisted": return `No decision for ${facts.ids.length === 1 ? "criterion" : "criteria"} ${facts.ids.map(code).join(", ")} of ${facts.urn}`;
      case "unit": return `No decisions for unit ${facts.urn}`;
      case "none": return "No criterion is sampled";
    }
  },
  hint: (facts: Facts) => (facts.kind === "none" ? "write `decision: agree` or `decision: disagree` for each criterion you sampled" : "write `decision: met` or `decision: not-yet` for every criterion"),
  docs: "`portfolio assess`: finds a criterion of the portfolio with no decision: left blank as the template leaves it, or not listed at all. The assessment record covers every criterion of every registered unit, so an IQA or external verifier sampling it sees a decision for each; write `met` or `not-yet` (with feedback) for every one.",
  examples: {
    notOk: exampleDecisions((text) => text.replace('"3.1": { decision: met }\n    "3.2"', '"3.1": { decision: }\n    "3.2"')),
    ok: exampleDecisions(),
  },
} as const satisfies RuleDefinition<Facts>;
