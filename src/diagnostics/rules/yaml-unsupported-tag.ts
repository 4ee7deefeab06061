import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The tag as written (`!!js/function`); empty where it could not be found in the text. */
  tag: string;
}

export default {
  id: "yaml-unsupported-tag",
  severity: "error",
  reportedBy: "check",
  summary: "A YAML tag such as `!!js/function`; only plain YAML data is read.",
  message: ({ tag }: Facts) => `Unsupported YAML tag ${tag ? code(tag) : ""}`,
  hint: () => "write plain values without tags",
  docs: "Finds a YAML tag outside the core schema, such as `!!js/function` or `!!timestamp` (often copied from another tool's configuration). Tags can make a YAML reader build objects or run code, so only plain data is read: the value is refused. Write the plain value without its tag.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: !!timestamp 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
