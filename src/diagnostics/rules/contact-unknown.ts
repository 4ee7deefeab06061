import { showInvisible } from "../../text/invisible.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** `@jsmiht`: the reference as written, its id, and the nearest id the register has. */
  | { kind: "unknown"; written: string; id: string; guess?: string }
  /** A reference holding an invisible character, named (`U+200B ZERO WIDTH SPACE`). */
  | { kind: "invisible"; written: string; hidden: string };

export default {
  id: "contact-unknown",
  severity: "error",
  reportedBy: "check",
  summary: "`@id` for a contact that `network/contacts.yaml` does not have.",
  message: (facts: Facts) => (facts.kind === "unknown" ? `Unknown contact ${code(facts.written)}` : `Contact reference ${code(showInvisible(facts.written))} holds an invisible character (${facts.hidden}), often pasted in from a web page or a document`),
  hint: (facts: Facts) => (facts.kind === "unknown" ? `add ${code(facts.id)} to network/contacts.yaml` + (facts.guess ? `, or did you mean ${code(`@${facts.guess}`)}?` : "") : "type it again"),
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
