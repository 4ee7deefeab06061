import { mkdir, readdir, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { EvidenceMap } from "../src/assessment/evidence-map.ts";
import { readDecisions } from "../src/assessment/read-decisions.ts";
import { pdfFacts } from "../src/signing/attached-facts.ts";
import { checkWorkspace } from "../src/check/check-workspace.ts";
import type { Diagnostic } from "../src/diagnostics/diagnostic.ts";
import type { ExampleWorkspace, RuleDefinition } from "../src/diagnostics/rule.ts";
import { ruleList } from "../src/diagnostics/rule-list.ts";
import { rules, type RuleId } from "../src/diagnostics/rules.ts";
import { registrySource } from "../src/diagnostics/rules-table.ts";
import { readFile } from "node:fs/promises";
import { importSpec } from "../src/spec/import/import-spec.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { runCli } from "./helpers/cli.ts";
import { fixtureWorkspace, repoRoot } from "./helpers/workspace.ts";

// Each rule's module (src/diagnostics/rules/<id>.ts) holds a `notOk` example that must be
// reported by the rule, with the registry's severity, and an `ok` example that must not be,
// and that reports nothing else but gaps: run through the real check (on the example's
// files laid over tests/fixtures/_base), or the real importer for `spec import`'s rules.

/** The example's files laid over _base. */
async function exampleWorkspace(files: ExampleWorkspace): Promise<string> {
  const dir = await fixtureWorkspace("_base");
  for (const [file, content] of Object.entries(files)) {
    const path = join(dir, ...file.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await rm(path, { recursive: true, force: true });
    if (typeof content === "string" || content instanceof Uint8Array) {
      await writeFile(path, content);
    } else if ("symlink" in content) {
      await symlink(content.symlink, path);
    } else {
      await writeFile(path, content.head ?? new Uint8Array());
      await truncate(path, content.size);
    }
  }
  return dir;
}

/** The workspace read and checked as `portfolio check` does. */
async function check(files: ExampleWorkspace): Promise<Diagnostic[]> {
  return checkWorkspace(await loadWorkspace(await exampleWorkspace(files))).diagnostics;
}

/** The workspace printed by the real `portfolio pdf` in Chromium: the findings it prints, read back from its report. */
async function print(files: ExampleWorkspace): Promise<Diagnostic[]> {
  const dir = await exampleWorkspace(files);
  const { status, stderr } = runCli(["pdf", "--dir", dir, "--out", join(dirname(dir), "out", "portfolio.pdf")]);
  expect(status, stderr).toBe(0);
  // Each finding's line as the reporter prints it piped: position, severity, message, rule.
  return [...stderr.matchAll(/^ +(\d+):(\d+) +(error|warning) +(.+?)  ([a-z-]+)$/gm)].map((m) => ({ file: "", line: Number(m[1]), column: Number(m[2]), severity: m[3] as Diagnostic["severity"], rule: m[5] as RuleId, message: m[4]! }));
}

/** The evidence map the sample's PDF carries (printed once for the run by the global setup), as `assess` reads it. */
let evidenceMap: Promise<EvidenceMap> | undefined;
const sampleEvidenceMap = () => (evidenceMap ??= readFile(inject("samplePdf")).then((bytes) => pdfFacts(bytes)!.evidenceMap!));

async function findings(rule: RuleDefinition, example: "notOk" | "ok"): Promise<Diagnostic[]> {
  if (rule.reportedBy === "spec import") return importSpec(rule.examples[example], "unit.txt").diagnostics;
  if (rule.reportedBy === "assess") return readDecisions("decisions.yaml", rule.examples[example], await sampleEvidenceMap()).report.diagnostics;
  return rule.reportedBy === "pdf" ? print(rule.examples[example]) : check(rule.examples[example]);
}

const shown = (d: Diagnostic) => `${d.file}:${d.place ?? `${d.line}:${d.column}`} ${d.severity} ${d.rule} ${d.message}`;

describe("each rule's examples, run through the check", () => {
  for (const rule of ruleList as readonly RuleDefinition[]) {
    it(`${rule.id}: reported for its not-ok example, as ${rule.severity}, and not for its ok example`, async () => {
      const notOk = await findings(rule, "notOk");
      const reported = notOk.filter((d) => d.rule === rule.id);
      expect(reported.length, `not-ok example gave:\n${notOk.map(shown).join("\n")}`).toBeGreaterThan(0);
      expect(reported.map((d) => d.severity)).toEqual(reported.map(() => rules[rule.id as RuleId].severity));
      // The ok example is one to copy: it has no finding at all but gaps (and none for the gaps' own rule).
      const ok = await findings(rule, "ok");
      expect(ok.filter((d) => d.rule === rule.id || d.rule !== "criterion-uncovered").map(shown)).toEqual([]);
    }, 60_000);
  }
});

describe("the rules' modules", () => {
  it("are one file per rule under src/diagnostics/rules/, each named for its id, every one in the index", async () => {
    const files = (await readdir(join(repoRoot, "src", "diagnostics", "rules"))).sort();
    expect(files).toEqual(ruleList.map((rule) => `${rule.id}.ts`).sort());
    expect(new Set(ruleList.map((rule) => rule.id)).size).toBe(ruleList.length);
  });

  it("each have a one-line summary and a paragraph of docs", () => {
    for (const rule of ruleList) {
      expect(rule.id, rule.id).toMatch(/^[a-z]+(?:-[a-z]+)+$/);
      expect(rule.summary, rule.id).toMatch(/^\S[^\n]+\.$/);
      expect(rule.docs, rule.id).toMatch(/^\S[^\n]+\.$/);
      expect(rule.docs.length, rule.id).toBeGreaterThan(rule.summary.length);
    }
  });

  it("word every finding themselves: readers pass the facts they found, and no reader writes a message", async () => {
    for (const rule of ruleList) expect(typeof rule.message, rule.id).toBe("function");
    // Every source but the rules' modules: no finding made with a rule's id and words of its own.
    const sources = (await readdir(repoRoot, { recursive: true }))
      .filter((file) => /^(src|plugins)\/.*\.ts$/.test(file) && !file.startsWith("src/diagnostics/rules/"));
    const id = `"(?:${ruleList.map((rule) => rule.id).join("|")})"`;
    const wording = new RegExp(String.raw`\b(?:finding|add)\([^()]*?${id}|\brule: ${id}, [^}]*\bmessage:`, "g");
    const worded: string[] = [];
    for (const file of sources) {
      const text = await readFile(join(repoRoot, file), "utf8");
      for (const m of text.matchAll(wording)) worded.push(`${file}:${text.slice(0, m.index).split("\n").length}: ${m[0].replace(/\s+/g, " ")}`);
    }
    expect(worded).toEqual([]);
  });

  it("make the registry the check reads at run time, src/diagnostics/rules.ts, exactly (`npm run docs:rules` writes it)", async () => {
    expect(await readFile(join(repoRoot, "src", "diagnostics", "rules.ts"), "utf8")).toBe(registrySource());
    expect(Object.keys(rules)).toEqual(ruleList.map((rule) => rule.id));
  });

});
