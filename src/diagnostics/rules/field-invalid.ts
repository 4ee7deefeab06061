import { showInvisible, showName } from "../../text/invisible.ts";
import { code, orList } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

/**
 * What was wrong with the value. `where` names the mapping ("front matter", "`learner` in
 * portfolio.yaml"); `found` says what was written instead, as `kindOf` names it ("a list",
 * "the number 3").
 */
export type Facts =
  /** A mapping (front matter, a contact, `learner`) written as something else. */
  | { kind: "notMapping"; where: string; found: string }
  /** A field of the wrong kind; `expected` says what it should be ("text", "a whole number"). */
  | { kind: "wrongKind"; key: string; where: string; expected: string; found: string }
  /** An item of a list of text that is not text. */
  | { kind: "itemNotText"; key: string; where: string; found: string }
  /** A word (`status`, `evidence_type`) not one of those `allowed`; `guess` is the nearest, if one is near. */
  | { kind: "notAllowed"; key: string; written: string; allowed: readonly string[]; guess?: string }
  /** A number outside its range: a rating of 1 to 5. */
  | { kind: "outOfRange"; key: string; min: number; max: number; found: number }
  /** A contact id, a unit in `criteria` or a criterion id holding an invisible character, named (`U+200B ZERO WIDTH SPACE`). */
  | { kind: "invisible"; of: "contactId" | "criteriaUnit" | "criterionId"; written: string; hidden: string }
  /** A contact id that cannot be written as `@id` in reflections (capitals, spaces). */
  | { kind: "contactId"; written: string }
  /** A contact's network that `networks` does not describe. */
  | { kind: "networkUnknown"; written: string }
  /** A cited evidence path that `holds` what makes it show as something it is not ("a line break"). */
  | { kind: "misleadingPath"; path: string; holds: string }
  /** A URN not in the form R/600/9587: a unit registered in portfolio.yaml, or a unit spec's own (`inSpec`). */
  | { kind: "urnMalformed"; written: string; inSpec: boolean }
  /** `unit:`, or a key of a `criteria` map by unit, that is not a unit reference number. */
  | { kind: "notUrn"; field: "unit" | "criteria"; written: string }
  /** A list of criterion ids (of `unit`, where `criteria` is a map by unit) written as something else. */
  | { kind: "idsNotList"; unit?: string }
  /** An item of a list of criterion ids that is a list or a mapping. */
  | { kind: "criterionNotId"; found: "list" | "mapping" };

/** How a finding names the value holding an invisible character, given it as shown, and what to do. */
const INVISIBLE_IN: Record<Extract<Facts, { kind: "invisible" }>["of"], { name: (shown: string) => string; hint: string }> = {
  contactId: { name: (shown) => `Contact id ${shown}`, hint: "type it again" },
  criteriaUnit: { name: (shown) => `Unit ${shown} in \`criteria\``, hint: "type it again" },
  criterionId: { name: (shown) => `Criterion id ${shown}`, hint: "type the id again" },
};

const URN_EXAMPLE = code("R/600/9587");

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export default {
  id: "field-invalid",
  severity: "error",
  reportedBy: "check",
  summary: "A field has the wrong kind of value (a list where text is expected, an unknown `status` or `evidence_type`).",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "notMapping": return `${capitalise(facts.where)} should be a mapping of \`key: value\` lines, found ${facts.found}`;
      case "wrongKind": return `${code(facts.key)} in ${facts.where} should be ${facts.expected}, found ${facts.found}`;
      case "itemNotText": return `Each item of ${code(facts.key)} in ${facts.where} should be text, found ${facts.found}`;
      case "notAllowed": return `Unknown ${code(facts.key)} ${code(facts.written)}, expected ${orList(facts.allowed.map(code))}`;
      case "outOfRange": return `${code(facts.key)} should be ${facts.min} to ${facts.max}, found ${facts.found}`;
      case "invisible": return `${INVISIBLE_IN[facts.of].name(code(showInvisible(facts.written)))} holds an invisible character (${facts.hidden}), often pasted in from a web page or a document`;
      case "contactId": return `Contact id ${code(facts.written)} should be lower-case letters, digits, - or _, starting with a letter (it is written @${facts.written} in reflections)`;
      case "networkUnknown": return `Network ${code(facts.written)} is not described under \`networks\``;
      case "misleadingPath": return `Evidence path ${code(showName(facts.path))} holds ${facts.holds}, so it shows as something it is not`;
      case "urnMalformed": return `Unit reference number ${code(facts.written)} is not in the form ${URN_EXAMPLE}`;
      case "notUrn": return facts.field === "unit" ? `\`unit\` ${code(facts.written)} should be a unit reference number such as ${URN_EXAMPLE}` : `${code(facts.written)} in \`criteria\` should be a unit reference number such as ${URN_EXAMPLE}`;
      case "idsNotList": return `${code(facts.unit === undefined ? "criteria" : `criteria: ${facts.unit}`)} should be a list of ids such as \`["1.1", "2.1"]\``;
      case "criterionNotId": return `Each criterion should be an id such as \`1.1\`, found a ${facts.found}`;
    }
  },
  hint: (facts: Facts) => {
    switch (facts.kind) {
      case "notAllowed": return facts.guess ? `did you mean ${code(facts.guess)}?` : undefined;
      case "invisible": return INVISIBLE_IN[facts.of].hint;
      case "networkUnknown": return "add it there, or check its spelling";
      case "misleadingPath": return "rename the file and cite it again";
      case "urnMalformed": return facts.inSpec ? "copy it from the spec" : "copy it from the unit spec";
      default: return undefined;
    }
  },
  docs: "Finds a field with the wrong kind of value: a list where text is expected, a `status` other than `draft` or `final`, an `evidence_type` not in the list, a unit reference number not written like `R/600/9587`, an id holding an invisible character pasted in from a web page. The value cannot be used; like every error, it stops the build until it is corrected. The message says what was expected.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: finished
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: What the housing forum taught me
date: 2026-03-14
status: final
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
