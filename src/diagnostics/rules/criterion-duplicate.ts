import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  id: string;
}

export default {
  id: "criterion-duplicate",
  severity: "warning",
  reportedBy: "check",
  summary: "The same criterion is cited twice for one unit in one reflection.",
  message: ({ urn, id }: Facts) => `Criterion ${code(id)} of ${urn} is cited twice`,
  hint: () => "remove one",
  docs: "Finds the same criterion cited twice for one unit in one reflection (`[\"1.1\", \"1.2\", \"1.1\"]`). It counts once either way, but the duplicate is often a slip for another criterion the learner meant to cite. Remove one, or correct it.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1", "1.2", "1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

I listed the organisations whose work touches ours, and what each could bring. {ac=1.2}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1", "1.2"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

I listed the organisations whose work touches ours, and what each could bring. {ac=1.2}
`,
    },
  },
} as const satisfies RuleDefinition;
