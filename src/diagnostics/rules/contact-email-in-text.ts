import type { RuleDefinition } from "../rule.ts";

export default {
  id: "contact-email-in-text",
  severity: "warning",
  reportedBy: "check",
  summary: "An email address in a reflection or an evidence file's name.",
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
