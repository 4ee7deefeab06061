import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The path as the reflection lists it. */
  path: string;
}

export default {
  id: "evidence-outside-workspace",
  severity: "error",
  reportedBy: "check",
  summary: "An evidence path leaves the workspace (`..`, an absolute path, or a link pointing outside).",
  message: ({ path }: Facts) => `Evidence path ${code(path)} leads outside the workspace`,
  hint: () => "copy the file into `evidence/` and cite it as `evidence/<name>`",
  docs: "Finds an evidence path that leaves the workspace: `..`, an absolute path such as `/home/learner/Documents/minutes.txt`, or a link that points outside. Such a file is never opened: it would not travel with the portfolio, and a path out of the workspace could publish any file on the computer. Copy the file into `evidence/` and cite it as `evidence/<name>`.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - /home/learner/Documents/forum-minutes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-minutes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/forum-minutes.txt": `Minutes of the housing forum, 14 March 2026

Twelve partner organisations attended. The finance director of a regional bank offered an introduction to its community fund.
`,
    },
  },
} as const satisfies RuleDefinition;
