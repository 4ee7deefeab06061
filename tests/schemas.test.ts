import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Ajv2020 as AjvClass, ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { splitFrontMatter } from "../src/reflections/front-matter.ts";
import { repoRoot } from "./helpers/workspace.ts";

// ajv is CommonJS; its default export is the class.
const Ajv2020 = (createRequire(import.meta.url)("ajv/dist/2020") as { default: typeof AjvClass }).default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();
async function schema(name: string): Promise<ValidateFunction> {
  if (!compiled.has(name)) compiled.set(name, ajv.compile(JSON.parse(await readFile(join(repoRoot, "schemas", name), "utf8"))));
  return compiled.get(name)!;
}
const sample = (...parts: string[]) => join(repoRoot, "portfolio", ...parts);

describe("the JSON Schemas editors use", () => {
  it("accept every file of the sample workspace", async () => {
    const checks: Array<[string, string, unknown]> = [
      ["portfolio.schema.json", "portfolio.yaml", parse(await readFile(sample("portfolio.yaml"), "utf8"))],
      ["contacts.schema.json", "network/contacts.yaml", parse(await readFile(sample("network", "contacts.yaml"), "utf8"))],
    ];
    for (const unit of await readdir(sample("units"))) checks.push(["unit-spec.schema.json", `units/${unit}`, parse(await readFile(sample("units", unit), "utf8"))]);
    for (const file of (await readdir(sample("reflections"))).filter((f) => f.endsWith(".md"))) {
      const split = splitFrontMatter(await readFile(sample("reflections", file), "utf8"));
      if (split.kind !== "yaml") throw new Error(`${file} has no front matter`);
      // As YAML reads them, dates are strings and quoted ids are strings.
      checks.push(["reflection.schema.json", `reflections/${file}`, parse(split.yaml)]);
    }
    for (const [name, file, data] of checks) {
      const validate = await schema(name);
      expect(validate(data) ? [] : validate.errors, file).toEqual([]);
    }
    expect(checks.length).toBeGreaterThan(12);
  });

  it("catch what the check catches: a misspelt field, an unknown status, a malformed unit number", async () => {
    const reflection = await schema("reflection.schema.json");
    expect(reflection({ title: "x", date: "2026-01-14", critera: ["1.1"] })).toBe(false);
    expect(reflection.errors!.map((e: { keyword: string }) => e.keyword)).toEqual(expect.arrayContaining(["required", "additionalProperties"]));
    expect(reflection({ title: "x", date: "2026-01-14", criteria: ["1.1"], status: "finished" })).toBe(false);
    const portfolio = await schema("portfolio.schema.json");
    expect(portfolio({ learner: { name: "a", candidate_number: "1" }, centre: { name: "c", number: "2" }, qualification: "q", units: ["R600/9587"] })).toBe(false);
  });
});
