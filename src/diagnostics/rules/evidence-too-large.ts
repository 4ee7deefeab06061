import { formatBytes, formatBytesOver } from "../../text/format.ts";
import { code } from "../../text/suggest.ts";
import { LIMITS, type Unplaced } from "../../workspace/limits.ts";
import { examplePhoto } from "../example-photo.ts";
import type { RuleDefinition } from "../rule.ts";

export interface Facts {
  /** The file's path in the workspace: where the PDF first cites it. */
  path: string;
  why: Unplaced;
  /** Past the total: how many files are, it and those after it (said once, for all). */
  files: number;
}

/** Why a file is not placed, as the finding and the PDF's list of such files both say it. */
export function unplacedReason(why: Unplaced): string {
  return why.kind === "file"
    ? `it is ${formatBytesOver(why.bytes, LIMITS.placedFileBytes)}, more than the ${formatBytes(LIMITS.placedFileBytes)} one file placed in the PDF may be`
    : `the images and PDFs placed before it come to ${formatBytes(why.placedBefore)}, and with it would pass the ${formatBytes(LIMITS.placedTotalBytes)} the PDF holds`;
}

export default {
  id: "evidence-too-large",
  severity: "warning",
  reportedBy: "check",
  summary: "An image or PDF too large to place in the PDF (over 50 MB, or past 250 MB placed in all); the PDF lists it with its SHA-256.",
  message: ({ path, why, files }: Facts) =>
    why.kind === "total"
      ? `From evidence file ${code(path)} on, ${files} ${files === 1 ? "image or PDF is" : "images and PDFs are"} not reproduced in the PDF: ${unplacedReason(why)}. The PDF lists them with their SHA-256`
      : `Evidence file ${code(path)} is not reproduced in the PDF: ${unplacedReason(why)}. The PDF lists it with its SHA-256`,
  hint: ({ why }: Facts) => {
    const [files, them] = why.kind === "total" ? ["the files", "them"] : ["the file", "it"];
    return `submit ${files} with it, or make ${them} smaller (a photo resized to 2,000 pixels wide is well under 1 MB)`;
  },
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
