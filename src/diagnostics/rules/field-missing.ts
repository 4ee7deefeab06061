import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /** `key` is not in the mapping `where` names ("front matter", "`learner` in portfolio.yaml"); `example` is a value to add. */
  | { kind: "missing"; key: string; where: string; example: string }
  /** `key` is missing and `written`, an unknown key near it, stands where it should be (`critera`). */
  | { kind: "misspelt"; key: string; written: string; where: string }
  /** `key` is written with no value (`urn: null`, as `spec import` leaves a reference number it did not find). */
  | { kind: "unfilled"; key: string; where: string }
  /** The mapping `where` names is there but has no fields. */
  | { kind: "empty"; where: string }
  /** portfolio.yaml's `units` is there but lists no unit. */
  | { kind: "noUnits" };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export default {
  id: "field-missing",
  severity: "error",
  reportedBy: "check",
  summary: "A required field is missing (reflection `title`, `date`, `criteria`; portfolio.yaml and unit spec fields).",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "missing": return `Missing ${code(facts.key)} in ${facts.where}`;
      case "misspelt": return `${code(facts.written)} in ${facts.where} is not a field, and ${code(facts.key)} is missing`;
      case "unfilled": return `${code(facts.key)} in ${facts.where} is not filled in`;
      case "empty": return `${capitalise(facts.where)} is empty`;
      case "noUnits": return "`units` in portfolio.yaml lists no unit";
    }
  },
  hint: (facts: Facts) => {
    switch (facts.kind) {
      case "missing": return `add ${code(`${facts.key}: ${facts.example}`)}`;
      case "misspelt": return `rename it to ${code(facts.key)}`;
      case "unfilled": return facts.key === "urn" ? "copy the unit's own reference number from its spec or the Ofqual Register (a letter, three digits and four digits: `urn: X/123/4567`)" : "fill it in";
      case "empty": return "add its fields";
      case "noUnits": return "add the URN of each unit you are registered for";
    }
  },
  docs: "Finds a required field that is missing: a reflection's `title`, `date` or `criteria`, the learner, centre, qualification or units of portfolio.yaml, a unit spec's fields, a contact's name or role. Without them the portfolio cannot say what a reflection evidences, or whose work it is; the message shows the field to add. A misspelt field (`critera`) is reported here, at the misspelling, with the right name.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
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
