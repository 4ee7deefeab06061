import { code, orList } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** `key` is not one of the `known` keys of the mapping `where` names; `guess` is the nearest, if one is near. */
  | { kind: "unknown"; key: string; where: string; known: readonly string[]; guess?: string }
  /** `unit:` beside a `criteria` written as a map by unit, which names its units itself. */
  | { kind: "unitWithMap" };

export default {
  id: "field-unknown",
  severity: "warning",
  reportedBy: "check",
  summary: "A field the tool does not read, often a misspelling (`critera`).",
  message: (facts: Facts) => {
    if (facts.kind === "unitWithMap") return "`unit` is not read when `criteria` is a map by unit";
    return `Unknown field ${code(facts.key)} in ${facts.where}, ` + (facts.guess ? `did you mean ${code(facts.guess)}?` : `expected ${orList(facts.known.map(code))}`);
  },
  hint: (facts: Facts) => (facts.kind === "unitWithMap" ? "remove it, the map's keys name the units" : facts.guess ? undefined : "remove it or check its spelling"),
  docs: "Finds a field the tool does not read, in front matter, portfolio.yaml, a unit spec or the register: most often a misspelling of one it does (`stauts` for `status`), which means the value the learner meant to give is silently not used. It is a warning, and the nearest known field is suggested. Correct the spelling, or remove the field.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
stauts: draft
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: draft
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
