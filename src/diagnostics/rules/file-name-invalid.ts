import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** What in the name misleads: "a line break", "an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)". */
  holds: string;
}

export default {
  id: "file-name-invalid",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection whose file name holds a line break, a control character or an invisible one (a right-to-left override), so it shows as another name: it is not read.",
  message: ({ holds }: Facts) => `This file's name holds ${holds}, so it shows as something it is not`,
  hint: () => "rename it (the file was not read)",
  docs: "Finds a reflection whose file name holds a line break, a control character or an invisible character such as a right-to-left override, which makes the name show as another (`forum\\u202Etxt.md` shows as `forumdm.txt`). Such a name would mislead whoever reads the list of files, the site's addresses or the PDF's contents, so the file is not read. Rename it with letters, digits and hyphens.",
  examples: {
    notOk: {
      "reflections/forum-\u202etxt.md": `---
title: What the housing forum taught me
date: 2026-03-14
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
