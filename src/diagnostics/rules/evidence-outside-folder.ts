import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The path as the reflection lists it. */
  path: string;
}

export default {
  id: "evidence-outside-folder",
  severity: "error",
  reportedBy: "check",
  summary: "An evidence path is inside the workspace but not under `evidence/`.",
  message: ({ path }: Facts) => `Evidence path ${code(path)} is not under \`evidence/\``,
  hint: () => "move the file there and cite it as `evidence/<name>`",
  docs: "Finds an evidence path inside the workspace but not under `evidence/` (`notes/minutes.txt`, or `portfolio.yaml` itself). Only `evidence/` is copied into the site and the PDF, and keeping evidence there keeps the workspace's own files from being published by a slip. Move the file into `evidence/` and cite it as `evidence/<name>`.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - notes/forum-minutes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "notes/forum-minutes.txt": `Minutes of the housing forum, 14 March 2026

Twelve partner organisations attended. The finance director of a regional bank offered an introduction to its community fund.
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
