import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { inLanes } from "../lanes.ts";
import { formatBytes } from "../text/format.ts";
import type { LoadedReflection } from "../workspace/workspace.ts";
import { nameLexicon } from "../text/name-lexicon.ts";
import { findPersonNames, inEnglish } from "../text/person-names.ts";
import type { EvidenceText } from "./evidence.ts";
import { evidenceKind, NOT_READ, READ_FILE_BYTES, readEvidenceText } from "./read-evidence.ts";

/** What reading each evidence file gave, kept between reads (the preview's) by size and time of change. */
export class EvidenceCache {
  readonly files = new Map<string, { size: number; mtimeMs: number; text: EvidenceText }>();
}

/**
 * Reads every evidence file that a shared reflection (final or draft, not private) cites,
 * a few at a time, each by its format. A file is opened without following a link (its
 * path was resolved inside the workspace already), sniffed from its first bytes, and read
 * whole only when its format can be read and it is within the limit. What reads as a
 * person's name in its text is found here too, for the check to judge against the register.
 */
export async function readWorkspaceEvidence(reflections: readonly LoadedReflection[], cache?: EvidenceCache): Promise<Map<string, EvidenceText>> {
  const files = new Map<string, string>();
  for (const reflection of reflections) {
    if (reflection.private) continue;
    for (const ref of reflection.evidenceFiles) if (ref.file.status === "ok") files.set(ref.file.path, ref.file.absolute);
  }
  const paths = [...files.keys()].sort();
  const texts = await inLanes(paths.map((path) => () => readOne(path, files.get(path)!, cache)), 4);
  if (cache) for (const path of cache.files.keys()) if (!files.has(path)) cache.files.delete(path);
  return new Map(paths.map((path, i) => [path, texts[i]!]));
}

const HEAD = 64 * 1024;

async function readOne(path: string, absolute: string, cache: EvidenceCache | undefined): Promise<EvidenceText> {
  const handle = await open(absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const { size, mtimeMs } = await handle.stat();
    const kept = cache?.files.get(path);
    if (kept && kept.size === size && kept.mtimeMs === mtimeMs) return kept.text;
    const head = new Uint8Array(Math.min(size, HEAD));
    await handle.read(head, 0, head.length, 0);
    // A zip container's kind is in its directory, at its end: it is read whole to be known.
    const zip = head[0] === 0x50 && head[1] === 0x4b;
    const text: EvidenceText =
      !zip && NOT_READ.has(evidenceKind(path, head)) ? await readEvidenceText(path, head)
      : size > READ_FILE_BYTES ? { format: "file", passages: [], unread: `it is ${formatBytes(size)}, more than the ${formatBytes(READ_FILE_BYTES)} that is read for names` }
      : await readEvidenceText(path, size === head.length ? head : await handle.readFile());
    if (text.passages.length) {
      const lexicon = await nameLexicon();
      // A file not in English is not read for names of people not in the register: its nouns and labels would be taken for them.
      const english = inEnglish(text.passages.map((p) => p.text).join("\n").slice(0, 200_000), lexicon);
      text.people = english ? text.passages.flatMap((passage, i) => findPersonNames(passage.text, lexicon).filter((p) => !p.cited).map((p) => ({ passage: i, index: p.index, text: p.text }))) : [];
    }
    cache?.files.set(path, { size, mtimeMs, text });
    return text;
  } finally {
    await handle.close();
  }
}
