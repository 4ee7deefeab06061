import { readFile } from "node:fs/promises";
import { changedPassages, changesBetween, type Changes } from "../../assessment/changes.ts";
import { UsageError, whyUnreadable } from "../../errors.ts";
import { reportWidth, wrap } from "../../text/wrap.ts";
import { EXIT, oneOf, parseFlags, type Io } from "../cli-io.ts";

export const changesHelp = `Usage: portfolio changes OLD.pdf NEW.pdf [--format text|json]

What a resubmission changed, from the two PDFs alone: the reflections and evidence files
added, removed and changed (reflections by file and title), and for each changed
reflection its printed text compared word by word, [-removed-] and {+added+}. The
comparison uses the text each PDF prints, which it carries for this, never the learner's
sources, which may name people the PDF does not. It compares what each PDF says it was
made from: \`portfolio verify\` checks that each is signed as it says.

Options:
  --format text|json  how to report (default text)
  -h, --help          show this help

Exit status: 0 nothing changed; 1 something changed; 2 the command could not run (a file
that cannot be read, a PDF that carries no record of what it was made from); 70 a bug in
portfolio.`;

export async function changesCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("changes", args, { format: { type: "string" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) { io.out(changesHelp); return EXIT.ok; }
  const format = values.format === undefined ? "text" : oneOf("format", values.format, ["text", "json"] as const, "text");
  if (positionals.length !== 2) throw new UsageError(`Two PDFs to compare, the earlier first: ${positionals.length} given`, "portfolio changes portfolio-v1.pdf portfolio-v2.pdf");
  const { pdfFacts } = await import("../../signing/attached-facts.ts");
  const facts = await Promise.all(positionals.map(async (file) => {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${file}: ${whyUnreadable(error)}`, "Give the two PDFs of the portfolio, the earlier first."); });
    const found = pdfFacts(bytes);
    if (!found?.sources || typeof found.sources !== "object") throw new UsageError(`${file} carries no record of what it was made from, so it cannot be compared`, "Give PDFs built by portfolio (an older version's or another tool's cannot be compared).");
    return found;
  }));
  const changes = changesBetween(facts[0]!, facts[1]!);
  if (format === "json") io.out(JSON.stringify(changes, null, 2));
  // Wrapped to a terminal's width; piped, a line each.
  else io.out(formatChanges(positionals[0]!, positionals[1]!, changes, reportWidth()));
  return changes.count ? EXIT.contentErrors : EXIT.ok;
}

/** The changes as text: each file with what happened to it, a changed reflection's passages under it, and a tally. */
export function formatChanges(from: string, to: string, changes: Changes, width?: number): string {
  const lines = [`${to} (build ${changes.to.build}) against ${from} (build ${changes.from.build}):`];
  const named = (file: string, title: string) => (title ? `${file} “${title}”` : file);
  for (const r of changes.reflections.changed) {
    lines.push(`  changed  ${named(r.file, r.title)}`);
    if (!r.words) lines.push("           (an earlier PDF does not carry its printed text: the words that changed cannot be shown)");
    else for (const passage of changedPassages(r.words)) lines.push(`           ${passage}`);
  }
  for (const r of changes.reflections.added) lines.push(`  added    ${named(r.file, r.title)}`);
  for (const r of changes.reflections.removed) lines.push(`  removed  ${named(r.file, r.title)}`);
  for (const group of [changes.evidence, changes.other]) {
    for (const state of ["changed", "added", "removed"] as const) for (const file of group[state]) lines.push(`  ${state.padEnd(7)}  ${file}`);
  }
  lines.push(changes.count === 0 ? "Nothing changed: the two PDFs were made from the same files." : `${changes.count} ${changes.count === 1 ? "file" : "files"} changed, added or removed.`);
  return width === undefined ? lines.join("\n") : lines.flatMap((line) => wrap(line, Math.max(60, width), /^ {2}\S+ +/.exec(line)?.[0].length ?? (/^ +/.exec(line)?.[0].length ?? 0))).join("\n");
}
