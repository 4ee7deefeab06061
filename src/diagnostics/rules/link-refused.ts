import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** A `file:` address: a file on the learner's computer. */
  | { kind: "file"; url: string }
  /** An address whose scheme could run code or hide content: `javascript`, `vbscript`, `data`. */
  | { kind: "scheme"; scheme: string };

export default {
  id: "link-refused",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a link or image to a `file:`, `javascript:`, `vbscript:` or `data:` address; it is shown as text.",
  message: (facts: Facts) =>
    facts.kind === "file"
      ? `${code(facts.url)} is a file on your computer, which no one else can open, so it is shown as text`
      : `A ${code(`${facts.scheme}:`)} address is never made a link (it could run code or hide content), so it is shown as text`,
  hint: ({ kind }: Facts) => (kind === "file" ? "put the file under `evidence/` and cite it in `evidence:`" : "link to a web page instead"),
  docs: "Lint: finds a link or image to a `file:`, `javascript:`, `vbscript:` or `data:` address. A `file:` address is a file on the learner's computer, which nobody else can open; the others could run code or hide content in the assessor's browser. Such links are shown as text. Put the file under `evidence/` and cite it in `evidence:`, or link to a web page.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

My notes are in [forum-notes.docx](file:///C:/Users/learner/Documents/forum-notes.docx).
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-notes.txt
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

My notes from the day are among the evidence.
`,
      "evidence/forum-notes.txt": `Notes from the housing forum

Ask the bank about its community fund.
`,
    },
  },
} as const satisfies RuleDefinition;
