import type { Position } from "../diagnostics/diagnostic.ts";
import { withoutInvisible } from "../text/invisible.ts";

/**
 * A reflection split into its front matter and body, with the lines each starts on.
 *
 * This is deliberately not gray-matter: gray-matter evaluates `---js` front matter (and
 * falls back to its `javascript` engine when `js` is turned off), caches by content, and
 * gives no positions. Here the fences are found line by line, a language tag other than
 * YAML is refused before anything reads it, and nothing is ever evaluated.
 */
export type FrontMatter =
  | { kind: "yaml"; yaml: string; yamlStart: Position; body: string; bodyStartLine: number }
  | { kind: "missing" }
  | { kind: "unclosed" }
  | { kind: "language"; language: string; at: Position };

// Any white space and invisible characters around a fence: a no-break space or a zero-width
// one pasted in from a web page leaves a line that still looks like `---`.
const OPEN = /^---\s*(\S*)\s*$/;
const CLOSE = /^(?:---|\.\.\.)\s*$/;

export function splitFrontMatter(source: string): FrontMatter {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const firstBreak = text.indexOf("\n");
  const firstLine = stripCr(firstBreak === -1 ? text : text.slice(0, firstBreak));
  const open = OPEN.exec(withoutInvisible(firstLine));
  if (!open) return { kind: "missing" };
  const language = open[1] ?? "";
  if (language !== "" && !/^ya?ml$/i.test(language)) {
    return { kind: "language", language, at: { line: 1, column: Math.max(firstLine.indexOf(language), 3) + 1 } };
  }
  if (firstBreak === -1) return { kind: "unclosed" };

  let offset = firstBreak + 1;
  let line = 2;
  while (offset <= text.length) {
    const end = text.indexOf("\n", offset);
    const current = stripCr(end === -1 ? text.slice(offset) : text.slice(offset, end));
    if (CLOSE.test(withoutInvisible(current))) {
      return {
        kind: "yaml",
        yaml: text.slice(firstBreak + 1, offset),
        yamlStart: { line: 2, column: 1 },
        body: end === -1 ? "" : text.slice(end + 1),
        bodyStartLine: line + 1,
      };
    }
    if (end === -1) break;
    offset = end + 1;
    line += 1;
  }
  return { kind: "unclosed" };
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
