import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The heading's text, trimmed: empty when it has none. */
  heading: string;
}

export default {
  id: "section-empty",
  severity: "warning",
  reportedBy: "check",
  summary: "Lint: a heading with nothing under it before the next heading.",
  message: ({ heading }: Facts) => `Section ${code(heading || "(untitled)")} is empty`,
  hint: () => "write it, or remove its heading",
  docs: "Lint: finds a heading with nothing under it before the next heading of the same or a higher level: a section of the reflective model (what happened, so what, now what) left unwritten. The assessor would see the heading and no reflection under it. Write the section, or remove its heading.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

## So what

## Now what

Next month I will offer our tenancy data to the bank's fund first.
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
## What happened

At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

## So what

That a partnership has to pay back on both sides.

## Now what

Next month I will offer our tenancy data to the bank's fund first.
`,
    },
  },
} as const satisfies RuleDefinition;
