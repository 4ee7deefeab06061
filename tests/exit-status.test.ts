import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { fixturesDir, fixtureWorkspace, tempDir } from "./helpers/workspace.ts";

describe("exit status (issue 17: an unexpected exception exited 1, which means the content has errors)", () => {
  it("exits 70 for a bug in portfolio, saying it is one, through main() with a site renderer that throws", async () => {
    const { main } = await import("../src/cli/main.ts");
    const err: string[] = [];
    const io = { out: () => {}, err: (text: string) => { err.push(text); }, color: false };
    const site = async (): Promise<never> => { throw new TypeError("Cannot read properties of undefined (reading 'write')"); };
    const status = await main(["build", "--no-pdf", "--dir", await fixtureWorkspace("clean"), "--out", join(await tempDir(), "_site")], io, { site });
    expect(err[0]).toMatch(/^portfolio: unexpected failure: TypeError: Cannot read properties of undefined \(reading 'write'\)\n\s+at /);
    expect(err[1]).toBe("  This is a bug; please report it with the output above.");
    expect(status).toBe(70);
  });

  it("exits 2, naming the path, where a file stands in place of a folder (these were unexpected failures, and pdf hung)", async () => {
    const dir = await tempDir();
    const file = join(dir, "notes.txt");
    await writeFile(file, "a file, not a folder");
    const ws = await fixtureWorkspace("clean");
    const cases: Array<[string[], string, Record<string, string>?]> = [
      [["build", "--no-pdf", "--dir", ws, "--out", join(file, "_site")], `Refusing to write the site to ${join(file, "_site")}: ${file} is a file, not a folder`],
      [["pdf", "--dir", ws, "--out", join(file, "portfolio.pdf")], `Refusing to write the PDF to ${join(file, "portfolio.pdf")}: ${file} is a file, not a folder`],
      [["spec", "import", "--out", file, join(fixturesDir, "spec-sources", "ocr-unit-21-R-600-9587-develop-maintain-and-review-personal-networks.txt")], `Cannot use ${file}: it is a file, where a folder is needed (EEXIST)`],
      [["keygen", "--name", "Priya Shah", "--out", join(file, "priya.p12")], `Cannot use ${file}: it is a file, where a folder is needed (EEXIST)`, { PORTFOLIO_KEY_PASSPHRASE: "correct horse battery" }],
    ];
    for (const [args, sentence, env] of cases) {
      const { status, stderr } = runCli(args, { cwd: dir, ...(env ? { env } : {}) });
      expect(stderr).toContain(`portfolio: ${sentence}`);
      expect(stderr).not.toContain("unexpected failure");
      expect(status).toBe(2);
    }
    expect(await readdir(dir)).toEqual(["notes.txt"]);
  });
});

describe("a flag that takes one value, given twice (issue 17: `check --dir A --dir B` silently used B)", () => {
  it.each([
    [["check", "--dir", "portfolio", "--dir", "nowhere"], `--dir is given twice, as "portfolio" and "nowhere", but takes one value`],
    [["build", "--no-pdf", "--out", "site-a", "--out=site-b"], `--out is given twice, as "site-a" and "site-b", but takes one value`],
    [["pdf", "--paper", "a4", "--paper", "letter", "--paper", "a4"], `--paper is given 3 times, as "a4", "letter" and "a4", but takes one value`],
    [["verify", "signed.pdf", "--format", "text", "--format", "json"], `--format is given twice, as "text" and "json", but takes one value`],
    [["new", "Title", "--unit", "R/600/9587", "--unit", "J/506/1949"], `--unit is given twice, as "R/600/9587" and "J/506/1949", but takes one value`],
    [["sign", "a.pdf", "--key", "a.p12", "--key", "b.p12"], `--key is given twice, as "a.p12" and "b.p12", but takes one value`],
    [["init", "--learner", "Priya Shah", "--learner", "Sam Lee"], `--learner is given twice, as "Priya Shah" and "Sam Lee", but takes one value`],
    [["spec", "show", "R/600/9587", "--dir", "portfolio", "--dir", "other"], `--dir is given twice, as "portfolio" and "other", but takes one value`],
    [["build", "--no-pdf", "--pdf"], "--pdf and --no-pdf are both given"],
  ])("%j exits 2 naming the flag, before doing anything", async (args, sentence) => {
    const dir = await tempDir();
    const { status, stdout, stderr } = runCli(args, { cwd: dir });
    expect(stderr).toContain(`portfolio: ${sentence}\n`);
    expect(stderr).toContain(`Run \`portfolio ${args[0]} --help\` for its options.`);
    expect(stdout).toBe("");
    expect(status).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it("still takes a flag meant to be repeated, and a switch given twice the same way", async () => {
    const trust = runCli(["verify", "signed.pdf", "--trust", "centre.pem", "--trust", "assessor.pem"], { cwd: await tempDir() });
    expect(trust.stderr).toContain("Cannot read --trust centre.pem: there is no such file");
    expect(trust.status).toBe(2);
    expect(runCli(["check", "--strict", "--strict"]).status).toBe(0);
    expect(runCli(["check", "-h", "--help"]).status).toBe(0);
  });
});
