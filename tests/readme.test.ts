import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../src/diagnostics/rules.ts";
import { repoRoot } from "./helpers/workspace.ts";

describe("README", () => {
  it("documents every rule the check can report, with its severity", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| `([a-z-]+)` \| (error|warning) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(documented.sort()).toEqual(Object.entries(rules).map(([id, rule]) => `${id} ${rule.severity}`).sort());
  });

  it("has a quick start of exactly the two commands a new user runs", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const quickStart = readme.split("## Quick start")[1]!.split("```sh\n")[1]!.split("```")[0];
    expect(quickStart).toBe("npm ci && npm run build\nnpm test\n");
  });
});
