import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The reflection that has the address already. */
  other: string;
  /** The address both would be published at: reflections/<slug>/. */
  slug: string;
}

export default {
  id: "reflection-clash",
  severity: "error",
  reportedBy: "check",
  summary: "Two reflections whose names differ only in case or punctuation (`Forum.md`, `forum.md`), which would be published at one address.",
  message: ({ other, slug }: Facts) => `This file and ${other} would both be published as reflections/${slug}/ (their names differ only in case or punctuation, which many disks do not tell apart)`,
  hint: () => "rename one",
  docs: "Finds two reflections whose names differ only in case or punctuation (`forum-notes.md` and `forum_notes.md`), which would be published at one address (`reflections/forum-notes/`), so one page would overwrite the other on the site, and many disks do not tell such names apart at all. Rename one of them.",
  examples: {
    notOk: {
      "reflections/forum-notes.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "reflections/forum_notes.md": `---
title: Following up the housing forum
date: 2026-03-21
criteria: ["1.1"]
---
A week later I wrote to each partner with what we could offer. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum-notes.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "reflections/forum-follow-up.md": `---
title: Following up the housing forum
date: 2026-03-21
criteria: ["1.1"]
---
A week later I wrote to each partner with what we could offer. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
