import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorkspace } from "../src/check/check-workspace.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { findings, fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

const reflection = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2026-03-01\ncriteria: ["1.1"]\n---\n\n${body}\n`;

describe("hostile inputs: files", () => {
  it("reports a file that is not UTF-8 at its byte, line and column, and reads the rest", async () => {
    const dir = await fixtureWorkspace("clean");
    const text = Buffer.from(reflection("Latin-1 from an old editor", "Caf\u00e9 at the forum. {ac=1.1}"), "utf8");
    const latin1 = Buffer.from(text.toString("utf8").replace("\u00e9", "\u0000"), "utf8");
    latin1[latin1.indexOf(0)] = 0xe9; // é as Latin-1: a lone byte UTF-8 cannot start with
    await writeFile(join(dir, "reflections", "latin1.md"), latin1);
    await writeFile(join(dir, "reflections", "nul.md"), reflection("A NUL", "Text\u0000with a NUL. {ac=1.1}"));
    const before = await readFile(join(dir, "reflections", "latin1.md"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "encoding-invalid")).toEqual([
      { where: "reflections/latin1.md:7:4", severity: "error", message: `Byte ${latin1.indexOf(0xe9)} (0xe9) is not UTF-8; the file was not read. Save it as UTF-8 (in most editors: "Save with encoding")` },
      { where: "reflections/nul.md:7:5", severity: "error", message: `Byte ${Buffer.from(reflection("A NUL", "Text")).length - 1} is a NUL character, which a text file does not hold; the file was not read. Remove it, or copy the text into a new file` },
    ]);
    expect(result.workspace.reflections.map((r) => r.file)).toEqual(["reflections/all.md"]);
    expect(await readFile(join(dir, "reflections", "latin1.md"))).toEqual(before);
  });

  it("reports portfolio.yaml, a unit spec and the register that are not UTF-8, rather than what they would lack", async () => {
    const dir = await fixtureWorkspace("clean");
    const config = await readFile(join(dir, "portfolio.yaml"));
    await writeFile(join(dir, "portfolio.yaml"), Buffer.concat([config, Buffer.from("# Centre: Caf\xe9 Lane\n", "latin1")]));
    const unit = await readFile(join(dir, "units", "J-506-1949.yaml"), "utf8");
    await writeFile(join(dir, "units", "J-506-1949.yaml"), unit.replace("title:", "title:\u0000"));
    await mkdir(join(dir, "network"), { recursive: true });
    await writeFile(join(dir, "network", "contacts.yaml"), Buffer.from("contacts:\n  - id: jdoe\n    name: Jos\xe9\n", "latin1"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "encoding-invalid").map((f) => f.where)).toEqual([
      "network/contacts.yaml:3:14",
      `portfolio.yaml:${config.toString("utf8").split("\n").length}:14`,
      `units/J-506-1949.yaml:${unit.slice(0, unit.indexOf("title:")).split("\n").length}:7`,
    ]);
    expect(result.errorCount).toBeGreaterThanOrEqual(3);
  });

  it("does not follow a reflection that is a symbolic link, and says so", async () => {
    const dir = await fixtureWorkspace("clean");
    const outside = join(await tempDir(), "secret.md");
    await writeFile(outside, reflection("Outside", "Not the learner's. {ac=1.1}"));
    await symlink(outside, join(dir, "reflections", "linked.md"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "reflection-link")).toEqual([
      { where: "reflections/linked.md:1:1", severity: "error", message: "This reflection is a symbolic link, which is not followed (it could lead out of the workspace); put the file itself here" },
    ]);
    expect(result.workspace.reflections.some((r) => r.title === "Outside")).toBe(false);
  });

  it("refuses two reflections that would be published at one address (names differing in case)", async () => {
    const dir = await fixtureWorkspace("clean", {
      "reflections/Forum notes.md": reflection("Forum, first", "One. {ac=1.1}"),
      "reflections/forum-notes.md": reflection("Forum, second", "Two. {ac=1.1}"),
    });
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "reflection-clash")).toEqual([
      { where: "reflections/forum-notes.md:1:1", severity: "error", message: "This file and reflections/Forum notes.md would both be published as reflections/forum-notes/ (their names differ only in case or punctuation, which many disks do not tell apart); rename one" },
    ]);
  });

  it("names an invisible character pasted into a criterion id or a unit, at its place", async () => {
    const dir = await fixtureWorkspace("clean", {
      "reflections/pasted.md": "---\ntitle: Pasted from the spec\ndate: 2026-03-01\ncriteria:\n  R/600/9587: [\"1.1\u200b\", \"1.\u202e2\"]\n  \u2066R/600/9587: [\"1.3\"]\n---\n\nText. {ac=1.1}\n",
    });
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "field-invalid")).toEqual([
      { where: "reflections/pasted.md:5:16", severity: "error", message: "Criterion id `1.1<U+200B>` holds an invisible character (U+200B ZERO WIDTH SPACE), often pasted in from a web page or a document; type the id again" },
      { where: "reflections/pasted.md:5:24", severity: "error", message: "Criterion id `1.<U+202E>2` holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE), often pasted in from a web page or a document; type the id again" },
      { where: "reflections/pasted.md:6:3", severity: "error", message: "Unit `<U+2066>R/600/9587` in `criteria` holds an invisible character (U+2066 LEFT-TO-RIGHT ISOLATE), often pasted in from a web page or a document; type it again" },
    ]);
  });
});

describe("hostile inputs: YAML and Markdown", () => {
  const head = 'title: T\ndate: 2026-01-01\ncriteria: ["1.1"]';
  const read = async (source: string) => {
    const dir = await fixtureWorkspace("clean", { "reflections/hostile.md": source });
    const started = performance.now();
    const result = checkWorkspace(await loadWorkspace(dir));
    return { result, seconds: (performance.now() - started) / 1000, rows: result.diagnostics.filter((d) => d.file === "reflections/hostile.md").map((d) => `${d.line}:${d.column} ${d.rule}`) };
  };

  it("does not expand an alias bomb: an alias where criteria should be is reported, at once", async () => {
    const bomb = ['title: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${i === 0 ? "a" : ["b", "c", "d", "e", "f"][i - 1]}`).join(",")}]`), "date: 2026-01-01", "criteria: *g"].join("\n");
    const { rows, seconds } = await read(`---\n${bomb}\n---\nText.\n`);
    expect(rows).toContain("2:11 field-invalid");
    expect(rows).toContain("10:11 field-invalid");
    expect(seconds).toBeLessThan(5);
  });

  it("keeps `<<` and `__proto__` as ordinary (unknown) keys, and Object.prototype clean", async () => {
    const { rows } = await read(`---\n<<: {title: Merged, polluted: yes}\n__proto__: {polluted: yes}\n${head}\n---\nText. {ac=1.1}\n`);
    expect(rows).toEqual(["2:1 field-unknown", "3:1 field-unknown"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports a tab used as indentation where it is, and reads a file that starts with a byte order mark", async () => {
    expect((await read(`---\ntitle: T\n\tdate: 2026-01-01\ncriteria: ["1.1"]\n---\nText.\n`)).rows).toEqual(["3:1 yaml-syntax"]);
    expect((await read(`\uFEFF---\n${head}\n---\nText. {ac=1.1}\n`)).rows).toEqual([]);
  });

  it("reads a 10 MB front matter and pathological Markdown in seconds, with findings, not a hang", async () => {
    const big = await read(`---\n${head}\nnotes: "${"x".repeat(10_000_000)}"\n---\nText. {ac=1.1}\n`);
    expect(big.rows).toEqual(["5:1 field-unknown"]);
    expect(big.seconds).toBeLessThan(15);
    const deep = await read(`---\n${head}\n---\n${"> ".repeat(5000)}x\n\n${"[".repeat(50_000)}\n\n${"*".repeat(100_000)}a\n\n${"- ".repeat(3000)}x\n\n${"| a | b |\n| - | - |\n"}${"| x | y |\n".repeat(20_000)}\n\nText. {ac=1.1}\n`);
    expect(deep.seconds).toBeLessThan(15);
    expect(deep.result.workspace.reflections.some((r) => r.file === "reflections/hostile.md")).toBe(true);
    // Regression: 3,000 nested list items overflowed remark's stack and crashed the check.
    expect(deep.rows).toContain("6:1 markdown-too-complex");
  }, 60_000);
});

describe("hostile inputs: a build killed while printing", () => {
  /** The processes descended from `pid`, from /proc (Linux, where CI runs). */
  const descendants = (pid: number): number[] => {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // Gone meanwhile.
      }
    }
    const found: number[] = [];
    const walk = (p: number) => { for (const [child, parent] of parents) if (parent === p) { found.push(child); walk(child); } };
    walk(pid);
    return found;
  };
  const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

  it("leaves the previous PDF as it was, and takes its browser down with it, on SIGKILL", async () => {
    const out = join(await tempDir(), "portfolio.pdf");
    await writeFile(out, "the previous, good PDF");
    const child = spawn(process.execPath, [join(repoRoot, "bin", "portfolio.js"), "pdf", "--dir", join(repoRoot, "portfolio"), "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on("data", (chunk: Buffer) => { if (chunk.toString().includes("Printing")) resolve(); });
      child.on("exit", () => reject(new Error("portfolio pdf ended before printing")));
    });
    const browser = descendants(child.pid!);
    expect(browser.length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));
    for (let i = 0; i < 50 && browser.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(browser.filter(alive)).toEqual([]);
    expect(await readFile(out, "utf8")).toBe("the previous, good PDF");
  });
});

