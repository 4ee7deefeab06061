import { examplePhoto } from "../example-photo.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The address the print asked for, as the browser resolved it. */
  url: string;
}

export default {
  id: "pdf-request-blocked",
  severity: "warning",
  reportedBy: "pdf",
  summary: "An image in a reflection points outside the workspace (a web address, another folder); the PDF did not load it.",
  message: ({ url }: Facts) => `The PDF did not load ${url}: only files in the workspace are printed`,
  hint: () => "put the file under `evidence/` and cite it in `evidence:`",
  docs: "Reported while the PDF is printed: an image in a reflection points outside the workspace (a web address, a folder elsewhere on the computer), and the print, which loads nothing but the workspace's own files, did not load it. Save the image under `evidence/` and cite it in `evidence:`, so it is part of the portfolio.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}

![The forum's seating plan](https://example.org/seating-plan.png)
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
evidence:
  - evidence/seating-plan.jpg
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
      "evidence/seating-plan.jpg": examplePhoto(),
    },
  },
} as const satisfies RuleDefinition;
