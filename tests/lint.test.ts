import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.ts";
import { checkFixture, fixtureWorkspace } from "./helpers/workspace.ts";

const LINT = new Set(["heading-increment", "heading-empty", "section-empty", "placeholder-left", "no-undefined-references", "markers-missing"]);

describe("Markdown lint of reflections (remark-lint and the project's own rules)", () => {
  it("reports each finding through the check, at its line and column, with its rule id", async () => {
    const result = await checkFixture("lint");
    expect(result.diagnostics.filter((d) => LINT.has(d.rule)).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual([
      "reflections/no-markers.md:6:1 warning markers-missing",
      "reflections/untidy.md:8:1 warning heading-increment",
      "reflections/untidy.md:12:1 warning heading-empty",
      "reflections/untidy.md:12:1 warning section-empty",
      "reflections/untidy.md:14:1 warning section-empty",
      "reflections/untidy.md:18:1 warning placeholder-left",
      "reflections/untidy.md:20:5 warning no-undefined-references",
    ]);
    expect(result.diagnostics.find((d) => d.rule === "section-empty" && d.line === 14)!.message).toBe("Section `So what` is empty; write it, or remove its heading");
  });

  it("takes each rule's severity from portfolio.yaml", async () => {
    const config = [
      "learner: { name: Test Learner, candidate_number: \"0001\" }",
      "centre: { name: Test Centre, number: \"10001\" }",
      "qualification: Test qualification",
      "units: [R/600/9587]",
      "lint:",
      "  placeholder-left: error",
      "  no-undefined-references: off",
      "  heading-incremnt: off",
    ].join("\n");
    const result = await checkFixture("lint", { extra: { "portfolio.yaml": config } });
    const rows = result.diagnostics.filter((d) => LINT.has(d.rule) || d.rule === "field-unknown").map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}`);
    expect(rows).toContain("reflections/untidy.md:18 error placeholder-left");
    expect(rows.some((r) => r.includes("no-undefined-references"))).toBe(false);
    expect(rows).toContain("portfolio.yaml:8 warning field-unknown");
    expect(result.errorCount).toBe(1);
  });

  it("finds nothing in a reflection `portfolio new` made until it is final", async () => {
    const draft = ["---", "title: New", "date: 2026-01-14", "status: draft", 'criteria: ["1.1"]', "---", "## What happened", "", "Replace this: describe it. {ac=1.1}", ""].join("\n");
    const result = await checkFixture("_base", { extra: { "reflections/new.md": draft } });
    // Only the gap it leaves, reported at its citation so the learner finishes it.
    expect(result.diagnostics.filter((d) => d.file === "reflections/new.md").map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(["5:12 criterion-uncovered"]);
  });

  // Regression: remark-lint throws at a lint comment it cannot read, and the check stopped
  // with "unexpected failure" (exit 70) on the learner's text.
  it("gives a finding, not a crash, for a `<!--lint ...-->` comment remark-lint cannot read, and lints the other files", async () => {
    const reflection = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2026-03-14\ncriteria: ["1.1"]\n---\n${body}\n`;
    const dir = await fixtureWorkspace("_base", {
      "reflections/a.md": reflection("Forum", "Text.\n\n  <!--lint off-->\n\nAt the forum I weighed what each partner could offer. {ac=1.1}"),
      "reflections/b.md": reflection("Breakfast", "## Notes\n\n## Notes\n\nAt the breakfast I met a funder. {ac=1.1}"),
    });
    const { status, stdout } = runCli(["check", "--dir", dir]);
    expect(stdout).toContain("reflections/a.md\n  8:3  warning  `<!--lint off-->` is not a lint comment remark-lint knows (it reads `disable`, `enable` or `ignore`), so the lint skipped this file; write `<!--lint disable RULE-ID-->` to turn a rule off from here, or remove the comment  lint-comment-invalid");
    expect(stdout).toMatch(/reflections\/b\.md\n(?: .*\n)* +8:1 +warning .*no-duplicate-headings/);
    expect(status).toBe(0);
  });
});

describe("a paragraph of thousands of unmatched * or _ (remark matches emphasis in quadratic time)", () => {
  it("is linted with every position kept: a name in it, a heading after it, a list bullet and code left as written", async () => {
    const { lintReflection } = await import("../src/lint/lint-reflection.ts");
    const { useLexicon } = await import("../src/lint/person-names-rule.ts");
    const { nameLexicon } = await import("../src/text/name-lexicon.ts");
    useLexicon(await nameLexicon());
    const lint = (noise: string) => {
      const body = [
        "## What happened",
        "",
        `${noise}I met Sarah Jones there. \`a*b\` [a link](https://example.org/a_b_c) ${noise}{ac=1.1}`,
        "",
        "* a bullet with [an undefined reference][nowhere]",
        "",
        "#### Skipped a level",
        "",
        "What followed.",
      ].join("\n");
      return lintReflection({ file: "reflections/noise.md", body, bodyStartLine: 6, status: "final" }, new Map()).map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`);
    };
    const noise = "a* ".repeat(20_000);
    const quiet = lint("");
    expect(quiet).toEqual(expect.arrayContaining(["8:7 person-not-in-register Sarah Jones", expect.stringMatching(/^10:17 no-undefined-references /), expect.stringMatching(/^12:1 heading-increment /)]));
    // The same findings, the name's column moved by the noise before it, and nothing more.
    expect(lint(noise)).toEqual(quiet.map((f) => f.replace("8:7 ", `8:${noise.length + 7} `)));
  });
});
