import type { Nodes, Root } from "mdast";
import { lintRule } from "unified-lint-rule";
import { visit } from "unist-util-visit";
import type { NameLexicon } from "../text/name-lexicon.ts";
import { findPersonNames } from "../text/person-names.ts";
import { report } from "./lint-report.ts";

let lexicon: NameLexicon | undefined;

/** The lexicon the rule reads with, loaded (asynchronously) before any reflection is linted. */
export function useLexicon(loaded: NameLexicon): void {
  lexicon = loaded;
}

/** Blocks whose text is read as prose. Code blocks are not: names there are reported only if they are contacts'. */
const BLOCKS = new Set(["paragraph", "heading", "tableCell"]);

/**
 * The rule as the lint reports it: the name as written is the message, a fact for the loader,
 * which drops the names the portfolio knows and words the rest by the rule's module
 * (src/diagnostics/rules/person-not-in-register.ts).
 */
const nameFound = { id: "person-not-in-register", message: ({ name }: { name: string }) => name } as const;

/**
 * What reads as a person's name in a reflection, each reported with the name as written
 * as its message: which of them the portfolio knows (the learner, the assessor, its
 * contacts, `public_names`) is decided outside the lint, which is cached by the text
 * alone. Authors cited as authors are (`Gibbs (1988)`, `(Kolb, 1984)`) are left out.
 * The text of each block is read whole, its soft line breaks as spaces, so a name
 * wrapped over two lines of the file is one name; each is reported where it is written.
 */
export const personNames = lintRule({ origin: "portfolio:person-not-in-register" }, (tree: Root, file) => {
  if (!lexicon) return;
  const source = String(file.value);
  visit(tree, (node: Nodes) => {
    if (!BLOCKS.has(node.type)) return;
    const leaves: Array<{ start: number; node: Nodes & { value: string } }> = [];
    let text = "";
    visit(node, (leaf: Nodes) => {
      if ((leaf.type === "text" || leaf.type === "inlineCode") && leaf.position) {
        leaves.push({ start: text.length, node: leaf });
        text += leaf.value;
      } else if (leaf.type === "break") {
        text += " ";
      }
    });
    for (const name of findPersonNames(text.replace(/\n/g, " "), lexicon!)) {
      if (name.cited) continue;
      const leaf = leaves.findLast((l) => l.start <= name.index)!;
      const written = name.text.split(/\s+/)[0]!;
      // Where it is written: found in the leaf's source from where its value puts it (escapes and entities move it a little).
      const from = leaf.node.position!.start.offset! + Math.max(0, name.index - leaf.start - 8);
      const found = source.indexOf(written, from);
      const offset = found !== -1 && found <= leaf.node.position!.end.offset! ? found : leaf.node.position!.start.offset!;
      report(file, { line: lineOf(source, offset), column: offset - source.lastIndexOf("\n", offset - 1) }, nameFound, { name: name.text });
    }
    return "skip";
  });
});

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let k = source.indexOf("\n"); k !== -1 && k < offset; k = source.indexOf("\n", k + 1)) line++;
  return line;
}
