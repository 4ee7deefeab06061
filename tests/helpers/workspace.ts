import { cp, mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, inject } from "vitest";
import { checkWorkspace, type CheckResult } from "../../src/check/check-workspace.ts";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.ts";
import { loadWorkspace } from "../../src/workspace/load-workspace.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const fixturesDir = join(repoRoot, "tests", "fixtures");

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix = "portfolio-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/**
 * A workspace made of the base (portfolio.yaml registering R/600/9587, both seed unit
 * specs) with a fixture folder laid over it, and extra files if given.
 */
export async function fixtureWorkspace(name: string, extra: Record<string, string> = {}): Promise<string> {
  const root = await tempDir();
  const dir = join(root, "portfolio");
  await cp(join(fixturesDir, "_base"), dir, { recursive: true });
  if (name !== "_base") await cp(join(fixturesDir, name), dir, { recursive: true });
  for (const [file, text] of Object.entries(extra)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

export async function checkFixture(name: string, options: { strict?: boolean; extra?: Record<string, string> } = {}): Promise<CheckResult> {
  const dir = await fixtureWorkspace(name, options.extra);
  return checkWorkspace(await loadWorkspace(dir), { strict: options.strict ?? false });
}

/** The findings of one rule, as `file:line:column` plus the message, for exact assertions. */
export function findings(result: CheckResult, rule: string): Array<{ where: string; message: string; severity: string }> {
  return result.diagnostics
    .filter((d: Diagnostic) => d.rule === rule)
    .map((d) => ({ where: `${d.file}:${d.line}:${d.column}`, message: d.message, severity: d.severity }));
}

export function rulesOf(result: CheckResult): string[] {
  return [...new Set(result.diagnostics.map((d) => d.rule))].sort();
}

/**
 * A copy of the sample's unsigned PDF (printed once for the run by the global setup with
 * SOURCE_DATE_EPOCH 1767225600, as `portfolio pdf --out FILE` prints it), at `file`: a copy,
 * because signing writes in place and each test owns what it changes.
 */
export async function samplePdf(file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await cp(inject("samplePdf"), file);
  return file;
}
