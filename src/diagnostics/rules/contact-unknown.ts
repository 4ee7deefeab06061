import type { RuleDefinition } from "../rule.ts";

export default {
  id: "contact-unknown",
  severity: "error",
  reportedBy: "check",
  summary: "`@id` for a contact that `network/contacts.yaml` does not have.",
  docs: "Finds an `@id` for a contact that `network/contacts.yaml` does not have (a misspelt id, or a contact not yet added), or one holding an invisible character. It cannot be shown as the contact's name or pseudonym in what is shared. Add the contact to the register, or correct the id: the nearest known one is suggested.",
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
At the housing forum @jsmiht offered an introduction to her bank's community fund. {ac=1.1}
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
