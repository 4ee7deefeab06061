import { showInvisible } from "../../text/invisible.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** A name written out in the text; `shownAs` is how what is shared shows the contact. */
  | { kind: "text"; written: string; id: string; shownAs: string }
  /** A name in the title; `shownAs` is the title as shared, the name replaced. */
  | { kind: "title"; shownAs: string }
  | { kind: "fileName"; path: string };

/** The title's finding has no shared form: its message quotes the title as shared, without the name. */
function shared(facts: Facts): string | undefined {
  if (facts.kind === "text") return `A contact's name is written out here; what is shared shows "${facts.shownAs}"`;
  if (facts.kind === "fileName") return "An evidence file's name holds a contact's name";
  return undefined;
}

export default {
  id: "contact-name-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "A contact's name (or surname) written out instead of `@id`, in the text, a title, alt text, a link title, code or an evidence file's name; what is shared shows it as the reference would.",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "text": return `Contact's name ${code(showInvisible(facts.written))} written out`;
      case "title": return "A contact's name is written in the title";
      case "fileName": return `Evidence file name ${code(facts.path)} holds a contact's name`;
    }
  },
  hint: (facts: Facts) => {
    switch (facts.kind) {
      case "text": return `write ${code(`@${facts.id}`)} instead (what is shared shows "${facts.shownAs}")`;
      case "title": return `write it without the name (it is shown as "${facts.shownAs}")`;
      case "fileName": return "rename the file (it would be shared)";
    }
  },
  shared,
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
