import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleList } from "../src/diagnostics/rule-list.ts";
import { readmeRulesTable, rulesTable } from "../src/diagnostics/rules-table.ts";
import { repoRoot } from "./helpers/workspace.ts";

describe("README", () => {
  it("lists every rule with its severity and summary, as the rules' modules make the table (`npm run docs:rules` writes it)", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    expect(readmeRulesTable(readme)).toBe(rulesTable());
    // Nowhere else: a rule's row outside the markers would be a second, unchecked copy.
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` \| (?:error|warning) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(ruleList.map((rule) => rule.id));
  });

  it("has a quick start of exactly the two commands a new user runs", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const quickStart = readme.split("## Quick start")[1]!.split("```sh\n")[1]!.split("```")[0];
    expect(quickStart).toBe("npm ci && npm run build\nnpm test\n");
  });
});
