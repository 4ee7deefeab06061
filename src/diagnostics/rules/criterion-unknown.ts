import { describeIds } from "../../check/nearest-criterion.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  /** As written: `1.10` is not `1.1`. */
  id: string;
  /** The unit's criterion ids, in the spec's order. */
  known: string[];
  /** The id the learner most likely meant, if one is near enough. */
  nearest?: string;
}

export default {
  id: "criterion-unknown",
  severity: "error",
  reportedBy: "check",
  summary: "A cited criterion id that the unit does not have; the nearest valid id is suggested.",
  message: ({ urn, id, known }: Facts) => `Unknown criterion ${code(id)} for unit ${urn}, expected ${describeIds(known)}`,
  hint: ({ nearest }: Facts) => (nearest ? `did you mean ${code(nearest)}?` : undefined),
  docs: "Finds a cited criterion id that the unit does not have (`1.9` in a unit whose first outcome ends at 1.3), usually a typing slip or a criterion from another unit. It would claim evidence for nothing, and leave the criterion meant uncovered. The message lists the unit's ids and suggests the nearest; correct the id.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.9"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.9}
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
