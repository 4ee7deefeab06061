import { showInvisible } from "../../text/invisible.ts";
import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** `{ac=...}` before the end of its paragraph or heading. */
  | { kind: "misplaced" }
  /** What is between the braces is not criterion ids; `written` is the whole marker. */
  | { kind: "unreadable"; written: string }
  /** As unreadable, because of an invisible character, named as Unicode names it (`U+200B ZERO WIDTH SPACE`). */
  | { kind: "invisible"; written: string; character: string };

export default {
  id: "marker-invalid",
  severity: "warning",
  reportedBy: "check",
  summary: "A `{ac=...}` marker that cannot be read as criterion ids.",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "misplaced":
        return "Marker `{ac=...}` is not at the end of its paragraph or heading, so it is shown as text";
      case "unreadable":
        return `Marker ${code(facts.written)} cannot be read as criterion ids`;
      case "invisible":
        return `Marker ${code(showInvisible(facts.written))} holds an invisible character (${facts.character}), often pasted in from a web page or a document`;
    }
  },
  hint: ({ kind }: Facts) => {
    switch (kind) {
      case "misplaced":
        return "move it to the end";
      case "unreadable":
        return "write ids such as `{ac=1.2}`, `{ac=1.2,2.1}` or `{ac=R/600/9587:1.2}`";
      case "invisible":
        return "type it again";
    }
  },
  docs: "Finds a `{ac=...}` marker that cannot be read as criterion ids (`{ac=AC1.1}`, `{ac=one}`), or one that is not at the end of its paragraph or heading, or one holding an invisible character. It marks nothing, so the criterion it meant is not marked. Write ids such as `{ac=1.2}`, `{ac=1.2,2.1}` or `{ac=R/600/9587:1.2}`, at the end of the paragraph.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=AC1.1}
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
