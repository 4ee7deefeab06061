import { code } from "../../text/suggest.ts";
import type { RuleDefinition } from "../rule.ts";

export type Facts =
  /**
   * The mistake behind most YAML errors a learner meets: the plain `value` of `key` holds
   * what YAML reads as syntax, `: ` (`title: Networking: what I learned`) or an indicator
   * such as `@` at its start (`title: @jsmith's advice`). `indent` is what comes before the
   * key on its line, so the line can be quoted back as it should be.
   */
  | { kind: "unquoted"; key: string; value: string; indent: string; holds: "colon" | "indicator" }
  /** Any other error or warning, as the YAML parser gave it. */
  | { kind: "error" | "warning"; reason: string };

/** The parser's reason without its position, which the finding has already. */
function firstLine(reason: string): string {
  return reason.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}

export default {
  id: "yaml-syntax",
  severity: "error",
  reportedBy: "check",
  summary: "A YAML syntax error, at the line and column of the fault.",
  message: (facts: Facts) => {
    switch (facts.kind) {
      case "unquoted": return `The value of ${code(facts.key)} holds ${facts.holds === "colon" ? "`: `, which YAML reads as the start of another key" : `${code(facts.value[0]!)} at its start, which YAML keeps for its own use`}`;
      case "error": return `YAML syntax error: ${firstLine(facts.reason)}`;
      case "warning": return `YAML problem: ${firstLine(facts.reason)}`;
    }
  },
  hint: (facts: Facts) => {
    switch (facts.kind) {
      case "unquoted": return `put the value in double quotes: ${code(`${facts.indent}${facts.key}: ${JSON.stringify(facts.value)}`)}`;
      case "error": return "fix the YAML at this place";
      case "warning": return undefined;
    }
  },
  docs: "Finds YAML that cannot be read, in front matter, portfolio.yaml, a unit spec or the register, at the line and column where the parser found the fault. The most common cause is a title holding `: ` or starting with `@`, which YAML reads as its own syntax; the message then says to put the value in double quotes. The file's fields are not read until it is fixed.",
  examples: {
    notOk: {
      "reflections/forum.md": `---
title: Networking: what the housing forum taught me
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
    ok: {
      "reflections/forum.md": `---
title: "Networking: what the housing forum taught me"
date: 2026-03-14
criteria: ["1.1"]
---
At the housing forum I weighed what each partner could offer us, and what we could offer them. {ac=1.1}
`,
    },
  },
} as const satisfies RuleDefinition;
