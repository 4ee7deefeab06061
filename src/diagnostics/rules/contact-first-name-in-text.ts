import type { RuleDefinition } from "../rule.ts";

export default {
  id: "contact-first-name-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "The first name alone of a contact who has not agreed to be named, in a reflection or an evidence file (\"take it to Rafferty\"); redact it if it is them.",
  docs: "Finds the first name alone of a contact who has not agreed to be named (\"take it to Rafferty\"), in a shared reflection or in an evidence file. A full name or surname is shown as the contact's pseudonym, but a first name may be someone else's, so it is left as written and the learner is asked to look: if it is the contact, what is shared would name them. Write `@id` if it is them (or redact the evidence file).",
  examples: {
    notOk: {
      "network/contacts.yaml": `contacts:
  - id: rquennell
    name: Rafferty Quennell
    organisation: Eastgate Council
    organisation_kind: a neighbouring council
    role: housing officer
    consent: false
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

Next week I will take our referral figures to Rafferty at the council.
`,
    },
    ok: {
      "network/contacts.yaml": `contacts:
  - id: rquennell
    name: Rafferty Quennell
    organisation: Eastgate Council
    organisation_kind: a neighbouring council
    role: housing officer
    consent: false
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

Next week I will take our referral figures to @rquennell at the council.
`,
    },
  },
} as const satisfies RuleDefinition;
