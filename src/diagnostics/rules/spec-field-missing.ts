import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** The unit's title: written empty. */
  | { kind: "title" }
  /** The unit reference number: written `urn: null`, which the check asks to be filled in. */
  | { kind: "urn" }
  /** An Entry level ("Entry Level 1"), below level 1, which has no number: written as 0. */
  | { kind: "entry"; written: string }
  /** A number the spec gives ("level", "credit value", "guided learning hours"), by its label there: written as 0. */
  | { kind: "number"; label: string };

export default {
  id: "spec-field-missing",
  severity: "warning",
  reportedBy: "spec import",
  summary: "A unit reference number, title, level, credit value or guided learning hours was not found.",
  message: (facts: Facts) => (facts.kind === "entry" ? `The level is “${facts.written}”, an Entry level, which has no number` : `No ${facts.kind === "title" ? "unit title" : facts.kind === "urn" ? "unit reference number (such as R/600/9587)" : facts.label} found`),
  hint: ({ kind }: Facts) => (kind === "title" ? "fill in `title`" : kind === "urn" ? "it is written `urn: null`: fill it in from the spec or the Ofqual Register before the portfolio uses this unit" : kind === "entry" ? "it is written as 0: keep that for an Entry-level unit, or write the level your centre records" : "it is set to 0, so check the spec and fill it in"),
  docs: "`portfolio spec import`: finds that a unit reference number, title, level, credit value or guided learning hours was not in the text. The spec is still imported with what was read: the reference number as `urn: null` (which `check` asks to be filled in, since reflections cite units by it), a title empty, a number 0, which the site and PDF would show. Check the spec and fill the field in.",
  examples: {
    notOk: `Unit title: Develop, maintain and review personal networks
OCR unit number: 21
Level: 4
Credit value: 4
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
