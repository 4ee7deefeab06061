import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

/** A number written in a reflection (`written`), or held in the name of an evidence file it cites. */
export type Facts = { kind: "text"; written: string } | { kind: "fileName"; path: string };

export default {
  id: "contact-phone-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "A phone number in a reflection or an evidence file's name.",
  message: (facts: Facts) => (facts.kind === "text" ? `Phone number ${code(facts.written)} in a reflection` : `Evidence file name ${code(facts.path)} holds a phone number`),
  hint: ({ kind }: Facts) => (kind === "text" ? "remove it, it identifies a person" : "rename the file"),
  shared: ({ kind }: Facts) => (kind === "text" ? "A phone number in a reflection" : "An evidence file's name holds a phone number"),
  docs: "Finds a phone number in a reflection or in an evidence file's name. A number identifies a person, and what is shared is seen by assessors, verifiers and anyone the learner shows the site to. Remove it: the register is the place for a contact's details.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum the bank's finance director gave me her number, 07700 900123, to follow up. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum the bank's finance director gave me her number to follow up. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
