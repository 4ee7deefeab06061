import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The kind of file as a learner would call it: "PDF", "Word document", "recording". */
  format: string;
  /** Why it could not be read, wholly or in part: "it is encrypted", "pages 3 and 4 are images only (a scan)". */
  unread: string;
}

export default {
  id: "evidence-not-checked",
  severity: "warning",
  reportedBy: "check",
  summary: "An evidence file that could not be read for names, wholly or in part: protected by a password, a scan without text, a recording, an archive, an old Office format, a damaged file. An error under `--strict`.",
  message: ({ format, unread }: Facts) => `This ${format} could not be checked for names: ${unread}. Read it yourself for anyone who has not agreed to be named, then list it under \`checked_by_hand\` in portfolio.yaml`,
  docs: "Finds an evidence file that could not be read for names, wholly or in part: a recording, an archive, a file protected by a password, a scan with no text, an old Office format, a damaged file. The check cannot tell whether it names someone who has not agreed to be named, and it is published as it is. Look through it yourself, then list it under `checked_by_hand` in portfolio.yaml; or save it in a format that can be read. Under `--strict` it is an error.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-interview.mp3
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/forum-interview.mp3": Uint8Array.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    },
    ok: {
      "portfolio.yaml": `learner:
  name: Test Learner
  candidate_number: "0001"
centre:
  name: Test Centre
  number: "10001"
qualification: Test qualification
units:
  - R/600/9587
checked_by_hand:
  - evidence/forum-interview.mp3
`,
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/forum-interview.mp3
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/forum-interview.mp3": Uint8Array.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    },
  },
} as const satisfies RuleDefinition;
