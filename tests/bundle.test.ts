// `portfolio bundle` and `verify FILE.zip`: an EQA bundle made from a built, countersigned
// portfolio, checked offline; unzip, sha256sum, zip and pdfsig judge it from outside, and
// each way a bundle can be made to lie is refused (issue 20).
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { keyFile, PASSPHRASE, pdfsigReport } from "./helpers/signing.ts";
import { fixtureWorkspace, tempDir } from "./helpers/workspace.ts";

/** The bundle's files taken out by Info-ZIP's unzip, as a verifier would. */
async function unzipped(zip: string): Promise<string> {
  const dir = await tempDir("portfolio-unzipped-");
  const result = tool("unzip", ["-q", zip, "-d", dir]);
  expect(result.status, result.stderr).toBe(0);
  return dir;
}

/** The files of `dir` zipped again by Info-ZIP's zip (as a verifier's own archive tool would). */
async function rezipped(dir: string): Promise<string> {
  const zip = join(await tempDir(), "again.zip");
  const result = tool("sh", ["-c", `cd "${dir}" && zip -q -X "${zip}" *`]);
  expect(result.status, result.stderr).toBe(0);
  return zip;
}

describe("portfolio bundle, and verify of the zip", () => {
  let ws: string;
  let site: string;
  let assessed: string;
  let zip: string;
  let made: ReturnType<typeof runCli>;

  beforeAll(async () => {
    ws = await fixtureWorkspace("clean");
    site = join(dirname(ws), "_site");
    // Built on 1 January 2026 (SOURCE_DATE_EPOCH dates the cover), bundled today: the
    // verifier edition printed now must be dated as the signed PDF is.
    expect(runCli(["build", "--dir", ws, "--out", site], { env: { SOURCE_DATE_EPOCH: "1767225600" } }).status).toBe(0);
    // The assessor countersigns the learner's PDF, as the assessment does.
    assessed = join(dirname(ws), "assessed.pdf");
    const signed = runCli(["sign", join(site, "portfolio.pdf"), "--key", await keyFile("Daniel Okafor", "assessor"), "--out", assessed], { env: { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE } });
    expect(signed.status, signed.stderr).toBe(0);
    zip = join(dirname(ws), "eqa.zip");
    made = runCli(["bundle", "--dir", ws, "--pdf", assessed, "--report", join(site, "report.json"), "--out", zip]);
  }, 120_000);

  it("holds the countersigned PDF, the verifier edition, the report and a manifest of their SHA-256s, as unzip and sha256sum see them", async () => {
    expect(made.status, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Wrote .*eqa\.zip: candidate 0001, build [0-9a-f]{16}, learner Test Learner, assessor Daniel Okafor/);
    expect(tool("unzip", ["-tq", zip]).stdout).toMatch(/No errors detected/);
    const dir = await unzipped(zip);
    expect((await readdir(dir)).sort()).toEqual(["manifest.json", "portfolio-verifier.pdf", "portfolio.pdf", "report.json"]);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    const sums = tool("sha256sum", ["portfolio.pdf", "portfolio-verifier.pdf", "report.json"].map((f) => join(dir, f))).stdout;
    for (const f of manifest.files) expect(sums).toContain(`${f.sha256}  ${join(dir, f.name)}`);
    // The signed PDF is the assessed one, byte for byte, and both its signatures hold for pdfsig.
    expect(Buffer.compare(await readFile(join(dir, "portfolio.pdf")), await readFile(assessed))).toBe(0);
    expect(pdfsigReport(join(dir, "portfolio.pdf")).map((s) => [s.field, s.valid])).toEqual([["learner", true], ["assessor", true]]);
    // The verifier edition gives the candidate number, never the learner's name.
    const text = tool("pdftotext", [join(dir, "portfolio-verifier.pdf"), "-"]).stdout;
    expect(text).toContain("Candidate 0001");
    expect(text).not.toContain("Test Learner");
    // Its footer says the candidate once (the name it stands for is already "Candidate 0001").
    expect(text).toMatch(/Candidate 0001 · page 1 of \d+/);
    expect(text).toContain("1 January 2026");
    expect(text).not.toContain("Candidate 0001 · candidate 0001");
    expect(manifest).toMatchObject({ format: "portfolio-eqa-bundle/1", candidateNumber: "0001", signatures: [{ role: "learner", signer: "Test Learner" }, { role: "assessor", signer: "Daniel Okafor" }] });
  });

  it("verifies offline, as a bundle and among other files, and still does once unzipped and zipped again by another tool", async () => {
    const one = runCli(["verify", zip]);
    expect(one.status, one.stdout).toBe(0);
    expect(one.stdout).toContain("✓ report.json is the report of the PDF as the learner signed it (its SHA-256 is that of revision 2)");
    expect(one.stdout).toContain("✓ portfolio-verifier.pdf is of the same build, from the same sources");
    expect(one.stdout).toContain("✓ portfolio-verifier.pdf's pages say what the signed PDF's say, word for word, with the candidate number for the name");
    expect(one.stdout).toContain("2. Assessor: Daniel Okafor");
    expect(one.stdout).toMatch(/Valid bundle: /);
    const again = await rezipped(await unzipped(zip));
    const many = runCli(["verify", zip, again, assessed]);
    expect(many.status, many.stdout).toBe(0);
    expect(many.stdout).toContain(`✓ ${zip}: valid EQA bundle of candidate 0001, signed by learner Test Learner, assessor Daniel Okafor`);
    expect(many.stdout).toMatch(/3 files: 3 valid, 0 not/);
    const json = JSON.parse(runCli(["verify", zip, "--format", "json"]).stdout);
    expect(json).toMatchObject({ file: zip, valid: true, pdf: { valid: true }, manifest: { candidateNumber: "0001" } });
  });

  it("is not valid when a file is changed, swapped for another build's, added or left out, or its manifest is made to agree", async () => {
    const other = await fixtureWorkspace("gaps");
    const otherSite = join(dirname(other), "_site");
    expect(runCli(["build", "--no-sign", "--dir", other, "--out", otherSite]).status).toBe(0);
    const judge = async (change: (dir: string) => Promise<void>, manifestAgrees: boolean) => {
      const dir = await unzipped(zip);
      await change(dir);
      if (manifestAgrees) {
        // The forger's best: the manifest rewritten to list what is there now.
        const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
        for (const f of manifest.files) {
          const bytes = await readFile(join(dir, f.name)).catch(() => undefined);
          if (bytes) Object.assign(f, { sha256: tool("sha256sum", [join(dir, f.name)]).stdout.split(" ")[0], bytes: bytes.length });
        }
        await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
      }
      const result = runCli(["verify", await rezipped(dir)]);
      expect(result.status, result.stdout).toBe(1);
      return result.stdout.split("\n").filter((line) => line.startsWith("✗")).join("\n");
    };
    // One byte of the report's coverage changed: a criterion's text.
    const flip = async (file: string) => {
      const b = Buffer.from(await readFile(file));
      const at = b.indexOf('"text": "');
      expect(at).toBeGreaterThan(-1);
      b[at + 9] = b[at + 9]! ^ 1;
      await writeFile(file, b);
    };
    expect(await judge((dir) => flip(join(dir, "report.json")), false)).toMatch(/✗ report\.json is not the file the manifest lists: its SHA-256 is/);
    expect(await judge((dir) => flip(join(dir, "report.json")), true)).toMatch(/✗ report\.json does not agree with what the learner signed: criterion R\/600\/9587 1\.1 differs/);
    // A page moved in the report: the evidence map under the signature says where each criterion is marked.
    const moved = async (dir: string) => {
      const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8"));
      report.markers[0].page += 1;
      await writeFile(join(dir, "report.json"), JSON.stringify(report, null, 2));
    };
    expect(await judge(moved, true)).toMatch(/✗ report\.json does not agree with what the learner signed: R\/600\/9587 1\.1 is said to be marked on page \d+ of reflections\/all\.md/);
    expect(await judge((dir) => copyFile(join(otherSite, "report.json"), join(dir, "report.json")), true)).toMatch(/✗ report\.json is of build [0-9a-f]{16}, not of the signed build/);
    expect(await judge((dir) => copyFile(join(otherSite, "portfolio.pdf"), join(dir, "portfolio-verifier.pdf")), true)).toMatch(/✗ portfolio-verifier\.pdf is of build [0-9a-f]{16}, from other sources, not of the signed build/);
    // The learner's own edition where the verifier edition should be: it names the learner.
    expect(await judge((dir) => copyFile(join(site, "portfolio.pdf"), join(dir, "portfolio-verifier.pdf")), true)).toMatch(/✗ portfolio-verifier\.pdf is not a verifier edition/);
    // A page taken out of the verifier edition by qpdf, which keeps the rest (its record of the build too).
    const cut = async (dir: string) => {
      const edition = join(dir, "portfolio-verifier.pdf");
      const result = tool("qpdf", [edition, "--pages", edition, "1,3-z", "--", join(dir, "cut.pdf")]);
      expect(result.status, result.stderr).toBe(0);
      await rm(edition);
      await copyFile(join(dir, "cut.pdf"), edition);
      await rm(join(dir, "cut.pdf"));
    };
    expect(await judge(cut, true)).toMatch(/✗ portfolio-verifier\.pdf's pages do not say what the signed PDF's say: where the signed PDF has "/);
    expect(await judge((dir) => writeFile(join(dir, "notes.txt"), "extra"), false)).toMatch(/✗ notes\.txt is in the bundle but not in its manifest/);
    expect(await judge((dir) => rm(join(dir, "report.json")), false)).toMatch(/✗ report\.json is listed in the manifest but is not in the bundle/);
    // The signed PDF changed after signing, manifest agreeing: its signatures say so.
    const tampered = await judge(async (dir) => {
      const pdf = join(dir, "portfolio.pdf");
      const b = Buffer.from(await readFile(pdf));
      const at = b.indexOf("/Producer") + 12;
      b[at] = b[at]! ^ 1;
      await writeFile(pdf, b);
    }, true);
    expect(tampered).toMatch(/✗/);
    expect(runCli(["verify", await rezipped(await unzipped(zip)), "--format", "json"]).status).toBe(0);
  }, 60_000);

  it("is read by cohort as a learner, and a forged one shows as not valid with the reason", async () => {
    const dir = await unzipped(zip);
    const report = JSON.parse(await readFile(join(dir, "report.json"), "utf8"));
    report.markers[0].page += 1;
    await writeFile(join(dir, "report.json"), JSON.stringify(report));
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    const entry = manifest.files.find((f: { name: string }) => f.name === "report.json");
    Object.assign(entry, { sha256: tool("sha256sum", [join(dir, "report.json")]).stdout.split(" ")[0], bytes: (await readFile(join(dir, "report.json"))).length });
    await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
    const forged = await rezipped(dir);
    const out = join(await tempDir(), "cohort");
    const result = runCli(["cohort", zip, forged, "--out", out]);
    expect(result.status).toBe(1);
    const cohort = JSON.parse(await readFile(join(out, "cohort.json"), "utf8")) as { learners: Array<{ source: string; verify: { state: string; reason?: string }; assessment?: unknown }> };
    // One candidate twice: the rows are in the order of their sources' paths.
    const bySource = new Map(cohort.learners.map((l) => [l.source, l.verify]));
    expect([bySource.get(zip)?.state, bySource.get(forged)?.state]).toEqual(["valid", "invalid"]);
    expect(bySource.get(forged)!.reason).toMatch(/^report\.json does not agree with what the learner signed/);
    // Two PDFs of one candidate are both shown, and said to be so.
    expect(result.stderr).toContain("candidate 0001 has 2 PDFs (a resubmission with the version assessed, or a candidate number typed twice): a row each");
    expect(await readFile(join(out, "index.html"), "utf8")).toContain("More than one PDF for candidate 0001 (2)");
  });

  it("writes nothing when the PDF does not verify, the workspace has changed since it was built, or the zip would be inside the workspace", async () => {
    const out = join(dirname(ws), "refused.zip");
    const broken = join(dirname(ws), "broken.pdf");
    const b = Buffer.from(await readFile(assessed));
    const at = b.indexOf("/Producer") + 12;
    b[at] = b[at]! ^ 1;
    await writeFile(broken, b);
    const notValid = runCli(["bundle", "--dir", ws, "--pdf", broken, "--report", join(site, "report.json"), "--out", out]);
    expect(notValid.status).toBe(1);
    expect(notValid.stderr).toMatch(/broken\.pdf does not verify: .*\n {2}`portfolio verify .*` says why\. Nothing was written\./);
    const reflections = join(ws, "reflections");
    const [first] = await readdir(reflections);
    await writeFile(join(reflections, first!), `${await readFile(join(reflections, first!), "utf8")}\nOne more line.\n`);
    const changed = runCli(["bundle", "--dir", ws, "--pdf", assessed, "--report", join(site, "report.json"), "--out", out]);
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain(`the workspace is not the one ${assessed} was built from (build `);
    expect(changed.stderr).toContain(`reflections/${first} changed`);
    await mkdir(join(ws, "out"), { recursive: true });
    const inside = runCli(["bundle", "--dir", ws, "--pdf", assessed, "--report", join(site, "report.json"), "--out", join(ws, "out", "eqa.zip")]);
    expect(inside.status).toBe(2);
    expect(inside.stderr).toContain("is inside the workspace");
    expect(await readdir(dirname(ws))).not.toContain("refused.zip");
  });
});
