import { existsSync, rmSync } from "node:fs";
import { readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkspace } from "../src/check/check-workspace.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { checkFixture, findings, fixturesDir, fixtureWorkspace } from "./helpers/workspace.ts";

// Each fixture in tests/fixtures/ lays a few files over _base (portfolio.yaml registering
// R/600/9587, and both seed unit specs). Positions are 1-based and count front matter lines.

describe("front matter", () => {
  it("reports a YAML syntax error where YAML found it", async () => {
    const result = await checkFixture("yaml-syntax");
    expect(findings(result, "yaml-syntax")).toEqual([
      { where: "reflections/broken-yaml.md:5:1", severity: "error", message: expect.stringContaining("must be sufficiently indented and end with a ]") },
    ]);
  });

  it("says to quote a title holding `: ` or starting with `@`, with the learner's own line quoted (regression: \"Nested mappings are not allowed in compact mappings\")", async () => {
    const reflection = (title: string) => `---\n${title}\ndate: 2026-03-14\ncriteria: ["1.1"]\n---\nText. {ac=1.1}\n`;
    const result = await checkFixture("_base", { extra: { "reflections/colon.md": reflection("title: Networking: what I learned"), "reflections/at.md": reflection("title: @jsmith's advice") } });
    expect(findings(result, "yaml-syntax")).toEqual([
      { where: "reflections/at.md:2:8", severity: "error", message: "The value of `title` holds `@` at its start, which YAML keeps for its own use; put the value in double quotes: `title: \"@jsmith's advice\"`" },
      { where: "reflections/colon.md:2:8", severity: "error", message: "The value of `title` holds `: `, which YAML reads as the start of another key; put the value in double quotes: `title: \"Networking: what I learned\"`" },
    ]);
  });

  it("reports a duplicate key at the second occurrence, naming it", async () => {
    const result = await checkFixture("yaml-duplicate-key");
    expect(findings(result, "yaml-duplicate-key")).toEqual([
      { where: "reflections/twice.md:5:1", severity: "error", message: "Duplicate key `title`; each key may appear once in a mapping, remove or rename this one" },
    ]);
  });

  it("reports a file with no front matter", async () => {
    const result = await checkFixture("front-matter-missing");
    expect(findings(result, "front-matter-missing").map((f) => f.where)).toEqual(["reflections/no-front-matter.md:1:1"]);
  });

  it("reports front matter that is never closed", async () => {
    const result = await checkFixture("front-matter-unclosed");
    expect(findings(result, "front-matter-unclosed").map((f) => f.where)).toEqual(["reflections/unclosed.md:1:1"]);
  });

  it("refuses front matter in JavaScript, JSON or any other language, and never runs it", async () => {
    const pwned = join(tmpdir(), "portfolio-pwned-by-front-matter");
    rmSync(pwned, { force: true });
    const result = await checkFixture("front-matter-language");
    expect(findings(result, "front-matter-language")).toEqual([
      { where: "reflections/javascript.md:1:4", severity: "error", message: "Front matter in `js` is refused and was not run; write it in YAML (a plain `---` line)" },
      { where: "reflections/json.md:1:4", severity: "error", message: "Front matter in `json` is refused and was not run; write it in YAML (a plain `---` line)" },
      { where: "reflections/spaced.md:1:5", severity: "error", message: "Front matter in `javascript` is refused and was not run; write it in YAML (a plain `---` line)" },
    ]);
    expect(existsSync(pwned)).toBe(false);
  });

  it("refuses custom YAML tags such as !!js/function", async () => {
    const result = await checkFixture("yaml-unsupported-tag");
    expect(findings(result, "yaml-unsupported-tag")).toEqual([
      { where: "reflections/tagged.md:2:8", severity: "error", message: "Unsupported YAML tag `!!js/function`; write plain values without tags" },
    ]);
  });

  it("reports missing required fields", async () => {
    const result = await checkFixture("field-missing");
    expect(findings(result, "field-missing")).toEqual([
      { where: "reflections/no-criteria.md:2:1", severity: "error", message: 'Missing `criteria` in front matter; add `criteria: ["1.1", "2.1"]`' },
      { where: "reflections/no-title.md:2:1", severity: "error", message: "Missing `title` in front matter; add `title: What I learned from ...`" },
    ]);
  });

  it("accepts only real calendar dates written YYYY-MM-DD", async () => {
    const result = await checkFixture("date-invalid");
    expect(findings(result, "date-invalid")).toEqual([
      { where: "reflections/british.md:3:7", severity: "error", message: "Date `14/01/2026` should be written YYYY-MM-DD: `2026-01-14`" },
      { where: "reflections/february.md:3:7", severity: "error", message: "`2026-02-31` is not a real date; check the day and month (YYYY-MM-DD)" },
    ]);
  });

  it("gives one finding for a misspelt required field, at it (regression: `critera` gave an unknown field and \"Missing `criteria`\" at the top)", async () => {
    const result = await checkFixture("_base", { extra: { "reflections/misspelt.md": "---\ntitle: Misspelt\ndate: 2026-03-14\ncritera: [\"1.1\"]\n---\nText. {ac=1.1}\n" } });
    const here = result.diagnostics.filter((d) => d.file === "reflections/misspelt.md" && d.rule.startsWith("field-")).map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);
    expect(here).toEqual(["4:1 error field-missing `critera` in front matter is not a field, and `criteria` is missing; rename it to `criteria`"]);
  });

  it("gives the learner's own date turned round as the example (regression: always `2026-01-14`)", async () => {
    const reflection = (date: string) => `---\ntitle: A date\ndate: ${date}\ncriteria: ["1.1"]\n---\nText. {ac=1.1}\n`;
    const dates = { a: "30 Sept 2026", b: "14th March 2026", c: "March 14, 2026", d: "14.3.26", e: "2026/03/14", f: "next Tuesday", g: "31/09/2026" };
    const result = await checkFixture("_base", { extra: Object.fromEntries(Object.entries(dates).map(([name, date]) => [`reflections/${name}.md`, reflection(date)])) });
    expect(findings(result, "date-invalid").map((f) => f.message)).toEqual([
      "Date `30 Sept 2026` should be written YYYY-MM-DD: `2026-09-30`",
      "Date `14th March 2026` should be written YYYY-MM-DD: `2026-03-14`",
      "Date `March 14, 2026` should be written YYYY-MM-DD: `2026-03-14`",
      "Date `14.3.26` should be written YYYY-MM-DD: `2026-03-14`",
      "Date `2026/03/14` should be written YYYY-MM-DD: `2026-03-14`",
      "Date `next Tuesday` should be written YYYY-MM-DD, year first, such as `2026-03-14` for 14 March 2026",
      "Date `31/09/2026` should be written YYYY-MM-DD, year first, such as `2026-03-14` for 14 March 2026",
    ]);
  });

  it("reports empty criteria", async () => {
    const result = await checkFixture("criteria-empty");
    expect(findings(result, "criteria-empty")).toEqual([
      { where: "reflections/empty.md:4:11", severity: "error", message: '`criteria` lists no criterion; cite at least one, such as `["1.1"]`' },
    ]);
  });

  it("warns about a misspelt field and suggests the right one", async () => {
    const result = await checkFixture("field-unknown");
    expect(findings(result, "field-unknown")).toEqual([
      { where: "reflections/misspelt.md:5:1", severity: "warning", message: "Unknown field `critera` in front matter, did you mean `criteria`?" },
    ]);
  });
});

