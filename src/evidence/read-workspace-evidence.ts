import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { codeVersion, KeptResults } from "../kept-results.ts";
import { inLanes } from "../lanes.ts";
import { formatBytes, formatBytesOver } from "../text/format.ts";
import type { LoadedReflection } from "../workspace/workspace.ts";
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
export async function readWorkspaceEvidence(workspaceDir: string, reflections: readonly LoadedReflection[], cache?: EvidenceCache): Promise<Map<string, EvidenceText>> {
  const files = new Map<string, string>();
  for (const reflection of reflections) {
    if (reflection.private) continue;
    for (const ref of reflection.evidenceFiles) if (ref.file.status === "ok") files.set(ref.file.path, ref.file.absolute);
  }
  const paths = [...files.keys()].sort();
  const kept = paths.length ? await KeptResults.open<EvidenceText>("evidence", workspaceDir, READERS_VERSION) : undefined;
  const texts = await inLanes(paths.map((path) => () => readOne(path, files.get(path)!, cache, kept)), 4);
  await kept?.save();
  if (cache) for (const path of cache.files.keys()) if (!files.has(path)) cache.files.delete(path);
  return new Map(paths.map((path, i) => [path, texts[i]!]));
}

const HEAD = 64 * 1024;

/**
 * What reading a file gives depends on its bytes and on the readers, the lexicon and the
 * person-name rules: a file unchanged since the last run is not read again (by the hash of
 * its bytes, kept with its text in the workspace's evidence results, readable by its owner only).
 */
const READERS_VERSION = codeVersion([
  "evidence/read-workspace-evidence.ts", "evidence/read-evidence.ts", "evidence/evidence.ts", "evidence/decode-any-text.ts", "evidence/xml.ts", "evidence/zip.ts",
  ...["csv", "email", "image", "markup", "office-xml", "opendocument", "pdf", "presentation", "spreadsheet", "text", "word"].map((f) => `evidence/formats/${f}.ts`),
  "text/person-names.ts", "text/name-lexicon.ts", "text/name-matcher.ts",
]);

async function readOne(path: string, absolute: string, cache: EvidenceCache | undefined, kept: KeptResults<EvidenceText> | undefined): Promise<EvidenceText> {
  const handle = await open(absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const { size, mtimeMs } = await handle.stat();
    const inMemory = cache?.files.get(path);
    if (inMemory && inMemory.size === size && inMemory.mtimeMs === mtimeMs) return inMemory.text;
    const remember = (text: EvidenceText) => (cache?.files.set(path, { size, mtimeMs, text }), text);
    const head = new Uint8Array(Math.min(size, HEAD));
    await handle.read(head, 0, head.length, 0);
    // A zip container's kind is in its directory, at its end: it is read whole to be known.
    const zip = head[0] === 0x50 && head[1] === 0x4b;
    if (!zip && NOT_READ.has(evidenceKind(path, head))) return remember(await readEvidenceText(path, head));
    if (size > READ_FILE_BYTES) return remember({ format: "file", passages: [], unread: `it is ${formatBytesOver(size, READ_FILE_BYTES)}, more than the ${formatBytes(READ_FILE_BYTES)} that is read for names` });
    const bytes = size === head.length ? head : await handle.readFile();
    // The key holds the name's extension too: a CSV and a TSV of the same bytes read differently.
    const key = `${createHash("sha256").update(bytes).digest("base64")} ${extname(path).toLowerCase()}`;
    const known = kept?.get(key);
    if (known) return remember(known);
    const text = await readEvidenceText(path, bytes);
    if (text.passages.length) {
      // The lexicon and the name rules are loaded only when a file is read, not for results kept.
      const [{ nameLexicon }, { findPersonNames, inEnglish }] = await Promise.all([import("../text/name-lexicon.ts"), import("../text/person-names.ts")]);
      const lexicon = await nameLexicon();
      // A file not in English is not read for names of people not in the register: its nouns and labels would be taken for them.
      const english = inEnglish(text.passages.map((p) => p.text).join("\n").slice(0, 200_000), lexicon);
      text.people = english ? text.passages.flatMap((passage, i) => findPersonNames(passage.text, lexicon).filter((p) => !p.cited).map((p) => ({ passage: i, index: p.index, text: p.text }))) : [];
    }
    kept?.set(key, text);
    return remember(text);
  } finally {
    await handle.close();
  }
}
