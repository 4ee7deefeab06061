import type { RuleDefinition } from "../rule.ts";

export default {
  id: "contact-name-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "A contact's name (or surname) written out instead of `@id`, in the text, a title, alt text, a link title, code or an evidence file's name; what is shared shows it as the reference would.",
  docs: "Finds a contact's name (or surname) written out instead of their `@id`: in the text, the title, an image's alt text, a link's title, code, or an evidence file's name. What is shared (the site and the PDF) shows the contact as the `@id` would (their name only with consent, else a pseudonym such as \"Contact A, finance director at a regional bank\"), so the assessor never sees a name the contact did not agree to. Write `@id` instead, so the learner's own copy says who it was.",
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
criteria: ["1.1"]
---
At the housing forum Joanna Smithers offered an introduction to her bank's community fund. {ac=1.1}
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
criteria: ["1.1"]
---
At the housing forum @jsmith offered an introduction to her bank's community fund. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