describe("criteria and units", () => {
  it("reports an unknown criterion with the valid ids and the nearest one, reading 1.10 as written", async () => {
    const result = await checkFixture("criterion-unknown");
    expect(findings(result, "criterion-unknown")).toEqual([
      {
        where: "reflections/unknown.md:4:17",
        severity: "error",
        message: "Unknown criterion `1.9` for unit R/600/9587, expected 1.1–1.3, 2.1–2.2 or 3.1–3.2; did you mean `1.3`?",
      },
      {
        where: "reflections/unknown.md:4:22",
        severity: "error",
        message: "Unknown criterion `1.10` for unit R/600/9587, expected 1.1–1.3, 2.1–2.2 or 3.1–3.2; did you mean `1.1`?",
      },
    ]);
    // 1.1 itself (written unquoted, like 1.10) is a valid citation and counts.
    const r = result.coverage.units[0]!.criteria.find((c) => c.criterion.id === "1.1")!;
    expect(r.evidence.map((e) => e.reflection.file)).toEqual(["reflections/unknown.md"]);
  });

  it("reports a cited unit that portfolio.yaml does not register", async () => {
    const result = await checkFixture("unit-not-registered");
    expect(findings(result, "unit-not-registered")).toEqual([
      {
        where: "reflections/other-unit.md:4:7",
        severity: "error",
        message: "Unit J/506/1949 is not registered in portfolio.yaml, expected R/600/9587; cite a registered unit or add J/506/1949 to `units`",
      },
    ]);
  });

  it("reports a registered unit with no spec, in portfolio.yaml", async () => {
    const result = await checkFixture("unit-spec-missing");
    expect(findings(result, "unit-spec-missing")).toEqual([
      { where: "portfolio.yaml:10:5", severity: "error", message: "Unit K/999/0000 is registered but has no spec in units/; add units/K-999-0000.yaml" },
    ]);
  });

  it("reports two specs for one unit", async () => {
    const result = await checkFixture("unit-spec-duplicate");
    expect(findings(result, "unit-spec-duplicate")).toEqual([
      { where: "units/copy-of-r.yaml:1:6", severity: "error", message: "Unit R/600/9587 is already described by units/R-600-9587.yaml; keep one spec per unit and delete the other" },
    ]);
  });

  it("asks which unit a criteria list is for when several are registered", async () => {
    const result = await checkFixture("criteria-unit-missing");
    expect(findings(result, "criteria-unit-missing").map((f) => f.where)).toEqual(["reflections/which-unit.md:4:1"]);
    expect(findings(result, "marker-not-cited")).toEqual([]);
  });
});

