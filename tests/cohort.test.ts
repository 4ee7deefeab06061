// `portfolio cohort`: a centre's view of many learners, from their built outputs and
// signed PDFs (issue 20). Three learners as the issue has them: one complete, one with
// gaps, one whose PDF was changed after signing.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CohortLearner } from "../src/cohort/cohort.ts";
import { samplePlan } from "../src/cohort/sample-plan.ts";
import { runCli } from "./helpers/cli.ts";
import { keyFile, PASSPHRASE } from "./helpers/signing.ts";
import { fixtureWorkspace, tempDir } from "./helpers/workspace.ts";

interface Row {
  source: string;
  candidateNumber: string;
  name?: string;
  units: Array<{ urn: string; criteria: number; evidenced: number; gaps: string[] }>;
  learnerSigned: boolean;
  verify: { state: string; reason?: string };
}

/**
 * A learner's workspace in their own name and candidate number: built (the folder `build`
 * writes, signed with a local key), or printed with `pdf` and signed with `sign` (a signed
 * PDF alone, as an IQA receives one). Returns the source to give cohort.
 */
async function learner(fixture: string, name: string, candidate: string, as: "built" | "pdf"): Promise<string> {
  const ws = await fixtureWorkspace(fixture);
  const yaml = join(ws, "portfolio.yaml");
  await writeFile(yaml, (await readFile(yaml, "utf8")).replace("name: Test Learner", `name: ${name}`).replace('candidate_number: "0001"', `candidate_number: "${candidate}"`));
  if (as === "built") {
    const site = join(dirname(ws), "_site");
    const built = runCli(["build", "--dir", ws, "--out", site]);
    expect(built.status, built.stderr).toBe(0);
    return site;
  }
  const unsigned = join(dirname(ws), "unsigned.pdf");
  const pdf = join(dirname(ws), `${candidate}.pdf`);
  expect(runCli(["pdf", "--dir", ws, "--out", unsigned]).status).toBe(0);
  expect(runCli(["sign", unsigned, "--key", await keyFile(name, "learner"), "--out", pdf], { env: { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE } }).status).toBe(0);
  return pdf;
}

describe("portfolio cohort, from a built output and signed PDFs", () => {
  let sites: string[];
  let out: string;

  beforeAll(async () => {
    sites = [await learner("clean", "Aisha Karimi", "0193", "built"), await learner("gaps", "Ben Osei", "0042", "pdf"), await learner("clean", "Cara Lewis", "0311", "pdf")];
    // The third learner's PDF, changed after signing: one byte of its text.
    const pdf = sites[2]!;
    const bytes = Buffer.from(await readFile(pdf));
    const at = bytes.indexOf("/Producer");
    bytes[at + 12] = bytes[at + 12]! ^ 1;
    await writeFile(pdf, bytes);
    out = join(await tempDir(), "cohort");
  }, 120_000);

  it("verify of the three PDFs names each file and fails on the changed one", () => {
    const { status, stdout } = runCli(["verify", join(sites[0]!, "portfolio.pdf"), sites[1]!, sites[2]!]);
    expect(stdout).toContain(`✓ ${join(sites[0]!, "portfolio.pdf")}: valid, signed by learner Aisha Karimi`);
    expect(stdout).toContain(`✓ ${sites[1]}: valid, signed by learner Ben Osei`);
    expect(stdout).toContain(`✗ ${sites[2]}: not valid: the signed bytes were changed after the learner signed`);
    expect(stdout).toContain("3 files: 2 valid, 1 not");
    expect(status).toBe(1);
  });

  it("shows all three by candidate number, with progress, gaps and verify state, and no names unless asked", async () => {
    const { status, stderr } = runCli(["cohort", ...sites, "--out", out]);
    expect(stderr).toContain(`Wrote ${join(out, "index.html")} and cohort.json: 3 learners, 2 valid, 1 changed after signing, 0 not valid`);
    expect(status).toBe(1);
    const cohort = JSON.parse(await readFile(join(out, "cohort.json"), "utf8")) as { learners: Row[]; gaps: Array<{ urn: string; learners: number; criteria: Array<{ id: string; text: string; learners: number }> }> };
    expect(cohort.learners.map((l) => [l.candidateNumber, l.verify.state, l.learnerSigned])).toEqual([["0042", "valid", true], ["0193", "valid", true], ["0311", "changed after signing", true]]);
    const ben = cohort.learners[0]!;
    expect(ben.units[0]!.gaps.length).toBeGreaterThan(0);
    expect(ben.units[0]!.evidenced).toBe(ben.units[0]!.criteria - ben.units[0]!.gaps.length);
    expect(cohort.learners[1]!.units[0]!.gaps).toEqual([]);
    // Per criterion, how many learners still have it as a gap: Ben's gaps, once each.
    expect(cohort.gaps[0]!.criteria.map((c) => [c.id, c.learners])).toEqual(ben.units[0]!.gaps.map((id) => [id, 1]));
    expect(cohort.gaps[0]!.criteria.every((c) => c.text.length > 0)).toBe(true);
    const page = await readFile(join(out, "index.html"), "utf8");
    const text = JSON.stringify(cohort) + page;
    for (const name of ["Aisha", "Karimi", "Ben Osei", "Cara"]) expect(text, name).not.toContain(name);
    expect(page).toContain("✗ changed after signing");
    expect(page).toContain("<h1>Cohort: 3 learners</h1>");
  });

  // The assessment and the IQA's sampling in a cohort, and the sampling plan through the
  // command, are shown at the end of assess.test's whole loop, on the PDF it assesses.

  it("reads workspaces too: progress from their sources, the PDF built beside them, or none yet", async () => {
    const built = join(dirname(sites[0]!), "portfolio");
    const unbuilt = join(dirname(sites[1]!), "portfolio");
    const dir = join(await tempDir(), "from-workspaces");
    const { status, stderr } = runCli(["cohort", built, unbuilt, "--out", dir]);
    expect(stderr).toContain("2 learners, 1 valid, 0 changed after signing, 0 not valid, 1 with no PDF built");
    // Nothing built yet is progress, not a failure.
    expect(status).toBe(0);
    const cohort = JSON.parse(await readFile(join(dir, "cohort.json"), "utf8")) as { learners: Row[] };
    expect(cohort.learners.map((l) => [l.candidateNumber, l.source, l.verify.state, l.learnerSigned])).toEqual([["0042", unbuilt, "no PDF", false], ["0193", built, "valid", true]]);
    expect(cohort.learners[0]!.units[0]!.gaps.length).toBeGreaterThan(0);
    expect(await readFile(join(dir, "index.html"), "utf8")).toContain("no PDF built yet");
  });

  it("names the learners with --names, and lists a source it cannot read while reading the rest", async () => {
    const named = join(await tempDir(), "named");
    const { status, stderr } = runCli(["cohort", sites[0]!, join(named, "nowhere.pdf"), "--out", named, "--names"]);
    expect(stderr).toContain(`not read: ${join(named, "nowhere.pdf")} cannot be read: there is no such file`);
    expect(status).toBe(1);
    const cohort = JSON.parse(await readFile(join(named, "cohort.json"), "utf8")) as { learners: Row[] };
    expect(cohort.learners.map((l) => l.name)).toEqual(["Aisha Karimi"]);
  });
});

