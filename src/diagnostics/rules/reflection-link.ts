import type { RuleDefinition } from "../rule.ts";

export default {
  id: "reflection-link",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection that is a symbolic link: links are not followed, since one could lead out of the workspace.",
  message: () => "This reflection is a symbolic link, which is not followed (it could lead out of the workspace)",
  hint: () => "put the file itself here",
  docs: "Finds a reflection that is a symbolic link. Links are never followed: one could lead out of the workspace and publish a file the learner did not mean to share, and what the assessor signs off must be the files in the portfolio itself. Put the reflection itself in `reflections/` instead of a link to it.",
  examples: {
    notOk: {
      "reflections/forum.md": { symlink: "../drafts/forum.md" },
      "drafts/forum.md": `---
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
