import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  urn: string;
  id: string;
  /** Another unit the reflection cites has the same id, so the marker must name the unit. */
  qualified: boolean;
}

export default {
  id: "criterion-not-marked",
  severity: "warning",
  reportedBy: "check",
  summary: "A criterion cited in front matter is never marked in the body with `{ac=...}`.",
  message: ({ urn, id }: Facts) => `Criterion ${code(id)} of ${urn} is cited but never marked in the body`,
  hint: ({ urn, id, qualified }: Facts) => `add ${code(qualified ? `{ac=${urn}:${id}}` : `{ac=${id}}`)} at the end of the paragraph that addresses it`,
  docs: "Finds a criterion cited in front matter that is never marked in the body with `{ac=...}` at the end of the paragraph that addresses it. The assessor is told the reflection evidences the criterion but not where, and the evidence map in the PDF cannot point to the page. Add the marker where the criterion is addressed (or, if it is not, remove the citation).",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1", "1.2"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
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