describe("evidence", () => {
  it("reports missing files and paths that leave the workspace or the evidence folder", async () => {
    const dir = await fixtureWorkspace("evidence-paths");
    await symlink("/etc/hostname", join(dir, "evidence", "escape-link.txt"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect([
      ...findings(result, "evidence-missing"),
      ...findings(result, "evidence-outside-workspace"),
      ...findings(result, "evidence-outside-folder"),
    ].map((f) => `${f.where} ${f.message}`)).toEqual([
      "reflections/evidence.md:7:5 Evidence file `evidence/missing.pdf` does not exist; check the name, or add the file under `evidence/`",
      "reflections/evidence.md:8:5 Evidence path `../../etc/passwd` leads outside the workspace; copy the file into `evidence/` and cite it as `evidence/<name>`",
      "reflections/evidence.md:9:5 Evidence path `/etc/passwd` leads outside the workspace; copy the file into `evidence/` and cite it as `evidence/<name>`",
      "reflections/evidence.md:11:5 Evidence path `evidence/escape-link.txt` leads outside the workspace; copy the file into `evidence/` and cite it as `evidence/<name>`",
      "reflections/evidence.md:10:5 Evidence path `portfolio.yaml` is not under `evidence/`; move the file there and cite it as `evidence/<name>`",
    ]);
    // The good file at line 6 raises nothing.
    expect(result.diagnostics.filter((d) => d.line === 6)).toEqual([]);
  });

  it("refuses simulation for a unit whose spec does not allow it", async () => {
    const result = await checkFixture("simulation");
    expect(findings(result, "simulation-not-allowed")).toEqual([
      {
        where: "reflections/role-play.md:5:16",
        severity: "error",
        message: "Simulation is not allowed for unit R/600/9587; evidence real work activities (another `evidence_type`), or do not cite R/600/9587 here",
      },
    ]);
  });
});

describe("markers", () => {
  it("compares markers in the body with the criteria cited in front matter", async () => {
    const result = await checkFixture("markers");
    const rows = result.diagnostics
      .filter((d) => d.file === "reflections/markers.md")
      .map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`);
    expect(rows).toEqual([
      "5:30 warning criterion-not-marked", // R 2.1: cited, only marked inside a code span
      "6:23 warning criterion-not-marked", // J 1.4: cited, its marker is mid-paragraph
      "10:34 warning marker-ambiguous", // {ac=1.1} with 1.1 cited for both units
      "14:64 warning marker-not-cited", // {ac=3.2}
      "16:10 warning marker-invalid", // not at the end of its paragraph
      "18:26 warning marker-invalid", // {ac=one point two}
    ]);
    expect(findings(result, "marker-ambiguous")[0]!.message).toBe(
      "Marker for `1.1` could be for R/600/9587 or J/506/1949, which both cite it; write `{ac=R/600/9587:1.1}` or `{ac=J/506/1949:1.1}`",
    );
  });
});

describe("the rule registry", () => {
  it("gives every finding its rule's severity from the registry (regression: the register reported field-invalid as a warning, the registry and README an error)", async () => {
    const { rules } = await import("../src/diagnostics/rules.ts");
    const register = (await readFile(join(fixturesDir, "privacy", "network", "contacts.yaml"), "utf8")).replace("    value: 3\n", "    value: 9\n").replace("id: apatel", "id: A.Patel");
    const result = await checkFixture("privacy", { extra: { "network/contacts.yaml": register } });
    const invalid = findings(result, "field-invalid").filter((f) => f.where.startsWith("network/"));
    expect(invalid.map((f) => f.where)).toEqual(["network/contacts.yaml:5:12", expect.stringMatching(/^network\/contacts\.yaml:\d+:9$/)]);
    expect(invalid.map((f) => f.severity)).toEqual(["error", "error"]);
    // Across a check with findings of many rules, each has its registry severity.
    for (const d of result.diagnostics) expect(`${d.rule} ${d.severity}`).toBe(`${d.rule} ${rules[d.rule].severity}`);
  });
});

describe("coverage and gaps", () => {
  it("warns about each gap where the learner acts on it (the draft's citation), never in the unit spec, and drafts do not count", async () => {
    const result = await checkFixture("gaps");
    expect(findings(result, "criterion-uncovered")).toEqual([
      {
        where: "reflections/draft.md:5:12",
        severity: "warning",
        message:
          'Gap: criterion 3.2 of R/600/9587 ("Evaluate own experience with existing contacts and use these to inform future actions") is evidenced only by draft reflections/draft.md; finish it and set `status: final`',
      },
    ]);
    expect(result.errorCount).toBe(0);
    const unit = result.coverage.units[0]!;
    expect([unit.evidenced, unit.total]).toEqual([6, 7]);
    expect(unit.criteria.find((c) => c.criterion.id === "3.2")!.drafts.map((d) => d.reflection.file)).toEqual(["reflections/draft.md"]);
  });

  it("reports a criterion nobody cites at the unit's registration in portfolio.yaml (regression: at its line in the spec, which read as if the spec were wrong)", async () => {
    const result = await checkFixture("gaps", { extra: { "reflections/draft.md": "---\ntitle: A draft that cites nothing yet\ndate: 2026-02-01\nstatus: draft\ncriteria: [\"3.1\"]\n---\nNot finished. {ac=3.1}\n" } });
    const gaps = findings(result, "criterion-uncovered");
    expect(gaps.map((g) => g.where)).toEqual(["portfolio.yaml:9:5"]);
    expect(gaps[0]!.message).toMatch(/^Gap: criterion 3\.2 of R\/600\/9587 .* has no final reflection; write one that cites and marks it$/);
    expect(result.diagnostics.filter((d) => d.file.startsWith("units/"))).toEqual([]);
  });

  it("makes gaps errors under --strict", async () => {
    const result = await checkFixture("gaps", { strict: true });
    expect(findings(result, "criterion-uncovered").map((f) => f.severity)).toEqual(["error"]);
    expect(result.errorCount).toBe(1);
  });

  it("finds nothing in a workspace that evidences every criterion", async () => {
    const result = await checkFixture("clean");
    expect(result.diagnostics).toEqual([]);
    expect(result.coverage.units.map((u) => `${u.unit.urn} ${u.evidenced}/${u.total}`)).toEqual(["R/600/9587 7/7"]);
  });
});

describe("wrong kinds of value", () => {
  it("reports values of the wrong kind, unknown words, and a criterion cited twice", async () => {
    const result = await checkFixture("field-invalid");
    expect([...findings(result, "field-invalid"), ...findings(result, "criterion-duplicate")]).toEqual([
      { where: "reflections/wrong-kinds.md:2:8", severity: "error", message: "`title` in front matter should be text, found a list" },
      { where: "reflections/wrong-kinds.md:5:9", severity: "error", message: "Unknown `status` `finished`, expected `draft` or `final`" },
      {
        where: "reflections/wrong-kinds.md:6:16",
        severity: "error",
        message: "Unknown `evidence_type` `role-play`, expected `observation`, `professional-discussion`, `witness-testimony`, `product`, `reflective-account` or `simulation`",
      },
      { where: "reflections/wrong-kinds.md:4:19", severity: "warning", message: "Criterion `1.1` of R/600/9587 is cited twice; remove one" },
    ]);
  });

  it("reports problems in portfolio.yaml where they are", async () => {
    const result = await checkFixture("config-invalid");
    expect(result.diagnostics.filter((d) => d.file === "portfolio.yaml").map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`)).toEqual([
      "2:3 field-missing Missing `candidate_number` in `learner` in portfolio.yaml; add `candidate_number: \"1234\"`",
      "3:9 field-invalid `centre` in portfolio.yaml should be a mapping of `key: value` lines, found text `Test Centre`",
      "7:5 field-invalid Unit reference number `R600/9587` is not in the form `R/600/9587`; copy it from the unit spec",
    ]);
  });
});

describe("encodings", () => {
  it("counts lines and columns the same with CRLF line endings and a byte order mark", async () => {
    const source = ["---", "title: Windows line endings", "date: 2026-01-14", 'criteria: ["1.1", "1.9"]', "---", "Body. {ac=1.1}", "", "More. {ac=3.2}", ""];
    const result = await checkFixture("_base", { extra: { "reflections/crlf.md": `\uFEFF${source.join("\r\n")}` } });
    expect(result.diagnostics.filter((d) => d.file === "reflections/crlf.md").map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      "4:19 criterion-unknown",
      "8:11 marker-not-cited",
    ]);
  });
});
