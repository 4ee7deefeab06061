import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkspace } from "../src/check/check-workspace.ts";
import { LintRun } from "../src/lint/lint-pool.ts";
import { splitFrontMatter } from "../src/reflections/front-matter.ts";
import { loadWorkspace, ReadCache } from "../src/workspace/load-workspace.ts";
import { generateWorkspace } from "./bench/generate-workspace.ts";
import { tempDir } from "./helpers/workspace.ts";

describe("large workspaces (the benchmark's generator, the lint on worker threads)", () => {
  it("generates a workspace that checks clean, the same for the same seed", async () => {
    const a = await generateWorkspace(await tempDir(), { reflections: 12, seed: 7 });
    const b = await generateWorkspace(await tempDir(), { reflections: 12, seed: 7 });
    expect(a.words / a.reflections).toBeGreaterThan(600);
    expect(a.words / a.reflections).toBeLessThan(1500);
    expect(b.bytes).toBe(a.bytes);
    const result = checkWorkspace(await loadWorkspace(a.dir));
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual([]);
    expect(result.coverage.units.every((u) => u.evidenced === u.total)).toBe(true);
    expect(result.workspace.reflections.some((r) => r.body.includes("@contact-"))).toBe(true);
  });

  it("lints on worker threads with the same findings, in the same order, as on one thread", async () => {
    const { dir } = await generateWorkspace(await tempDir(), { reflections: 200, seed: 3 });
    const folder = join(dir, "reflections", "0001");
    const late = (await readdir(folder)).sort()[80]!;
    await appendFile(join(folder, late), "\n#### Skipped a level\n\nText [with a missing reference][nowhere].\n");
    const files = (await readdir(join(dir, "reflections"), { recursive: true })).filter((f) => f.endsWith(".md")).sort();
    const inputs = await Promise.all(files.map(async (file) => {
      const split = splitFrontMatter(await readFile(join(dir, "reflections", file), "utf8"));
      if (split.kind !== "yaml") throw new Error(file);
      return { file: `x/${file}`, body: split.body, bodyStartLine: split.bodyStartLine, status: "final" };
    }));
    const severities = new Map([["no-undefined-references", "error" as const]]);
    const alone = await LintRun.start(inputs.map((i) => ({ ...i, file: `alone/${i.file}` })), severities, { workers: 0 }).results();
    const pooled = await LintRun.start(inputs.map((i) => ({ ...i, file: `pooled/${i.file}` })), severities, { workers: 2 }).results();
    const rows = (results: typeof alone, prefix: string) => results.flat().map((d) => `${d.file.replace(prefix, "")}:${d.line}:${d.column} ${d.severity} ${d.rule}`);
    expect(rows(pooled, "pooled/")).toEqual(rows(alone, "alone/"));
    expect(rows(pooled, "pooled/")).toEqual(expect.arrayContaining([expect.stringMatching(/0001\/.*:\d+:1 warning heading-increment$/), expect.stringMatching(/0001\/.*:\d+:\d+ error no-undefined-references$/)]));
    expect(pooled).toHaveLength(200);
  });
});

describe("the lint cache", () => {
  it("gives the same findings from the cache, and new ones for a file that changed", async () => {
    const cacheDir = await tempDir();
    const previous = process.env.PORTFOLIO_CACHE_DIR;
    process.env.PORTFOLIO_CACHE_DIR = cacheDir;
    try {
      const { dir } = await generateWorkspace(await tempDir(), { reflections: 6, seed: 11 });
      const folder = join(dir, "reflections", "0000");
      const file = join(folder, (await readdir(folder)).sort()[2]!);
      await appendFile(file, "\n#### Skipped a level\n\nWhat followed.\n");
      const rows = async () => (await loadWorkspace(dir)).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);
      const cold = await rows();
      expect(cold).toEqual([expect.stringMatching(/:\d+:1 heading-increment$/)]);
      expect((await readdir(cacheDir)).filter((f) => f.startsWith("lint-"))).toHaveLength(1);
      expect(await rows()).toEqual(cold);
      await appendFile(file, "\nA [reference][nowhere] left undefined.\n");
      expect(await rows()).toEqual([...cold, expect.stringMatching(/:\d+:3 no-undefined-references$/)]);
    } finally {
      if (previous === undefined) delete process.env.PORTFOLIO_CACHE_DIR;
      else process.env.PORTFOLIO_CACHE_DIR = previous;
    }
  });
});

describe("the preview's read cache", () => {
  it("reads again what changed, and everything when what reflections are read against changed", async () => {
    const { dir } = await generateWorkspace(await tempDir(), { reflections: 6, seed: 5 });
    const cache = new ReadCache();
    const first = await loadWorkspace(dir, { render: true, preview: true, cache });
    expect(first.diagnostics).toEqual([]);
    const folder = join(dir, "reflections", "0000");
    const file = (await readdir(folder)).sort()[1]!;
    await appendFile(join(folder, file), "\nA new paragraph. {ac=9.9}\n");
    const second = await loadWorkspace(dir, { render: true, preview: true, cache });
    expect(checkWorkspace(second).diagnostics.map((d) => `${d.file.split("/").pop()} ${d.rule}`)).toContain(`${file} marker-not-cited`);
    expect(second.reflections.find((r) => r.file.endsWith(file))!.html).toContain("A new paragraph.");
    // A contact gives consent: a reflection naming them must be rendered again, with the name.
    const registerFile = join(dir, "network", "contacts.yaml");
    const register = await readFile(registerFile, "utf8");
    const entryOf = (id: string) => register.slice(register.indexOf(`- id: ${id}\n`)).split("\n  - id:")[0]!;
    const [naming, id] = second.reflections.flatMap((r) => [...r.body.matchAll(/@(contact-\d+)/g)].map((m) => [r, m[1]!] as const))
      .find(([, ref]) => entryOf(ref).includes("consent: false"))!;
    const name = /name: (.+)/.exec(entryOf(id))![1]!;
    expect(naming.html).not.toContain(name);
    await writeFile(registerFile, register.replace(entryOf(id), entryOf(id).replace("consent: false", "consent: true")));
    const third = await loadWorkspace(dir, { render: true, preview: true, cache });
    expect(third.reflections.find((r) => r.file === naming.file)!.html).toContain(name);
  });
});
