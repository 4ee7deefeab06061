import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "./workspace.ts";

/**
 * The signing corpus gathered beside the project (`../shared/signing-corpus`): real signed
 * and attack PDFs from public repositories, used from there and never copied in. Its place
 * can be given with PORTFOLIO_SIGNING_CORPUS; a clone elsewhere finds it at /work/shared.
 * A missing corpus fails the tests that need it, loudly, rather than skipping them.
 */
export const SIGNING_CORPUS = [process.env.PORTFOLIO_SIGNING_CORPUS, resolve(repoRoot, "..", "shared", "signing-corpus"), "/work/shared/signing-corpus"]
  .filter((dir): dir is string => Boolean(dir))
  .find((dir) => existsSync(join(dir, "SOURCES.tsv"))) ?? resolve(repoRoot, "..", "shared", "signing-corpus");

export function corpusFile(name: string): string {
  const file = join(SIGNING_CORPUS, name);
  if (!existsSync(file)) throw new Error(`The signing corpus file ${name} is not at ${file}; set PORTFOLIO_SIGNING_CORPUS to the folder that holds SOURCES.tsv`);
  return file;
}

/** Every PDF the corpus lists, as `folder/file.pdf`. */
export function corpusFiles(): string[] {
  return readFileSync(join(SIGNING_CORPUS, "SOURCES.tsv"), "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t")[0]!);
}
