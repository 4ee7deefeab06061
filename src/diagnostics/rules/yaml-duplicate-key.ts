import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** A key written twice in one mapping; empty where the key could not be read from the text. */
  | { kind: "key"; key: string }
  /** Two contacts in the register with one id. */
  | { kind: "contact"; id: string }
  /** A unit registered twice in portfolio.yaml. */
  | { kind: "unit"; urn: string }
  /** Two criteria of a unit spec with one id. */
  | { kind: "criterion"; id: string };

export default {
  id: "yaml-duplicate-key",
  severity: "error",
  reportedBy: "check",
  summary: "The same key appears twice in one YAML mapping.",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "key": return `Duplicate key ${facts.key ? code(facts.key) : "in YAML"}`;
      case "contact": return `Contact id ${code(facts.id)} is used twice`;
      case "unit": return `Unit ${facts.urn} is registered twice`;
      case "criterion": return `Criterion ${code(facts.id)} appears twice in this unit`;
    }
  },
  hint: ({ kind }: Facts) => {
    switch (kind) {
      case "key": return "each key may appear once in a mapping, remove or rename this one";
      case "contact": return "give each contact its own id";
      case "unit": return "list each unit once";
      case "criterion": return "give each criterion its own id";
    }
  },
  docs: "Finds the same key twice in one YAML mapping (two `date:` lines in front matter, a unit registered twice, two contacts with one id). YAML readers disagree on which one wins, so it is an error, reported at the second where it is written, and front matter holding one is not read. Remove or rename one of them.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
date: 2026-03-15
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
