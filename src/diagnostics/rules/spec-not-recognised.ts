import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What the text lacks, one or both. */
  missing: Array<"urn" | "criteria">;
}

const LACKING: Record<Facts["missing"][number], string> = {
  urn: "no unit reference number (such as R/600/9587)",
  criteria: "no assessment criteria (lines such as `1.1 Explain ...`)",
};

export default {
  id: "spec-not-recognised",
  severity: "error",
  reportedBy: "spec import",
  summary: "The text has no unit reference number or no assessment criteria; nothing is written.",
  message: ({ missing }: Facts) => `This is not a unit spec that can be read: ${missing.map((what) => LACKING[what]).join(" and ")} found`,
  hint: () => "give the text extracted from the spec's PDF, or its web page saved as text",
  docs: "`portfolio spec import`: finds that the text given has no unit reference number or no assessment criteria (lines such as `1.1 Explain ...`), so it is not a unit spec that can be read (a qualification handbook's contents page, a timetable, a PDF whose text could not be extracted). Nothing is written. Give the text extracted from the unit spec's PDF, or its web page saved as text.",
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
