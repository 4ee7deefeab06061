import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  id: string;
  /** The unit the marker resolved to, if it resolved to one. */
  urn?: string;
}

export default {
  id: "marker-not-cited",
  severity: "warning",
  reportedBy: "check",
  summary: "A `{ac=...}` marker for a criterion the front matter does not cite.",
  message: ({ id, urn }: Facts) => `Criterion ${code(id)}${urn ? ` of ${urn}` : ""} is marked here but not cited in front matter`,
  hint: () => "add it to `criteria` or remove the marker",
  docs: "Finds a `{ac=...}` marker for a criterion the front matter does not cite. Coverage is counted from the front matter, so the marked paragraph counts for nothing: either the citation was forgotten or the marker is a slip. Add the criterion to `criteria`, or remove the marker.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
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
