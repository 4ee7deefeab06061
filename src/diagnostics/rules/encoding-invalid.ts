import type { RuleDefinition } from "../rule.ts";

/** The first fault, at `offset` bytes into the file. */
export type Facts =
  /** A byte that does not begin or continue a UTF-8 character. */
  | { kind: "not-utf8"; offset: number; byte: number }
  /** A NUL, which no text file holds. */
  | { kind: "nul"; offset: number };

export default {
  id: "encoding-invalid",
  severity: "error",
  reportedBy: "check",
  summary: "A reflection, unit spec, `portfolio.yaml` or contacts register that is not UTF-8 text, or holds a NUL byte: reported at the byte, line and column; the file is not read.",
  message: (facts: Facts) =>
    facts.kind === "nul" ? `Byte ${facts.offset} is a NUL character, which a text file does not hold` : `Byte ${facts.offset} (0x${facts.byte.toString(16).padStart(2, "0")}) is not UTF-8`,
  hint: ({ kind }: Facts) => `the file was not read. ${kind === "nul" ? "Remove it, or copy the text into a new file" : 'Save it as UTF-8 (in most editors: "Save with encoding")'}`,
  docs: "Finds a reflection, unit spec, portfolio.yaml or contacts register whose bytes are not UTF-8 text (most often a file saved by an old editor in Windows-1252 or Latin-1, where `é` is one byte), or that holds a NUL byte (a file that is not text at all). Such a file is not read, because decoding it anyway would put replacement characters in the learner's words and nobody would see the damage until the assessor read the PDF. The finding gives the byte, line and column of the first fault; save the file again as UTF-8 (most editors have \"Save with encoding\"), or copy its text into a new file.",
  examples: {
    notOk: {
      "reflections/forum.md": Buffer.from(`---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the café after the housing forum I weighed what each partner could offer us. {ac=1.1}
`, "latin1"),
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the café after the housing forum I weighed what each partner could offer us. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
