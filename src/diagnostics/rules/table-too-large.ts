import { formatCount } from "../../text/format.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** Its rows of data, the header row not counted. */
  rows: number;
  /** The most rows a reflection's table should have. */
  limit: number;
}

export default {
  id: "table-too-large",
  severity: "warning",
  reportedBy: "check",
  summary: "A table of more than 1,000 rows in a reflection; better as a CSV file under `evidence/`.",
  message: ({ rows, limit }: Facts) => `This table has ${formatCount(rows)} rows, more than the ${formatCount(limit)} a reflection's table should have (about 20 printed pages)`,
  hint: () => "put the data in a CSV file under `evidence/`, cite it in `evidence:`, and summarise it here",
  docs: "Finds a table of more than 1,000 rows in a reflection (about 20 printed pages). A reflection is the learner's account in their own words; a table that long is data, which the assessor cannot take in on the page. Put the data in a CSV file under `evidence/`, cite it in `evidence:`, and summarise in the reflection what it shows.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

| call | outcome |
| --- | --- |
${Array.from({ length: 1001 }, (_, i) => `| ${i + 1} | no answer |`).join("\n")}
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
I kept a log of every call I made after the housing forum: partners answered when we offered something first. {ac=1.1}

| outcome | calls |
| --- | --- |
| a referral | 12 |
| no answer | 40 |
`,
      "evidence/call-log.csv": `call,outcome
1,a referral
2,no answer
`,
    },
  },
} as const satisfies RuleDefinition;
