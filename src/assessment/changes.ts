import { diffWords } from "diff";
import type { AttachedFacts } from "../signing/attached-facts.ts";
import { sourceChanges } from "./since.ts";

/** One run of words: kept, removed or added. */
export interface WordChange {
  op: "=" | "-" | "+";
  text: string;
}

/**
 * What changed between two PDFs of one portfolio, from what each carries: the reflections
 * and evidence files added, removed and changed (reflections by file and title), and for
 * each changed reflection its printed text compared word by word. Never the sources
 * themselves, which may name people the PDF does not.
 */
export interface Changes {
  from: { build: string };
  to: { build: string };
  reflections: {
    added: Array<{ file: string; title: string }>;
    removed: Array<{ file: string; title: string }>;
    /** `words` is missing when either PDF was made before the printed text travelled in it. */
    changed: Array<{ file: string; title: string; words?: WordChange[] }>;
  };
  evidence: { added: string[]; removed: string[]; changed: string[] };
  /** portfolio.yaml, unit specs. */
  other: { added: string[]; removed: string[]; changed: string[] };
  count: number;
}

export function changesBetween(before: AttachedFacts, after: AttachedFacts): Changes {
  const kind = (file: string) => (file.startsWith("reflections/") ? "reflections" : file.startsWith("evidence/") ? "evidence" : "other");
  const titleIn = (facts: AttachedFacts, file: string) => {
    const printed = published(facts, file);
    if (printed) return printed.split("\n")[0]!.trim();
    return facts.evidenceMap?.units.flatMap((u) => u.criteria.flatMap((c) => c.evidence)).find((e) => e.file === file)?.title ?? "";
  };
  const changes: Changes = {
    from: { build: before.buildId }, to: { build: after.buildId },
    reflections: { added: [], removed: [], changed: [] }, evidence: { added: [], removed: [], changed: [] }, other: { added: [], removed: [], changed: [] }, count: 0,
  };
  const touched = sourceChanges(before.sources ?? {}, after.sources ?? {});
  for (const state of ["changed", "added", "removed"] as const) {
    for (const file of touched[state]) {
      changes.count++;
      const group = kind(file);
      if (group !== "reflections") { changes[group][state].push(file); continue; }
      const title = titleIn(state === "removed" ? before : after, file);
      if (state !== "changed") { changes.reflections[state].push({ file, title }); continue; }
      const [then, text] = [published(before, file), published(after, file)];
      changes.reflections.changed.push({ file, title, ...(then !== undefined && text !== undefined ? { words: wordChanges(then, text) } : {}) });
    }
  }
  return changes;
}

/** A reflection's printed text, if the PDF carries it (and it is text: the PDF is the learner's, never trusted). */
function published(facts: AttachedFacts, file: string): string | undefined {
  const text = facts.published?.[file];
  return typeof text === "string" ? text : undefined;
}

/** The two texts compared word by word (jsdiff's diffWords), runs of one kind merged. */
export function wordChanges(before: string, after: string): WordChange[] {
  const runs: WordChange[] = [];
  for (const part of diffWords(before, after)) {
    const op = part.added ? "+" : part.removed ? "-" : "=";
    const last = runs.at(-1);
    if (last?.op === op) last.text += part.value;
    else runs.push({ op, text: part.value });
  }
  return runs;
}

/**
 * The changed places of a word comparison as lines of text, as `git diff --word-diff`
 * shows them: removed words in [-...-], added in {+...+}, with a few words either side.
 */
export function changedPassages(words: readonly WordChange[], context = 8): string[] {
  const passages: string[] = [];
  const clip = (text: string, from: "start" | "end") => {
    const parts = text.split(/(\s+)/);
    const keep = context * 2;
    if (parts.length <= keep) return text;
    return from === "end" ? `… ${parts.slice(-keep).join("").trimStart()}` : `${parts.slice(0, keep).join("").trimEnd()} …`;
  };
  let i = 0;
  while (i < words.length) {
    if (words[i]!.op === "=") { i++; continue; }
    let text = i > 0 ? clip(words[i - 1]!.text, "end") : "";
    while (i < words.length && (words[i]!.op !== "=" || (words[i + 1] && words[i + 1]!.op !== "=" && words[i]!.text.split(/\s+/).length <= context))) {
      const w = words[i]!;
      text += w.op === "-" ? `[-${w.text}-]` : w.op === "+" ? `{+${w.text}+}` : w.text;
      i++;
    }
    if (i < words.length) text += clip(words[i]!.text, "start");
    passages.push(text.replace(/\s+/g, " ").trim());
  }
  return passages;
}
