import { asIsoDate } from "../../text/iso-date.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The date as the learner wrote it. */
  written: string;
  /** Whether it is laid out YYYY-MM-DD (and so only the day or month is wrong). */
  laidOut: boolean;
}

export default {
  id: "date-invalid",
  severity: "error",
  reportedBy: "check",
  summary: "A date that is not a real calendar date written YYYY-MM-DD.",
  message: ({ written, laidOut }: Facts) => {
    if (laidOut) return `${code(written)} is not a real date`;
    // The learner's own date turned round, where it can be read.
    const turned = asIsoDate(written);
    return turned ? `Date ${code(written)} should be written YYYY-MM-DD: ${code(turned)}` : `Date ${code(written)} should be written YYYY-MM-DD, year first, such as ${code("2026-03-14")} for 14 March 2026`;
  },
  hint: ({ laidOut }: Facts) => (laidOut ? "check the day and month (YYYY-MM-DD)" : undefined),
  docs: "Finds a date that is not a real calendar date written YYYY-MM-DD (`14/03/2026`, `March 14, 2026`, `2026-02-31`). Dates order the reflections in the site and the PDF and show the assessor when the work was done, and a date such as 03/04/2026 means different days in different countries. Write it year first: the message turns the learner's own date round where it can.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 14/03/2026
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
