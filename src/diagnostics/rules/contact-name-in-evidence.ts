import type { RuleDefinition } from "../rule.ts";

export default {
  id: "contact-name-in-evidence",
  severity: "error",
  reportedBy: "check",
  summary: "The name of a contact who has not agreed to be named, inside an evidence file: reported at its place (`page 2`, `sheet Contacts, cell B4`, `paragraph 12`, `photo metadata: Artist`, or the line and column of a text file). Evidence is published as it is, so redact the file and save it again, or record the contact's consent.",
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
