import { examplePhoto } from "../example-photo.ts";
import type { RuleDefinition } from "../rule.ts";

export default {
  id: "evidence-too-large",
  severity: "warning",
  reportedBy: "check",
  summary: "An image or PDF too large to place in the PDF (over 50 MB, or past 250 MB placed in all); the PDF lists it with its SHA-256.",
  docs: "Finds an image or PDF cited by a final reflection that is too large to place in the PDF: over 50 MB on its own, or past the 250 MB that all of them may come to together (then once, for it and the ones after it). The PDF lists such a file with its SHA-256 instead of reproducing it, so the assessor needs the file itself alongside. Submit the file with the portfolio, or make it smaller: a photo resized to 2,000 pixels wide is well under 1 MB.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/whiteboard.jpg
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/whiteboard.jpg": { size: 60 * 1024 * 1024, head: examplePhoto() },
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/whiteboard.jpg
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/whiteboard.jpg": examplePhoto(),
    },
  },
} as const satisfies RuleDefinition;
