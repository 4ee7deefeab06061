import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import type { Ajv2020 as AjvClass } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readRegister } from "../src/network/register.ts";
import { importSpec } from "../src/spec/import/import-spec.ts";
import { formatUnitSpecYaml } from "../src/spec/write-unit-spec.ts";
import { readPortfolioConfig } from "../src/workspace/portfolio-config.ts";
import { runCli } from "./helpers/cli.ts";
import { repoRoot, tempDir } from "./helpers/workspace.ts";

const bin = join(repoRoot, "bin", "portfolio.js");
const seed = join(repoRoot, "tests", "fixtures", "spec-sources", "ocr-unit-53-J-506-1949-develop-and-maintain-professional-networks.txt");
const SAMPLE = /Priya|Shah|4821|Northgate|Okafor/i;

/** A learner who is not the sample's, as a script would give them. */
const FLAGS = [
  "--learner", "Sam Taylor", "--candidate-number", "1234", "--centre", "Riverside College", "--centre-number", "12345",
  "--qualification", "Level 4 NVQ Diploma in Business and Administration", "--unit", "R/600/9587",
];

/** Every file under `dir`, hidden ones too, relative with `/`, and its text. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return new Map(await Promise.all(files.map(async (f) => [relative(dir, f).split(sep).join("/"), await readFile(f, "utf8")] as const)));
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("portfolio init with flags (no terminal)", () => {
  it("makes a clean workspace that checks with 0 errors and holds nothing of the sample", async () => {
    const root = await tempDir();
    const made = runCli(["init", ...FLAGS, "--assessor", "Jo Bloggs"], { cwd: root });
    expect(made.stderr).toContain("Made your portfolio in portfolio/:");
    expect(made.status).toBe(0);
    const files = await filesUnder(join(root, "portfolio"));
    expect([...files.keys()].sort()).toEqual([
      ".github/workflows/portfolio.yml", ".gitignore", ".gitlab-ci.yml", "README.md", "evidence/.gitkeep", "network/contacts.yaml", "portfolio.yaml", "reflections/.gitkeep", "units/R-600-9587.yaml",
    ]);
    for (const [file, text] of files) expect(text.match(SAMPLE), file).toBeNull();
    expect(await readdir(root)).toEqual(["portfolio"]);

    const check = runCli(["check"], { cwd: root });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("R/600/9587  ░░░░░░░░░░░░░░░░░░░░  0/7 criteria evidenced");
    expect(check.stdout.trimEnd().split("\n").at(-1)).toBe("0 errors, 7 warnings");
    // The seven gaps, at the unit's registration in portfolio.yaml; nothing about the files init wrote.
    const findingLines = check.stdout.split("\n").filter((l) => /^ +\d+:\d+ /.test(l));
    expect(findingLines).toHaveLength(7);
    for (const line of findingLines) expect(line).toMatch(/criterion-uncovered$/);
    expect(check.stdout).not.toMatch(/contacts\.yaml|gitkeep|README/);
    // The unit's spec is the one that ships, byte for byte.
    expect(files.get("units/R-600-9587.yaml")).toBe(await readFile(join(repoRoot, "portfolio", "units", "R-600-9587.yaml"), "utf8"));
  });

  it("writes portfolio.yaml with the values given, read back as given, valid against its schema", async () => {
    const root = await tempDir();
    const values = {
      learner: "Zoë O'Neill-Bryant", "candidate-number": "AB 0012", centre: "St Mary's College: Adult & Community Learning",
      "centre-number": "01234", qualification: "Level 3 NVQ Certificate in Business Administration", assessor: "yes",
    };
    const flags = Object.entries(values).flatMap(([flag, value]) => [`--${flag}`, ` ${value} `]);
    const made = runCli(["init", "mine", ...flags, "--unit", "j/506/1949", "--unit", "R/600/9587", "--unit", "J/506/1949"], { cwd: root });
    expect(made.stderr).not.toMatch(/^portfolio: /m);
    expect(made.status).toBe(0);
    const text = await readFile(join(root, "mine", "portfolio.yaml"), "utf8");
    expect(text).toMatch(/^# Your portfolio: /);
    expect(text).toContain('  candidate_number: "AB 0012"\n');
    expect(text).toContain('  number: "01234"\n');
    const { config, report } = readPortfolioConfig(text);
    expect(report.diagnostics).toEqual([]);
    expect(config).toMatchObject({
      learner: { name: values.learner, candidateNumber: values["candidate-number"] },
      centre: { name: values.centre, number: values["centre-number"] },
      qualification: values.qualification,
      assessor: { name: "yes" },
    });
    expect(config!.units.map((u) => u.value)).toEqual(["J/506/1949", "R/600/9587"]);
    const Ajv2020 = (createRequire(import.meta.url)("ajv/dist/2020") as { default: typeof AjvClass }).default;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(join(repoRoot, "schemas", "portfolio.schema.json"), "utf8")));
    expect(validate(parse(text)) ? [] : validate.errors).toEqual([]);
    // With two units, the next steps name one for `new`, and the folder for each command.
    expect(made.stderr).toContain('portfolio new "First reflection" --dir mine --unit J/506/1949 --criteria 1.1');
    expect(runCli(["check", "--dir", "mine"], { cwd: root }).status).toBe(0);
  });

  it("exits 2 naming each missing flag, with a whole command line to copy, and writes nothing", async () => {
    const root = await tempDir();
    const without = FLAGS.filter((_, i) => FLAGS[i] !== "--candidate-number" && FLAGS[i - 1] !== "--candidate-number");
    const one = runCli(["init", ...without], { cwd: root });
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("portfolio: --candidate-number is needed (no terminal to ask on), so nothing was written");
    expect(one.stderr).toMatch(/For example: portfolio init --learner "Your Name" --candidate-number 1234 .* --unit R\/600\/9587/);
    const two = runCli(["init", "--learner", "Sam Taylor"], { cwd: root });
    expect(two.status).toBe(2);
    expect(two.stderr).toContain("--candidate-number, --centre, --centre-number, --qualification and --unit (or --spec) are needed");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses values that cannot be right, in a sentence, before writing anything", async () => {
    const root = await tempDir();
    const withFlag = (flag: string, value: string) => runCli(["init", ...FLAGS.map((v, i) => (FLAGS[i - 1] === flag ? value : v))], { cwd: root });
    const empty = withFlag("--learner", "  ");
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain("--learner is empty: give your full name, as registered");
    const number = withFlag("--candidate-number", "n/a");
    expect(number.status).toBe(2);
    expect(number.stderr).toContain('--candidate-number "n/a" is not a candidate number: write it as on your registration, in letters and digits, such as 1234');
    const centre = withFlag("--centre-number", "12345\n6");
    expect(centre.status).toBe(2);
    expect(centre.stderr).toContain("holds a line break");
    const hidden = withFlag("--centre", "River\u200bside College");
    expect(hidden.status).toBe(2);
    expect(hidden.stderr).toContain("U+200B ZERO WIDTH SPACE");
    expect(await readdir(root)).toEqual([]);
  });

  it("exits 2 on a unit that does not ship, naming the nearest, listing what ships, and pointing to --spec", async () => {
    const root = await tempDir();
    const unknown = runCli(["init", ...FLAGS.map((v) => (v === "R/600/9587" ? "R/600/9578" : v))], { cwd: root });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("portfolio: No spec for unit R/600/9578 ships with portfolio; did you mean R/600/9587?");
    expect(unknown.stderr).toContain("The specs that ship: J/506/1949 Develop and maintain professional networks; R/600/9587 Develop, maintain and review personal networks.");
    expect(unknown.stderr).toContain("import its spec from its published text with --spec FILE");
    const malformed = runCli(["init", ...FLAGS.map((v) => (v === "R/600/9587" ? "R6009587" : v))], { cwd: root });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('--unit "R6009587" is not a unit reference number, which is written like R/600/9587');
    expect(await readdir(root)).toEqual([]);
  });

  it("lists the units that ship in its help", () => {
    const help = runCli(["init", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: portfolio init \[DIR\]/);
    expect(help.stdout).toContain("Unit specs that ship with portfolio:\n  J/506/1949  Develop and maintain professional networks\n  R/600/9587  Develop, maintain and review personal networks");
  });
});

describe("portfolio init never writes over anything", () => {
  it("leaves an existing portfolio.yaml byte for byte, names it, and adds nothing", async () => {
    const root = await tempDir();
    const dir = join(root, "portfolio");
    await mkdir(dir);
    const mine = "# mine\nlearner: { name: Someone Else, candidate_number: '9' }\n";
    await writeFile(join(dir, "portfolio.yaml"), mine);
    const run = runCli(["init", ...FLAGS], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("portfolio: portfolio/portfolio.yaml already exists; init never writes over anything, so it wrote nothing");
    expect(await readFile(join(dir, "portfolio.yaml"), "utf8")).toBe(mine);
    expect(await readdir(dir)).toEqual(["portfolio.yaml"]);
    expect(await readdir(root)).toEqual(["portfolio"]);
  });

  it("refuses a folder that holds anything else, and a file, naming what is there", async () => {
    const root = await tempDir();
    await mkdir(join(root, "notes", "units"), { recursive: true });
    await writeFile(join(root, "notes", "units", "draft.txt"), "mine");
    const notes = runCli(["init", "notes", ...FLAGS], { cwd: root });
    expect(notes.status).toBe(2);
    expect(notes.stderr).toContain("portfolio: notes/units already exists; init never writes over anything, so it wrote nothing");
    await writeFile(join(root, "todo.txt"), "mine");
    await mkdir(join(root, "other"));
    await writeFile(join(root, "other", "todo.txt"), "mine");
    const other = runCli(["init", "other", ...FLAGS], { cwd: root });
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("portfolio: other is not empty (it holds todo.txt); init makes a workspace only in a new or empty folder");
    const file = runCli(["init", "todo.txt", ...FLAGS], { cwd: root });
    expect(file.status).toBe(2);
    expect(file.stderr).toContain("portfolio: todo.txt is a file, not a folder, so init wrote nothing");
    expect((await filesUnder(root)).size).toBe(3);
  });

  it("uses an empty folder, or one holding only a repository, and leaves the repository as it was", async () => {
    const root = await tempDir();
    await mkdir(join(root, "portfolio", ".git"), { recursive: true });
    await writeFile(join(root, "portfolio", ".git", "HEAD"), "ref: refs/heads/main\n");
    const run = runCli(["init", ...FLAGS], { cwd: root });
    expect(run.status).toBe(0);
    expect(await readFile(join(root, "portfolio", ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect((await readdir(join(root, "portfolio"))).sort()).toEqual([".git", ".github", ".gitignore", ".gitlab-ci.yml", "README.md", "evidence", "network", "portfolio.yaml", "reflections", "units"]);
    expect(runCli(["check"], { cwd: root }).status).toBe(0);
  });

  it("is run again after being killed at any moment, and then makes the whole workspace", async () => {
    const root = await tempDir();
    // How long a whole run takes here; the kills fall across its second half, where it writes.
    const started = performance.now();
    expect(runCli(["init", "timed", ...FLAGS], { cwd: root }).status).toBe(0);
    const whole = performance.now() - started;
    // Six kills spread over the writing half; the moment a run is between two renames is
    // pinned by the deterministic test below, not left to timing.
    for (let index = 0; index < 6; index++) {
      // Half into a new folder, half into an empty one that exists (written another way).
      const dir = `ws${index}`;
      if (index % 2) await mkdir(join(root, dir));
      const child = spawn(process.execPath, [bin, "init", dir, ...FLAGS], { cwd: root, stdio: "ignore" });
      const timer = setTimeout(() => child.kill("SIGKILL"), whole * (0.5 + index / 8));
      await new Promise((resolve) => child.once("exit", resolve));
      clearTimeout(timer);
      const again = runCli(["init", dir, ...FLAGS], { cwd: root });
      // Either the first run finished (and the second refuses), or the second makes it whole.
      if (again.status === 2) expect(again.stderr).toContain(`${dir}/portfolio.yaml already exists`);
      else expect(again.status, again.stderr).toBe(0);
      expect(runCli(["check", "--dir", dir], { cwd: root }).status).toBe(0);
      // (A run killed between its last two steps may leave its empty hidden stage inside: harmless, never read.)
      expect((await readdir(join(root, dir))).filter((e) => !e.startsWith(".portfolio-init-")).sort()).toEqual([".github", ".gitignore", ".gitlab-ci.yml", "README.md", "evidence", "network", "portfolio.yaml", "reflections", "units"]);
    }
    expect((await readdir(root)).filter((e) => e.startsWith(".portfolio-init"))).toEqual([]);
  });

  it("removes what a killed run left beside a new folder", async () => {
    const root = await tempDir();
    await mkdir(join(root, ".portfolio-init-portfolio-0badc0de", "units"), { recursive: true });
    await writeFile(join(root, ".portfolio-init-portfolio-0badc0de", "portfolio.yaml"), "half");
    expect(runCli(["init", ...FLAGS], { cwd: root }).status).toBe(0);
    expect(await readdir(root)).toEqual(["portfolio"]);
  });

  it("takes back the files a killed run had moved into an existing folder, only while they are unchanged", async () => {
    // What a run killed while moving files into an existing folder leaves: its stage, with
    // the list of what it moved, and some of the files moved.
    const reference = await tempDir();
    expect(runCli(["init", ...FLAGS], { cwd: reference }).status).toBe(0);
    const written = await filesUnder(join(reference, "portfolio"));
    const leave = async (root: string, readme: string) => {
      const dir = join(root, "portfolio");
      await mkdir(join(dir, ".portfolio-init-0badc0de", "units"), { recursive: true });
      await writeFile(join(dir, ".portfolio-init-0badc0de", "moved.json"), JSON.stringify({
        files: Object.fromEntries([...written].map(([path, text]) => [path, sha256(text)])),
        folders: ["units", "reflections", "evidence", "network"],
      }));
      await writeFile(join(dir, "portfolio.yaml"), written.get("portfolio.yaml")!);
      await writeFile(join(dir, "README.md"), readme);
      return dir;
    };
    const whole = await tempDir();
    await leave(whole, written.get("README.md")!);
    expect(runCli(["init", ...FLAGS], { cwd: whole }).status).toBe(0);
    expect(await filesUnder(join(whole, "portfolio"))).toEqual(written);

    const edited = await tempDir();
    const dir = await leave(edited, "# my notes\n");
    const refused = runCli(["init", ...FLAGS], { cwd: edited });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("portfolio: portfolio/README.md already exists");
    expect(await readFile(join(dir, "README.md"), "utf8")).toBe("# my notes\n");
  });
});

describe("portfolio init --spec", () => {
  it("imports a unit from its published text, as `spec import` does", async () => {
    const root = await tempDir();
    await copyFile(seed, join(root, "unit-53.txt"));
    const run = runCli(["init", ...FLAGS.slice(0, -2), "--spec", "unit-53.txt"], { cwd: root });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/units\/J-506-1949\.yaml +J\/506\/1949 Develop and maintain professional networks \(imported from unit-53\.txt\)/);
    const source = await readFile(seed, "utf8");
    expect(await readFile(join(root, "portfolio", "units", "J-506-1949.yaml"), "utf8")).toBe(formatUnitSpecYaml(importSpec(source, "unit-53.txt").spec!));
    expect(readPortfolioConfig(await readFile(join(root, "portfolio", "portfolio.yaml"), "utf8")).config!.units.map((u) => u.value)).toEqual(["J/506/1949"]);
    expect(runCli(["check"], { cwd: root }).stdout).toContain("J/506/1949  ░░░░░░░░░░░░░░░░░░░░  0/16 criteria evidenced");
  });

  it("imports a unit that does not ship (the published text with another reference number)", async () => {
    const root = await tempDir();
    await writeFile(join(root, "other.txt"), (await readFile(seed, "utf8")).replaceAll("J/506/1949", "T/999/0001"));
    const run = runCli(["init", ...FLAGS, "--spec", "other.txt"], { cwd: root });
    expect(run.status).toBe(0);
    expect(await readdir(join(root, "portfolio", "units"))).toEqual(["R-600-9587.yaml", "T-999-0001.yaml"]);
    const check = runCli(["check"], { cwd: root });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("T/999/0001  ░░░░░░░░░░░░░░░░░░░░  0/16 criteria evidenced");
  });

  it("exits 1 with the importer's findings when the text is not a spec, and 2 when there is no file; writes nothing", async () => {
    const root = await tempDir();
    await writeFile(join(root, "notes.txt"), "Some notes from the induction.\n");
    const bad = runCli(["init", ...FLAGS, "--spec", "notes.txt"], { cwd: root });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("spec-not-recognised");
    expect(bad.stderr).toContain("portfolio: notes.txt could not be imported as a unit spec (see above), so nothing was written");
    const missing = runCli(["init", ...FLAGS, "--spec", "nowhere.txt"], { cwd: root });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Cannot read nowhere.txt (--spec): there is no such file");
    expect(await readdir(root)).toEqual(["notes.txt"]);
  });
});

describe("the new workspace in use", () => {
  it("init, then new, then build --no-pdf: the dashboard, the unit's page, the matrix and the reflection's page", async () => {
    const root = await tempDir();
    expect(runCli(["init", ...FLAGS], { cwd: root }).status).toBe(0);
    const reflection = runCli(["new", "First reflection", "--criteria", "1.1"], { cwd: root });
    expect(reflection.status).toBe(0);
    const build = runCli(["build", "--no-pdf"], { cwd: root });
    expect(build.stderr).toMatch(/Built 4 pages into _site\/ in/);
    expect(build.status).toBe(0);
    const date = new Date().toISOString().slice(0, 10);
    const site = join(root, "_site");
    for (const page of ["index.html", "units/r-600-9587/index.html", "matrix/index.html", `reflections/${date}-first-reflection/index.html`]) {
      expect(existsSync(join(site, page)), page).toBe(true);
    }
    const dashboard = await readFile(join(site, "index.html"), "utf8");
    expect(dashboard).toContain("Sam Taylor");
    expect(dashboard).toContain("Riverside College");
    expect(dashboard).not.toMatch(SAMPLE);
  });

  it("runs the README's commands as written, inside the folder, for a folder of another name; the site is built beside it", async () => {
    const root = await tempDir();
    expect(runCli(["init", "my nvq", ...FLAGS, "--unit", "J/506/1949"], { cwd: root }).status).toBe(0);
    const readme = await readFile(join(root, "my nvq", "README.md"), "utf8");
    const commands = readme.split("```sh\n")[1]!.split("```")[0]!.trimEnd().split("\n").map((line) => line.replace(/\s+#.*$/, ""));
    expect(commands).toEqual([
      'portfolio new "First reflection" --unit R/600/9587 --criteria 1.1',
      "portfolio serve",
      "portfolio check",
      "portfolio build",
    ]);
    expect(readme).toContain('From the folder that holds this one, the same commands work with `--dir "my nvq"`.');
    for (const command of [commands[0]!, commands[2]!, `${commands[3]!} --no-pdf`]) {
      const run = spawnSync("sh", ["-c", command.replace(/^portfolio /, `'${process.execPath}' '${bin}' `)], { cwd: join(root, "my nvq"), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(run.status, `${command}\n${run.stderr}`).toBe(0);
    }
    expect(existsSync(join(root, "_site", "index.html"))).toBe(true);
    expect(existsSync(join(root, "my nvq", "_site"))).toBe(false);
  });

  it("prints next steps that work from inside the workspace, with no flags: the site is built beside it", async () => {
    const root = await tempDir();
    await mkdir(join(root, "mine"));
    const cwd = join(root, "mine");
    const run = runCli(["init", ".", ...FLAGS], { cwd });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("Made your portfolio in this folder:");
    const build = run.stderr.split("\n").map((l) => l.trim()).find((l) => l.startsWith("portfolio build"))!;
    expect(build).toMatch(/^portfolio build {2}/);
    expect(runCli(["build", "--no-pdf"], { cwd }).status).toBe(0);
    expect(existsSync(join(root, "_site", "index.html"))).toBe(true);
  });

  it("has a register whose commented example, once uncommented, reads with 0 errors", async () => {
    const root = await tempDir();
    expect(runCli(["init", ...FLAGS], { cwd: root }).status).toBe(0);
    const empty = await readFile(join(root, "portfolio", "network", "contacts.yaml"), "utf8");
    expect(empty).toContain("only where `consent: true`");
    const [head, body] = [empty.slice(0, empty.indexOf("networks: []")), empty.slice(empty.indexOf("networks: []"))];
    const filled = head + body.replace(": []", ":").replace(": []", ":").replace(/^#(?= {2})/gm, "");
    const { register, report } = readRegister(filled);
    expect(report.diagnostics).toEqual([]);
    expect(register.networks.map((n) => n.name)).toEqual(["Local employers' forum"]);
    expect(register.contacts.map((c) => [c.id, c.consent])).toEqual([["aexample", false]]);
    await writeFile(join(root, "portfolio", "network", "contacts.yaml"), filled);
    const check = runCli(["check"], { cwd: root });
    expect(check.status).toBe(0);
    expect(check.stdout).not.toContain("contacts.yaml");
  });

  it("keeps keys, the built site and what operating systems leave out of a repository", async () => {
    const root = await tempDir();
    expect(runCli(["init", ...FLAGS], { cwd: root }).status).toBe(0);
    const ignored = (await readFile(join(root, "portfolio", ".gitignore"), "utf8")).split("\n").filter((l) => l && !l.startsWith("#"));
    expect(ignored).toEqual(expect.arrayContaining(["_site/", "*.p12", "*.key", ".portfolio-keys/", ".DS_Store", "Thumbs.db"]));
    if (spawnSync("git", ["--version"]).status !== 0) return;
    const dir = join(root, "portfolio");
    for (const file of ["me.p12", "me.key", "evidence/.DS_Store", "_site/index.html", ".portfolio-keys/learner.p12"]) {
      await mkdir(join(dir, file, ".."), { recursive: true });
      await writeFile(join(dir, file), "x");
    }
    spawnSync("git", ["init", "-q"], { cwd: dir });
    const listed = spawnSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd: dir, encoding: "utf8" }).stdout.trim().split("\n").sort();
    expect(listed).toEqual([".github/workflows/portfolio.yml", ".gitignore", ".gitlab-ci.yml", "README.md", "evidence/.gitkeep", "network/contacts.yaml", "portfolio.yaml", "reflections/.gitkeep", "units/R-600-9587.yaml"]);
  });
});

/**
 * Runs `portfolio ARGS` under a pseudo-terminal (util-linux `script`), answering each
 * question when its text appears, as a person at the terminal would.
 */
