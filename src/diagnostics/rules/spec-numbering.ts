import type { RuleDefinition } from "../rule.ts";

/** An outcome's or a criterion's number that does not follow the one before it. */
export type Facts = {
  of: "outcome" | "criterion";
  /** The number as the spec gives it. */
  id: string;
} & (
  /** The same number as the one before it. */
  | { kind: "repeated" }
  /** Another number than the next: `previous` is absent at the start of the table. */
  | { kind: "skipped"; previous?: string; expected: string }
);

const NAMED = { outcome: "Learning outcome", criterion: "Criterion" } as const;

export default {
  id: "spec-numbering",
  severity: "warning",
  reportedBy: "spec import",
  summary: "Outcome or criterion numbering that skips or repeats (1.1 then 1.3), at its line.",
  message: (facts: Facts) =>
    facts.kind === "repeated" ? `${NAMED[facts.of]} ${facts.id} appears twice` : `${NAMED[facts.of]} ${facts.id} follows ${facts.previous ?? "the start of the table"}, expected ${facts.expected}`,
  hint: ({ kind, of }: Facts) =>
    kind === "repeated" ? `check the spec for a repeated ${NAMED[of].toLowerCase()} or a misprinted number` : `check the spec for a missing or misnumbered ${NAMED[of].toLowerCase()}`,
  docs: "`portfolio spec import`: finds outcome or criterion numbering that skips or repeats (1.1 then 1.3), at its line. It usually means a criterion was lost or misread in the text extraction, or the spec itself is misprinted; the written spec would then lack a criterion the learner must evidence. Check the spec and correct the written unit spec.",
  examples: {
    notOk: `Unit title: Develop, maintain and review personal networks
OCR unit number: 21
Level: 4
Credit value: 4
Guided learning hours: 25
Unit reference number: R/600/9587

Unit purpose and aim
This unit aims to equip the candidate with the ability to develop and maintain personal networks.

Learning Outcomes Assessment Criteria

1 Understand the benefits of networking

1.1 Evaluate the benefits of networking with individuals and organisations

1.3 Explain the need for confidentiality with networking contacts

2 Be able to review networking relationships

2.1 Assess the value of own current personal network

Assessment
This unit is centre assessed and externally verified.
`,
    ok: `Unit title: Develop, maintain and review personal networks
OCR unit number: 21
Level: 4
Credit value: 4
Guided learning hours: 25
Unit reference number: R/600/9587

Unit purpose and aim
This unit aims to equip the candidate with the ability to develop and maintain personal networks.

Learning Outcomes Assessment Criteria

1 Understand the benefits of networking

1.1 Evaluate the benefits of networking with individuals and organisations

1.2 Explain the need for confidentiality with networking contacts

2 Be able to review networking relationships

2.1 Assess the value of own current personal network

Assessment
This unit is centre assessed and externally verified.
`,
  },
} as const satisfies RuleDefinition;
