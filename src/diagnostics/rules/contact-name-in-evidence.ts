import { describePlace, type Place } from "../../evidence/evidence.ts";
import { andList, code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

/**
 * Where else in an evidence file a name is: each name is reported once, at its first place,
 * and a finding has one position, so its words give the rest (the CSV cell of the first, the
 * other places). The evidence rules that report names take these with their facts.
 */
export interface Places {
  /** The CSV cell of the first place, whose line and column are the finding's. */
  cell?: string;
  /** The other places in the file that hold the same name, in the file's order. */
  also?: Place[];
}

/** " (cell A2)", " (also at page 3 and 2 more places)", " (cell A2; also at line 9, cell A9)", or nothing. */
export function placesIn({ cell, also = [] }: Places): string {
  const more = also.map(describePlace);
  const listed = more.slice(0, 3);
  const rest = more.length - listed.length;
  const parts = [
    ...(cell ? [`cell ${cell}`] : []),
    ...(more.length > 0 ? [`also at ${andList(rest ? [...listed, `${rest} more ${rest === 1 ? "place" : "places"}`] : listed)}`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

export interface Facts extends Places {
  /** The contact's id in the register. */
  id: string;
  /** The name as the file writes it. */
  written: string;
}

export default {
  id: "contact-name-in-evidence",
  severity: "error",
  reportedBy: "check",
  summary: "The name of a contact who has not agreed to be named, inside an evidence file: reported at its place (`page 2`, `sheet Contacts, cell B4`, `paragraph 12`, `photo metadata: Artist`, or the line and column of a text file). Evidence is published as it is, so redact the file and save it again, or record the contact's consent.",
  message: ({ id, written }: Facts) => `The name of contact @${id} (${code(written)}), who has not agreed to be named`,
  // The other places close the finding, after what to do.
  hint: (facts: Facts) => `redact it and save the file again, or record their consent in network/contacts.yaml${placesIn(facts)}`,
  docs: "Finds the name of a contact who has not agreed to be named inside an evidence file a shared reflection cites: a PDF's page, a spreadsheet's cell, a Word paragraph, a photo's metadata, or a line of a text file, reported at that place. The learner's reflections show such a contact by a pseudonym, but evidence is published as it is, so the name would reach the assessor and verifier. Redact the file and save it again, or record the contact's consent in the register.",
  examples: {
    notOk: {
      "network/contacts.yaml": `contacts:
  - id: jsmith
    name: Joanna Smithers
    organisation: Northshire Bank
    organisation_kind: a regional bank
    role: finance director
    consent: false
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-minutes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/forum-minutes.txt": `Minutes of the housing forum, 14 March 2026

Twelve partner organisations attended. Joanna Smithers offered an introduction to the bank's community fund.
`,
    },
    ok: {
      "network/contacts.yaml": `contacts:
  - id: jsmith
    name: Joanna Smithers
    organisation: Northshire Bank
    organisation_kind: a regional bank
    role: finance director
    consent: false
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-minutes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/forum-minutes.txt": `Minutes of the housing forum, 14 March 2026

Twelve partner organisations attended. The finance director of a regional bank offered an introduction to its community fund.
`,
    },
  },
} as const satisfies RuleDefinition;
