// `portfolio verify FILE...`: a verifier with many PDFs. Regression (issue 20): `verify a.pdf
// b.pdf` judged only the first and exited 0 even when the second failed.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { keyFile, PASSPHRASE } from "./helpers/signing.ts";
import { corpusFile } from "./helpers/signing-corpus.ts";
import { samplePdf, tempDir } from "./helpers/workspace.ts";

const env = { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE };

describe("portfolio verify with many files, folders and globs", () => {
  let inbox: string;

  beforeAll(async () => {
    // An IQA's inbox: a learner's signed portfolio, the same changed after signing (one
    // byte of its text), one never signed, and a PDF another tool signed (pyHanko).
    inbox = join(await tempDir(), "inbox");
    await mkdir(join(inbox, "cohort-2026"), { recursive: true });
    const unsigned = await samplePdf(join(inbox, "cohort-2026", "unsigned.pdf"));
    const signed = join(inbox, "priya-shah.pdf");
    expect(runCli(["sign", unsigned, "--key", await keyFile("Priya Shah", "learner"), "--out", signed], { env }).status).toBe(0);
    const bytes = Buffer.from(await readFile(signed));
    const at = bytes.indexOf("/Producer");
    bytes[at + 12] = bytes[at + 12]! ^ 1;
    await writeFile(join(inbox, "tampered.pdf"), bytes);
    await copyFile(corpusFile("pyhanko/minimal-two-fields-signed-twice.pdf"), join(inbox, "other-tool.pdf"));
  });

  it("judges every file of a folder (its folders too), a line each and a tally, and exits 1 when any fails", () => {
    const { status, stdout } = runCli(["verify", inbox]);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(`✗ ${join(inbox, "cohort-2026", "unsigned.pdf")}: cannot be verified: it has no signatures`);
    expect(lines[1]).toMatch(new RegExp(`^✓ ${join(inbox, "other-tool.pdf")}: valid, signed by `));
    expect(lines[2]).toBe(`✓ ${join(inbox, "priya-shah.pdf")}: valid, signed by learner Priya Shah (who signed is not confirmed: no --trust)`);
    expect(lines[3]).toBe(`✗ ${join(inbox, "tampered.pdf")}: not valid: the signed bytes were changed after the learner signed (the SHA-256 digest does not match)`);
    expect(lines.slice(4)).toEqual(["", "4 files: 2 valid, 2 not"]);
    expect(status).toBe(1);
  });

  it("takes files and quoted globs in the order given, names a missing file, and exits 0 only when all hold", () => {
    const glob = runCli(["verify", join(inbox, "p*.pdf"), join(inbox, "other-tool.pdf")]);
    expect(glob.stdout.trim().split("\n").at(-1)).toBe("2 files: 2 valid, 0 not");
    expect(glob.status).toBe(0);
    const missing = runCli(["verify", join(inbox, "priya-shah.pdf"), join(inbox, "nope.pdf")]);
    expect(missing.stdout).toContain(`✗ ${join(inbox, "nope.pdf")}: cannot be read: there is no such file`);
    expect(missing.status).toBe(1);
  });

  it("gives an array of reports with --format json, each with its file", () => {
    const { status, stdout } = runCli(["verify", join(inbox, "priya-shah.pdf"), join(inbox, "tampered.pdf"), join(inbox, "cohort-2026"), "--format", "json"]);
    const reports = JSON.parse(stdout) as Array<{ file: string; valid: boolean; signatures?: Array<{ signer: string }>; error?: string }>;
    expect(reports.map((r) => [r.file, r.valid])).toEqual([[join(inbox, "priya-shah.pdf"), true], [join(inbox, "tampered.pdf"), false], [join(inbox, "cohort-2026", "unsigned.pdf"), false]]);
    expect(reports[0]!.signatures![0]!.signer).toBe("Priya Shah");
    expect(reports[2]!.error).toBe(`${join(inbox, "cohort-2026", "unsigned.pdf")} cannot be verified: it has no signatures`);
    expect(status).toBe(1);
  });

  it("refuses --since and --dir with more than one file, and a single file keeps its full report", () => {
    const since = runCli(["verify", join(inbox, "priya-shah.pdf"), join(inbox, "tampered.pdf"), "--since", join(inbox, "priya-shah.pdf")]);
    expect(since.stderr).toContain("--since compares one PDF with an earlier one");
    expect(since.status).toBe(2);
    expect(runCli(["verify", inbox, "--dir", inbox]).status).toBe(2);
    const one = runCli(["verify", join(inbox, "priya-shah.pdf")]);
    expect(one.stdout).toContain("1. Learner: Priya Shah, signed");
    expect(one.status).toBe(0);
  });
});
