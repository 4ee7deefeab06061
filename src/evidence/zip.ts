import { createRequire } from "node:module";

/** fflate, loaded the first time a zip container is met rather than at every start. */
const unzipSync: typeof import("fflate").unzipSync = (...args) => (createRequire(import.meta.url)("fflate") as typeof import("fflate")).unzipSync(...args);
import { EvidenceReadError, READ_LIMITS } from "./evidence.ts";

/**
 * The entries of a zip container (Office and OpenDocument files) that `wanted` asks for.
 * fflate inflates each entry into a buffer of the size the archive declares, so a
 * declared size bounds what an entry can take; the declared sizes of the entries taken
 * must together stay under the limit (the evidence readers', unless given), so a zip bomb
 * is refused before anything is inflated.
 */
export function unzip(bytes: Uint8Array, wanted: (name: string) => boolean, limit: number = READ_LIMITS.unzippedBytes): Map<string, Uint8Array> {
  let total = 0;
  let tooLarge = false;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        total += file.originalSize;
        if (total > limit) tooLarge = true;
        return !tooLarge;
      },
    });
  } catch (error) {
    throw new EvidenceReadError(`it is not a readable zip container (${error instanceof Error ? error.message : String(error)}); it may be damaged or protected by a password`);
  }
  if (tooLarge) throw new EvidenceReadError(`it unpacks to more than ${limit / 1024 / 1024} MB, which is not read`);
  return new Map(Object.entries(entries));
}

/** The names of a zip container's entries, without inflating any. */
export function zipNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  try {
    unzipSync(bytes, { filter: (file) => (names.push(file.name), false) });
  } catch (error) {
    throw new EvidenceReadError(`it is not a readable zip container (${error instanceof Error ? error.message : String(error)}); it may be damaged or protected by a password`);
  }
  return names;
}

const utf8 = new TextDecoder("utf-8");

/** An entry as text (XML parts are UTF-8 in every file these readers take). */
export function entryText(entries: ReadonlyMap<string, Uint8Array>, name: string): string | undefined {
  const bytes = entries.get(name);
  return bytes ? utf8.decode(bytes) : undefined;
}
