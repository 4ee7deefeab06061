import { code } from "../../text/suggest.ts";
import { placesIn, type Places } from "./contact-name-in-evidence.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts = {
  /** The contact's id in the register. */
  id: string;
  /** The first name as written. */
  written: string;
} & (
  /** In a shared reflection, where `@id` can stand for them. */
  | { kind: "reflection" }
  /** In an evidence file, which is published as it is. */
  | ({ kind: "evidence" } & Places)
);

export default {
  id: "contact-first-name-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "The first name alone of a contact who has not agreed to be named, in a reflection or an evidence file (\"take it to Rafferty\"); redact it if it is them.",
  message: ({ id, written }: Facts) => `${code(written)} may be the first name of contact @${id}, who has not agreed to be named`,
  hint: (facts: Facts) => (facts.kind === "reflection" ? `write ${code(`@${facts.id}`)} if it is them` : `redact it if it is them${placesIn(facts)}`),
  shared: ({ kind }: Facts) => (kind === "reflection" ? "The first name of a contact who has not agreed to be named may be written here" : "The first name of a contact who has not agreed to be named may be in this file"),
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
