import type { Nodes } from "mdast";
import type { Point } from "unist";
import type { VFile } from "vfile";
import { finding, wordsOf, type Diagnostic, type FactsOf, type Position, type ReportedRule } from "../diagnostics/diagnostic.ts";

type VFileMessage = VFile["messages"][number];

/** The finding each of the project's own lint rules reported, by its message, to be made once its line in the file is known. */
const reported = new WeakMap<VFileMessage, (file: string, at: Position) => Diagnostic>();

/**
 * Reports what one of the project's own lint rules found, at a node or a point of the
 * body: a remark message (in the rule's words, so the vfile reads as any other), and the
 * rule's module and facts kept with it, from which lint-reflection.ts makes the finding.
 */
export function report<R extends ReportedRule>(file: VFile, at: Nodes | Point, rule: R, ...facts: FactsOf<R>): void {
  const { message: words } = wordsOf(rule, ...facts);
  const message = "type" in at ? file.message(words, at) : file.message(words, at);
  reported.set(message, (path, position) => finding(path, rule, position, ...facts));
}

/** How to make the finding a message reports, if one of the project's own rules reported it (remark-lint's rules report words alone). */
export function reportedFinding(message: VFileMessage): ((file: string, at: Position) => Diagnostic) | undefined {
  return reported.get(message);
}
