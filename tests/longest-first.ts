import { basename } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The test files that take longest (about 20 to 70 s each on a 2-core machine), longest
 * first. Two workers take files in this order; a long file started last runs alone at
 * the end while the other worker idles, which cost the suite 20 to 35 s. Only the order
 * is decided here, never a result.
 */
const LONGEST = ["assess", "hostile-inputs", "signing", "package", "evidence", "pdf", "privacy", "verify-attacks", "preview", "site-build", "init", "output-lock"];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.indexOf(basename(file.moduleId, ".test.ts"));
      return index === -1 ? LONGEST.length : index;
    };
    // The rest in vitest's own order (by earlier durations, else larger files first).
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}
