import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The language named after the opening `---` (`js`, `json`). */
  language: string;
}

export default {
  id: "front-matter-language",
  severity: "error",
  reportedBy: "check",
  summary: "Front matter in a language other than YAML (`---js`, `---json`, ...); it is refused, never run.",
  message: ({ language }: Facts) => `Front matter in ${code(language)} is refused and was not run`,
  hint: () => "write it in YAML (a plain `---` line)",
  docs: "Finds front matter in a language other than YAML (`---js`, `---json`, `---javascript`), which some site generators run as code. The tool never runs it, since front matter in JavaScript could do anything on the computer of whoever builds the portfolio, and the reflection is not read. Write the front matter in YAML, opened by a plain `---` line.",
  examples: {
    notOk: {
      "reflections/forum.md": `---json
{ "title": "What the housing forum taught me", "date": "2026-03-14", "criteria": ["1.1"] }
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
