import { code } from "../../text/suggest.ts";
import { placesIn, type Places } from "./contact-name-in-evidence.ts";
import type { RuleDefinition } from "../rule.ts";

/** In a reflection (found by the lint) or an evidence file's text, where `Places` may say where else it is. */
export interface Facts extends Places {
  /** What reads as the name, as written. */
  name: string;
}

export default {
  id: "person-not-in-register",
  severity: "warning",
  reportedBy: "check",
  summary: "What reads as a person's name, in a reflection or in an evidence file's text, of someone who is not the learner, the assessor, a contact in the register or listed in `public_names`; add them to the register (with or without consent), list them in `public_names` if they are an author or public figure, or write their role instead. It can be set to `off` under `lint:`.",
  message: ({ name }: Facts) => `${code(name)} reads as the name of a person not in the register`,
  hint: (facts: Facts) => `add them to network/contacts.yaml, or to \`public_names\` in portfolio.yaml (an author, a public figure, or a word taken for a name)${placesIn(facts)}`,
  shared: () => "What reads as the name of a person who is not in the register",
  docs: "Finds what reads as a person's name, in a reflection or in an evidence file's text, of someone who is not the learner, the assessor, a contact in the register or listed in `public_names`. Naming third parties in what is shared needs their agreement, and the register is where that is recorded. Add them to the register (with or without consent), list them in `public_names` if they are an author or public figure, or write their role instead. In reflections it is found by the lint, so `lint:` in portfolio.yaml can set its severity there or turn it `off`; in evidence files it is always a warning.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I met Sarah Jones, who chairs it, and weighed what each partner could offer us. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I met the forum's chair, and weighed what each partner could offer us. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
