import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The sample portfolio's unsigned PDF, printed once for the whole run (see samplePdf). */
    samplePdf: string;
  }
}

/** The SOURCE_DATE_EPOCH the shared print is made with; tests that print again compare against it. */
export const SAMPLE_EPOCH = "1767225600";

/**
 * The tests run the command as it ships, the compiled JavaScript in dist/ (as bin/portfolio.js
 * does): compiled once here, from the sources under test, before any test starts.
 *
 * Then the sample's unsigned PDF is printed once, as `portfolio pdf` prints it, for the tests
 * that need a real printed portfolio to sign, tamper with or read, rather than each printing
 * it again (seven prints of the same bytes were a quarter of the suite's time).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, "..");
  const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.build.json")], { encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed, so dist/ would not match the sources:\n${tsc.stdout}${tsc.stderr}`);

  const dir = await mkdtemp(join(tmpdir(), "portfolio-test-sample-"));
  const pdf = join(dir, "portfolio.pdf");
  const print = spawnSync(process.execPath, [join(root, "bin", "portfolio.js"), "pdf", "--out", pdf], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: SAMPLE_EPOCH },
  });
  if (print.status !== 0) throw new Error(`portfolio pdf of the sample failed (exit ${print.status}):\n${print.stdout}${print.stderr}`);
  project.provide("samplePdf", pdf);
  return () => rm(dir, { recursive: true, force: true });
}
