import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The file's path in the workspace. */
  path: string;
}

export default {
  id: "evidence-missing",
  severity: "error",
  reportedBy: "check",
  summary: "An evidence file listed in front matter does not exist.",
  message: ({ path }: Facts) => `Evidence file ${code(path)} does not exist`,
  hint: () => "check the name, or add the file under `evidence/`",
  docs: "Finds an evidence file listed in front matter that does not exist: misspelt, moved, or never copied into `evidence/`. The assessor would be told of evidence that is not there, and the site and PDF cannot include it. Check the name, or add the file under `evidence/`.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-minutes.txt
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
