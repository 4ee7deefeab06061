import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** `criteria` is a map by unit, with no unit in it. */
  | { kind: "map" }
  /** A list of ids with none in it: `criteria` itself, or the list of `unit` where `criteria` is a map by unit. */
  | { kind: "list"; unit?: string };

export default {
  id: "criteria-empty",
  severity: "error",
  reportedBy: "check",
  summary: "`criteria` is present but lists no criterion.",
  message: (facts: Facts) => (facts.kind === "map" ? "`criteria` lists no criterion" : `${code(facts.unit === undefined ? "criteria" : `criteria: ${facts.unit}`)} lists no criterion`),
  hint: ({ kind }: Facts) => (kind === "map" ? 'cite at least one, such as `R/600/9587: ["1.1"]`' : 'cite at least one, such as `["1.1"]`'),
  docs: "Finds `criteria` present but listing no criterion (`criteria: []`), so the reflection evidences nothing and cannot count towards the unit. Cite at least one criterion the reflection addresses, and mark it in the text. A draft (`status: draft`) may list none yet: `portfolio new` starts one that way when no `--criteria` is given.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: []
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
