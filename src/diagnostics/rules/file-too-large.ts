import { formatBytes, formatBytesOver } from "../../text/format.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** Which of the files the tool reads it is: each has its own limit. */
  what: "reflection" | "portfolio.yaml" | "unit spec" | "register" | "assessment";
  /** Its size and the limit it passes, in bytes. */
  bytes: number;
  limit: number;
}

/** What completes "more than the 10 MB ...". */
const MAY_BE: Record<Facts["what"], string> = {
  reflection: "a reflection may be (some 300,000 words)",
  "portfolio.yaml": "portfolio.yaml may be",
  "unit spec": "a unit spec may be",
  register: "the contacts register may be",
  assessment: "a stored assessment may be",
};

export default {
  id: "file-too-large",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection over 2 MB, or `portfolio.yaml`, a unit spec or the register over 10 MB: the file is not read.",
  message: ({ what, bytes, limit }: Facts) => `This file is ${formatBytesOver(bytes, limit)}, more than the ${formatBytes(limit)} ${MAY_BE[what]}`,
  hint: ({ what }: Facts) =>
    `it was not read. ${what === "reflection" ? "Split it into several reflections, or put data in a file under `evidence/` and cite it in `evidence:`" : "Check that it is the file you meant: data this size belongs in `evidence/`"}`,
  docs: "Finds a reflection over 2 MB (some 300,000 words, thirty times the longest reflective account), or portfolio.yaml, a unit spec or the contacts register over 10 MB. The file is not read at all, so that a pasted spreadsheet or a log file saved as `.md` cannot exhaust the memory of the check, the site or the PDF. Split a long reflection into several, and put data in a file under `evidence/` that the reflection cites and summarises.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

${"Call 1: a referral; call 2: no answer. ".repeat(55_000)}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/call-log.csv
criteria: ["1.1"]
---
I kept a log of every call I made after the housing forum; what it shows is that partners answered when we offered something first. {ac=1.1}
`,
      "evidence/call-log.csv": `call,outcome
1,a referral
2,no answer
`,
    },
  },
} as const satisfies RuleDefinition;