function atTerminal(args: string[], cwd: string, answers: Array<[question: string, answer: string]>): Promise<{ status: number | null; output: string }> {
  const quote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;
  const command = [process.execPath, bin, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], { cwd, env: { ...process.env, NO_COLOR: "1", TERM: "dumb" } });
  let output = "";
  let from = 0;
  let next = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    while (next < answers.length) {
      const at = output.indexOf(answers[next]![0], from);
      if (at === -1) break;
      from = at + answers[next]![0].length;
      child.stdin.write(answers[next]![1] === "\u0003" ? "\u0003" : `${answers[next]![1]}\r`);
      next++;
    }
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) => child.once("close", (status) => {
    clearTimeout(timer);
    child.stdin.end();
    resolve({ status, output: output.replace(/\r\n?/g, "\n") });
  }));
}

// A real pseudo-terminal, from util-linux's `script` (in Debian's essential bsdutils): a
// missing one fails these tests rather than skipping them.
describe("portfolio init at a terminal", () => {
  it("has a pseudo-terminal to test with (util-linux's script)", () => {
    expect(spawnSync("script", ["--version"]).status, "`script` (util-linux) is needed for these tests").toBe(0);
  });

  it("asks for what the flags do not give, again after an answer it cannot use, and lists the units to pick from", async () => {
    const root = await tempDir();
    await copyFile(seed, join(root, "unit 53.txt"));
    const { status, output } = await atTerminal(["init", "--centre", "Riverside College"], root, [
      ["Your full name, as registered: ", "Sam Taylor"],
      ["Your candidate number: ", ""],
      ["An answer is needed: your candidate number", "12x!"],
      ["is not a candidate number", "1234"],
      ["Your centre's number: ", "12345"],
      ["The qualification's title, as registered: ", "Level 4 NVQ Diploma in Business and Administration"],
      ["Your units: ", "R/600/9578"],
      ["did you mean R/600/9587?", "3"],
      ["There is no unit 3 in the list; choose 1 to 2", "2, unit 53.txt"],
      ["Your assessor's name (press Enter to leave it out): ", ""],
    ]);
    expect(output).toContain("  1  J/506/1949  Develop and maintain professional networks\n  2  R/600/9587  Develop, maintain and review personal networks\n");
    expect(output).not.toContain("Your centre's name");
    expect(output).toContain("Made your portfolio in portfolio/:");
    expect(output).toMatch(/units\/J-506-1949\.yaml +J\/506\/1949 Develop and maintain professional networks \(imported from unit 53\.txt\)/);
    expect(status).toBe(0);
    const { config } = readPortfolioConfig(await readFile(join(root, "portfolio", "portfolio.yaml"), "utf8"));
    expect(config).toMatchObject({ learner: { name: "Sam Taylor", candidateNumber: "1234" }, centre: { name: "Riverside College", number: "12345" }, assessor: undefined });
    expect(config!.units.map((u) => u.value)).toEqual(["R/600/9587", "J/506/1949"]);
    expect(runCli(["check"], { cwd: root }).status).toBe(0);
  });

  it("stops on Ctrl-C with nothing written", async () => {
    const root = await tempDir();
    const { status, output } = await atTerminal(["init"], root, [["Your full name, as registered: ", "Sam Taylor"], ["Your candidate number: ", "\u0003"]]);
    expect(output).toContain("portfolio: stopped; nothing was written");
    expect(status).toBe(130);
    expect(await readdir(root)).toEqual([]);
  });

  it("asks nothing when the folder cannot be used", async () => {
    const root = await tempDir();
    await mkdir(join(root, "portfolio"));
    await writeFile(join(root, "portfolio", "portfolio.yaml"), "mine");
    const { status, output } = await atTerminal(["init"], root, []);
    expect(output).not.toContain("Your full name");
    expect(output).toContain("portfolio/portfolio.yaml already exists");
    expect(status).toBe(2);
  });
});