describe("the IQA's sampling plan", () => {
  // A cohort as cohort reads one: ten learners of Daniel Okafor's, three of Asha Patel's
  // (an IQA disagreed with one of hers), two units, one learner not yet assessed.
  const row = (n: number, by: string | undefined, units: string[], extra: Partial<CohortLearner> = {}): CohortLearner => ({
    source: `learners/${n}/portfolio.pdf`,
    candidateNumber: String(n).padStart(4, "0"),
    units: units.map((urn) => ({ urn, title: urn, criteria: 7, evidenced: 7, gaps: [] })),
    methods: ["reflective-account"],
    learnerSigned: true,
    verify: { state: "valid" },
    ...(by ? { assessment: { outcome: "met", by, date: "2026-11-01" } } : {}),
    ...extra,
  });
  const cohort = [
    ...Array.from({ length: 10 }, (_, i) => row(i + 1, "Daniel Okafor", ["R/600/9587"], i === 6 ? { methods: ["observation", "reflective-account"] } : {})),
    row(11, "Asha Patel", ["R/600/9587", "J/506/1949"]),
    row(12, "Asha Patel", ["J/506/1949"], { iqa: { outcome: "disagree", by: "Karen Holt", date: "2026-11-05" } }),
    row(13, "Asha Patel", ["J/506/1949"], { methods: ["professional-discussion"] }),
    row(14, undefined, ["R/600/9587"]),
  ];

  it("samples every assessment method the evidence uses, whatever the seed", () => {
    for (const seed of [1, 2, 3, 42]) {
      const plan = samplePlan(cohort, { seed });
      expect(new Set(plan.picks.flatMap((p) => p.methods))).toEqual(new Set(["observation", "professional-discussion", "reflective-account"]));
      expect(plan.picks.find((p) => p.candidateNumber === "0007")?.reasons ?? ["covers method observation"]).toContain("covers method observation");
    }
  });

  it("samples every assessor and unit, the rate of each assessor's learners, and a flagged assessor at 50%", () => {
    const plan = samplePlan(cohort, { seed: 42 });
    const of = (name: string) => plan.picks.filter((p) => p.assessor === name);
    expect(of("Daniel Okafor")).toHaveLength(2); // at least 15% of 10
    expect(of("Asha Patel")).toHaveLength(2); // 50% of 3, flagged
    expect(plan.flagged).toEqual([{ assessor: "Asha Patel", why: "an IQA disagreed with their decisions for candidate 0012" }]);
    expect(new Set(plan.picks.flatMap((p) => p.units))).toEqual(new Set(["R/600/9587", "J/506/1949"]));
    expect(plan.picks.every((p) => p.reasons.length > 0)).toBe(true);
    expect(plan.notAssessed).toEqual(["0014"]);
  });

  it("gives the same plan for the same seed, and names a new assessor's higher rate", () => {
    expect(samplePlan(cohort, { seed: 42 })).toEqual(samplePlan(cohort, { seed: 42 }));
    const seeds = new Set(Array.from({ length: 8 }, (_, seed) => samplePlan(cohort, { seed }).picks.map((p) => p.candidateNumber).join()));
    expect(seeds.size).toBeGreaterThan(1);
    const plan = samplePlan(cohort, { seed: 1, newAssessors: ["Daniel Okafor"] });
    expect(plan.picks.filter((p) => p.assessor === "Daniel Okafor")).toHaveLength(5);
    expect(plan.picks.some((p) => p.reasons.includes("50% of Daniel Okafor's learners (new or flagged)"))).toBe(true);
  });
});
