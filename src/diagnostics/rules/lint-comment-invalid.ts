import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The word after `lint` in the comment, as written. */
  keyword: string;
}

export default {
  id: "lint-comment-invalid",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a `<!--lint ...-->` comment whose first word is not `disable`, `enable` or `ignore`; the lint skipped the file.",
  message: ({ keyword }: Facts) => `${code(`<!--lint ${keyword}-->`)} is not a lint comment remark-lint knows (it reads ${code("disable")}, ${code("enable")} or ${code("ignore")}), so the lint skipped this file`,
  hint: () => "write `<!--lint disable RULE-ID-->` to turn a rule off from here, or remove the comment",
  docs: "Lint: finds an HTML comment starting `<!--lint` whose next word is not `disable`, `enable` or `ignore`, the three remark-lint's comments take (`<!--lint disable no-duplicate-headings-->` turns that rule off from there on, `enable` back on, `ignore` for the next block). remark-lint stops at such a comment, so none of the lint's other findings are given for the file until it is corrected or removed.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
<!--lint off-->

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
<!--lint disable no-duplicate-headings-->

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition<Facts>;
