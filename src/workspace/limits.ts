import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { finding, type Diagnostic } from "../diagnostics/diagnostic.ts";
import fileLink from "../diagnostics/rules/file-link.ts";
import fileTooLarge, { type Facts as TooLarge } from "../diagnostics/rules/file-too-large.ts";
import { decodeText } from "./decode-text.ts";
import type { LoadedReflection } from "./workspace.ts";

const MB = 1024 * 1024;

/**
 * What a workspace may hold. Each limit is far above what real work needs, and each is
 * reported as a finding where it is passed, so a pasted spreadsheet or a folder of phone
 * photos gets a clear message instead of a build that runs out of memory.
 */
export const LIMITS = {
  /** A reflection: some 300,000 words, thirty times the longest reflective account. */
  reflectionBytes: 2 * MB,
  /** portfolio.yaml, a unit spec, the contacts register. */
  dataFileBytes: 10 * MB,
  /** Rows of one table in a reflection: about 20 printed pages. */
  tableRows: 1000,
  /** One image or PDF placed in the PDF; larger ones are listed with their SHA-256. */
  placedFileBytes: 50 * MB,
  /** All images and PDFs placed in the PDF together; later ones are listed instead. */
  placedTotalBytes: 250 * MB,
} as const;

/**
 * A workspace text file's bytes and text, or a finding when it is a symbolic link or
 * larger than the limit for `what` it is (then it is not read at all: a 5 GB file must not
 * be loaded to be refused) or is not UTF-8.
 */
export async function readTextFile(
  path: string,
  file: string,
  what: TooLarge["what"],
): Promise<{ bytes: Buffer; text: string; finding?: undefined } | { bytes?: Buffer; text?: undefined; finding: Diagnostic }> {
  // A symbolic link is not followed: it could lead out of the workspace.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ELOOP") return undefined;
    throw error;
  });
  if (!handle) return { finding: linkFinding(file) };
  try {
    const { size } = await handle.stat();
    const limit = what === "reflection" ? LIMITS.reflectionBytes : LIMITS.dataFileBytes;
    if (size > limit) return { finding: finding(file, fileTooLarge, { line: 1, column: 1 }, { what, bytes: size, limit }) };
    const bytes = await handle.readFile();
    const decoded = decodeText(file, bytes);
    return decoded.finding ? { bytes, finding: decoded.finding } : { bytes, text: decoded.text };
  } finally {
    await handle.close();
  }
}

/** A file or folder the tool would read that is a symbolic link, which it does not follow. */
export function linkFinding(file: string): Diagnostic {
  return finding(file, fileLink, { line: 1, column: 1 });
}

/** Evidence the PDF reproduces (images placed on a page, PDFs merged), by extension. */
export const PLACED_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
};

/** Why an image or PDF is not placed in the PDF: its own size, or the size of those placed before it. */
export type Unplaced = { kind: "file"; bytes: number } | { kind: "total"; placedBefore: number };

/**
 * Why each image or PDF cited by the final reflections is not placed in the PDF, by path,
 * for those that are not: one over the size a file may be, or one that comes after the
 * files placed before it (in the PDF's order) reach the total. The check warns of them
 * and the PDF lists them with their SHA-256 instead, both in evidence-too-large's words.
 */
export function unplacedEvidence(finals: ReadonlyArray<Pick<LoadedReflection, "evidenceFiles">>): Map<string, Unplaced> {
  const unplaced = new Map<string, Unplaced>();
  const seen = new Set<string>();
  let total = 0;
  for (const reflection of finals) {
    for (const { file } of reflection.evidenceFiles) {
      if (file.status !== "ok" || seen.has(file.path)) continue;
      seen.add(file.path);
      if (!PLACED_TYPES[extname(file.path).toLowerCase()]) continue;
      if (file.bytes > LIMITS.placedFileBytes) {
        unplaced.set(file.path, { kind: "file", bytes: file.bytes });
      } else if (total + file.bytes > LIMITS.placedTotalBytes) {
        unplaced.set(file.path, { kind: "total", placedBefore: total });
      } else {
        total += file.bytes;
      }
    }
  }
  return unplaced;
}
