import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

/** An address written in a reflection (`written`), or held in the name of an evidence file it cites. */
export type Facts = { kind: "text"; written: string } | { kind: "fileName"; path: string };

export default {
  id: "contact-email-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "An email address in a reflection or an evidence file's name.",
  message: (facts: Facts) => (facts.kind === "text" ? `Email address ${code(facts.written)} in a reflection` : `Evidence file name ${code(facts.path)} holds an email address`),
  hint: ({ kind }: Facts) => (kind === "text" ? "remove it, or refer to the person as a contact (@id)" : "rename the file"),
  shared: ({ kind }: Facts) => (kind === "text" ? "An email address in a reflection" : "An evidence file's name holds an email address"),
  docs: "Finds an email address in a reflection or in an evidence file's name. An address identifies a person, and what is shared is seen by assessors, verifiers and anyone the learner shows the site to. Remove it: refer to the person as a contact (`@id`), whose details stay in the register.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum the bank's finance director gave me her address, joanna@example.org, to follow up. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum the bank's finance director gave me her address to follow up. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
