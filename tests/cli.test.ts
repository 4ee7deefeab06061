import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

describe("portfolio (the bin)", () => {
  it("lists its commands with --help", () => {
    const { status, stdout } = runCli(["--help"]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: portfolio <command> \[options\]/);
    expect(stdout).toMatch(/^ {2}check {2}/m);
    expect(stdout).toMatch(/^ {2}build {2}/m);
  });

  it("prints the package's version", async () => {
    const pkg = (await import("../package.json", { with: { type: "json" } })).default;
    expect(runCli(["--version"])).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });

  it("exits 2 on an unknown command or flag, naming it", () => {
    const unknown = runCli(["chek"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "chek"');
    const flag = runCli(["check", "--strikt"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("--strikt");
    expect(flag.stderr).toContain("portfolio check --help");
    const format = runCli(["check", "--format", "xml"]);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format must be one of text, json, not "xml"');
  });

  it("exits 2 when there is no workspace", async () => {
    const empty = await tempDir();
    const { status, stderr } = runCli(["check", "--dir", empty]);
    expect(status).toBe(2);
    expect(stderr).toContain(`No portfolio workspace at ${empty}: portfolio.yaml not found`);
    expect(runCli(["check", "--dir", `${empty}/nowhere`]).status).toBe(2);
    // Without --dir, in a folder with no portfolio in it or above it: what to do.
    const none = runCli(["check"], { cwd: empty });
    expect(none.stderr).toContain("No portfolio workspace at portfolio: the folder not found\n  Run it in your portfolio's folder (the one holding portfolio.yaml) or in the folder above it, or pass --dir with that folder; `portfolio init` starts a new one.");
    expect(none.status).toBe(2);
  });

  // Regression: `cd mine` after `portfolio init mine`, then `portfolio new`: "No portfolio
  // workspace at portfolio", as if there were none.
  it("finds the workspace it is run in, or in a folder inside it, as git finds a repository, and builds beside it", async () => {
    const ws = await fixtureWorkspace("clean");
    const check = runCli(["check"], { cwd: ws });
    expect(check.stdout).toContain("0 errors");
    expect(check.status).toBe(0);
    const made = runCli(["new", "Made from inside reflections"], { cwd: join(ws, "reflections") });
    expect(made.stderr).toMatch(/^Wrote \d{4}-\d{2}-\d{2}-made-from-inside-reflections\.md/m); // said from where the learner is
    expect(made.status).toBe(0);
    // The site cannot go inside the sources: without --out it goes beside the workspace.
    const build = runCli(["build", "--no-pdf"], { cwd: join(ws, "reflections") });
    expect(build.stderr).toMatch(/Built \d+ pages into \.\.\/\.\.\/_site\/ in/);
    // Regression: the draft `new` wrote with `criteria: []` stopped the build (criteria-empty) and was linted for markers.
    expect(build.stderr).toContain("0 errors, 0 warnings");
    expect(build.status).toBe(0);
    expect(existsSync(join(dirname(ws), "_site", "index.html"))).toBe(true);
    // A folder holding `portfolio/` still means that one, as before.
    expect(runCli(["check"], { cwd: dirname(ws) }).status).toBe(0);
  });
});

describe("portfolio check", () => {
  it("passes the sample workspace with every criterion evidenced", () => {
    const { status, stdout } = runCli(["check"]);
    expect(status).toBe(0);
    expect(stdout).toContain("R/600/9587  ████████████████████  7/7 criteria evidenced");
    expect(stdout).toContain("J/506/1949  ████████████████████  16/16 criteria evidenced");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("0 errors, 0 warnings");
  });

  it("exits 1 with errors and prints them grouped by file, aligned, with a tally", async () => {
    const dir = await fixtureWorkspace("criterion-unknown");
    const { status, stdout } = runCli(["check", "--dir", dir]);
    expect(status).toBe(1);
    const lines = stdout.split("\n");
    const start = lines.indexOf("reflections/unknown.md");
    expect(start).toBeGreaterThan(-1);
    expect(lines[start + 1]).toMatch(/^ {2}4:17 {2}error {4}Unknown criterion `1\.9` .* criterion-unknown$/);
    expect(lines[start + 2]).toMatch(/^ {2}4:22 {2}error {4}Unknown criterion `1\.10` .* criterion-unknown$/);
    // Piped, each finding is one line, its rule last, with no padding after its message.
    const findingLines = lines.filter((l) => /^ +\d+:\d+ /.test(l));
    expect(findingLines).toHaveLength(8);
    for (const line of findingLines) expect(line).toMatch(/[^ ]  (criterion-unknown|criterion-uncovered)$/);
    expect(lines.filter(Boolean).at(-1)).toBe("2 errors, 6 warnings");
  });

  it("wraps each finding to an 80-column terminal, continued under its message (regression: lines padded to 260 columns)", async () => {
    const dir = await fixtureWorkspace("criterion-unknown");
    // A real terminal of 80 columns, from util-linux's script.
    const run = spawnSync("script", ["-qec", `stty cols 80; NO_COLOR=1 ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, "bin", "portfolio.js"))} check --dir ${JSON.stringify(dir)}`, "/dev/null"], { encoding: "utf8" });
    const lines = run.stdout.replace(/\r/g, "").split("\n");
    const start = lines.indexOf("reflections/unknown.md");
    const report = lines.slice(start);
    expect(report.filter((l) => l.length > 80)).toEqual([]);
    expect(report.slice(1, 3)).toEqual([
      "  4:17  error    Unknown criterion `1.9` for unit R/600/9587, expected 1.1–1.3,",
      "                 2.1–2.2 or 3.1–3.2; did you mean `1.3`?  criterion-unknown",
    ]);
    expect(report.filter(Boolean).at(-1)).toBe("2 errors, 6 warnings");
  });

  it("exits 0 with warnings, and 1 with the same warnings under --strict", async () => {
    const dir = await fixtureWorkspace("gaps");
    expect(runCli(["check", "--dir", dir]).status).toBe(0);
    const strict = runCli(["check", "--dir", dir, "--strict"]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain("1 error, 0 warnings");
  });

  it("gives diagnostics and coverage as JSON", async () => {
    const dir = await fixtureWorkspace("gaps");
    const { status, stdout } = runCli(["check", "--dir", dir, "--format", "json"]);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.diagnostics).toEqual([
      {
        file: "reflections/draft.md",
        line: 5,
        column: 12,
        severity: "warning",
        rule: "criterion-uncovered",
        message: expect.stringMatching(/^Gap: criterion 3\.2 of R\/600\/9587/),
      },
    ]);
    expect(report.coverage.units).toHaveLength(1);
    const unit = report.coverage.units[0];
    expect(unit).toMatchObject({ urn: "R/600/9587", title: "Develop, maintain and review personal networks" });
    expect(unit.criteria.map((c: { id: string }) => c.id)).toEqual(["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]);
    expect(unit.criteria[0]).toEqual({
      id: "1.1",
      text: "Evaluate the benefits of networking with individuals and organisations",
      evidence: [{ file: "reflections/final.md", title: "The one final reflection" }],
    });
    // The draft is not evidence.
    expect(unit.criteria[6].evidence).toEqual([]);
  });
});
