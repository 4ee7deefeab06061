import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The criterion's id, as the spec numbers it. */
  id: string;
}

export default {
  id: "spec-criterion-empty",
  severity: "error",
  reportedBy: "spec import",
  summary: "A criterion id with no text after it.",
  message: ({ id }: Facts) => `Criterion ${id} has no text`,
  hint: () => "copy its wording from the spec",
  docs: "`portfolio spec import`: finds a criterion id with no text after it, usually a table cell that the PDF's text extraction put elsewhere. A criterion without its wording cannot be shown to the learner or the assessor. Copy its wording from the spec into the written unit spec.",
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

1.2 

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
