import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The lines read, all of them. */
  lines: number;
}

export default {
  id: "spec-not-recognised",
  severity: "error",
  reportedBy: "spec import",
  summary: "The text has no assessment criteria; nothing is written.",
  message: ({ lines }: Facts) => `This is not a unit spec that can be read: all ${lines} lines were read and no assessment criteria found (lines such as \`1.1 Explain ...\`, \`AC 1.1\`, \`2. Describe ...\` under \`Outcome 1\`, or \`P1\`, \`M1\`, \`D1\`)`,
  hint: () => "give the unit's own text: copied from its PDF or web page, or the page saved",
  docs: "`portfolio spec import`: finds that the text given has no assessment criteria in any of the forms awarding bodies write them (`1.1 Explain ...`, `AC 1.1`, criteria numbered `1.`, `2.` under `Outcome 1`, BTEC's `P1`, `M1`, `D1`), so it is not a unit spec that can be read (a qualification handbook's contents page, a timetable, a PDF whose text could not be extracted). Nothing is written. A text with criteria is always imported, with a warning for each thing not found in it.",
  examples: {
    notOk: `Networking evening: programme

18:00 Arrivals and coffee
18:30 Three partners on what they offer
19:30 Close
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
