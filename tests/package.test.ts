import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tool } from "./helpers/pdf-tools.ts";
import { repoRoot, tempDir } from "./helpers/workspace.ts";

/** Runs a command and fails the test with what it printed if it does not exit 0. */
function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024, ...options, env: { ...process.env, NO_COLOR: "1", ...options.env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return { stdout: String(result.stdout), stderr: String(result.stderr) };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** What the sample portfolio is made of: none of it may reach a new learner's portfolio. */
const SAMPLE = ["Priya", "Shah", "4821", "Northgate", "Okafor", "61234"];

const learner = { name: "Aisha Karimi", candidate: "0193", centre: "Riverside Training Ltd", centreNumber: "70412" };

describe("the package as a learner installs it", () => {
  let home: string;
  let command: string;

  /** npm's global installs into `prefix` (not the machine's), its programs first on PATH, from the cache where it can. */
  function npmInto(prefix: string): Record<string, string> {
    return { npm_config_prefix: prefix, npm_config_prefer_offline: "true", PATH: `${join(prefix, "bin")}:${process.env.PATH}` };
  }

  /**
   * Runs one job of a workflow as a runner would, in \`dir\`: each \`run:\` step in bash, in
   * order, with its \`env:\`; after a step fails, only steps with \`if: always()\` run, as on
   * GitHub. The actions it uses are done as they would be (the checkout is \`dir\`, Node 20
   * is this one, artifacts were laid out beforehand); other \`if:\`s are judged with no
   * variables set (so nothing is published); \`matrix\` gives one entry of a matrix, and
   * secrets are empty. Each uploaded artifact's folder is returned by name. An action this
   * does not know fails the test, so a changed template is never half run.
   */
  async function runGithubJob(workflow: string, jobName: string, dir: string, runner: Record<string, string>, matrix: Record<string, string> = {}): Promise<{ artifacts: Record<string, string>; failed: string | undefined }> {
    const { parse } = await import("yaml");
    type Step = { uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string>; if?: string; id?: string };
    const job = (parse(workflow) as { jobs: Record<string, { steps: Step[] }> }).jobs[jobName]!;
    const base = { ...process.env, ...runner, ...npmInto(join(home, `prefix-${jobName}`)), PORTFOLIO_PACKAGE: installedPackage(), NO_COLOR: "1" };
    const outputs: Record<string, string> = {};
    const expand = (text: string) => text
      .replace(/\$\{\{\s*runner\.temp\s*\}\}/g, runner.RUNNER_TEMP!)
      .replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => matrix[key] ?? "")
      .replace(/\$\{\{\s*secrets\.\w+\s*\}\}/g, "")
      .replace(/\$\{\{\s*steps\.(\w+)\.outputs\.(\w+)\s*\}\}/g, (_, id: string, key: string) => outputs[`${id}.${key}`] ?? "");
    const artifacts: Record<string, string> = {};
    let failed: string | undefined;
    for (const step of job.steps) {
      if (failed !== undefined && step.if !== "always()") continue;
      if (step.if !== undefined && step.if !== "always()") {
        expect(step.if, "only publishing waits on a variable").toMatch(/^vars\.PORTFOLIO_PUBLISH == 'true'/);
        continue;
      }
      if (step.run !== undefined) {
        await writeFile(runner.GITHUB_OUTPUT!, "");
        const env = { ...base, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))])) };
        // GitHub puts in the expressions a script holds before it runs.
        const result = spawnSync("bash", ["-e", "-c", expand(step.run)], { cwd: dir, env, encoding: "utf8", timeout: 300_000 });
        if (result.status !== 0) failed = `${step.run.split("\n")[0]} exited ${result.status}:\n${result.stdout}${result.stderr}`;
        for (const line of (await readFile(runner.GITHUB_OUTPUT!, "utf8")).split("\n").filter(Boolean)) outputs[`${step.id}.${line.split("=")[0]}`] = line.slice(line.indexOf("=") + 1);
        continue;
      }
      const action = step.uses!.split("@")[0];
      if (action === "actions/checkout" || action === "actions/setup-node" || action === "actions/download-artifact") continue;
      expect(action, `an action the test knows: ${step.uses}`).toBe("actions/upload-artifact");
      const path = resolve(dir, expand(step.with!.path!));
      expect((await readdir(path)).length, `${path} holds something to upload`).toBeGreaterThan(0);
      artifacts[expand(step.with!.name!)] = path;
    }
    return { artifacts, failed };
  }

  /**
   * What the CI files' install step is given as PORTFOLIO_PACKAGE: the package as installed
   * from its tarball above. npm installs a folder globally as a link to it, in a quarter of
   * a second, where unpacking the tarball with its dependencies again took 12 s a time.
   */
  function installedPackage(): string {
    return join(home, "node_modules", "@vq-portfolio", "portfolio");
  }

  /** What GitHub's own workflow parser finds wrong with a workflow (none for one it accepts); see tests/tools/workflow-errors.mjs. */
  async function workflowErrors(content: string): Promise<string[]> {
    const file = join(await tempDir("portfolio-workflow-"), "workflow.yml");
    await writeFile(file, content);
    const found = run(process.execPath, [join(repoRoot, "tests", "tools", "workflow-errors.mjs"), file], { cwd: repoRoot }).stdout;
    return (JSON.parse(found) as Record<string, string[]>)[file]!;
  }

  beforeAll(async () => {
    home = await tempDir("portfolio-packed-");
    // Packed as `npm publish` would (dist/ was compiled from these sources by the tests' setup)...
    const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", home], { cwd: repoRoot });
    const { filename, files } = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
    // ...holding what runs and what `init` needs, and nothing of the tests or the sample's writing.
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["bin/portfolio.js", "dist/src/cli/main.js", "dist/plugins/eleventy-portfolio.js", "layouts/assets/site.css", "src/pdf/print.css", "portfolio/units/R-600-9587.yaml", "LICENSE", "README.md"]));
    expect(paths.filter((p) => /^(tests|portfolio\/reflections|portfolio\/evidence|portfolio\/network)\/|\.ts$/.test(p) && !p.endsWith(".d.ts"))).toEqual([]);
    // ...and installed without its development dependencies (no tsx, no TypeScript, no vitest).
    await writeFile(join(home, "package.json"), JSON.stringify({ name: "learner-home", private: true }));
    run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", join(home, filename)], { cwd: home });
    for (const dev of ["tsx", "typescript", "vitest", "esbuild"]) expect(spawnSync("test", ["-e", join(home, "node_modules", dev)]).status, `${dev} is installed`).not.toBe(0);
    command = join(home, "node_modules", ".bin", "portfolio");
  }, 300_000);

  it("starts a portfolio with init, adds a reflection with new, and builds a site and a PDF signed in the learner's own name", async () => {
    const env = { HOME: home, PORTFOLIO_KEYS_DIR: join(home, "keys") };
    run(command, ["init", "my-portfolio", "--learner", learner.name, "--candidate-number", learner.candidate, "--centre", learner.centre, "--centre-number", learner.centreNumber,
      "--qualification", "OCR Level 4 NVQ Diploma in Business and Administration", "--unit", "R/600/9587"], { cwd: home, env, input: "" });
    run(command, ["new", "Mapping the networks I already have", "--dir", "my-portfolio", "--criteria", "1.1"], { cwd: home, env });
    const built = run(command, ["build", "--dir", "my-portfolio", "--out", "site"], { cwd: home, env });
    expect(built.stderr).toMatch(/Built \d+ pages into site\/ and site\/portfolio\.pdf/);

    const site = join(home, "site");
    const pages = (await filesUnder(site)).filter((f) => f.endsWith(".html"));
    // The dashboard, the matrix, the unit's page and the reflection's page at least.
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.map((p) => p.slice(site.length + 1))).toEqual(expect.arrayContaining(["index.html", "matrix/index.html", "units/r-600-9587/index.html"]));
    expect(await readFile(join(site, "index.html"), "utf8")).toContain(`Portfolio of ${learner.name}`);

    // pdfsig, an outside judge, reads one signature, by the new learner, over the whole file.
    const sig = tool("pdfsig", [join(site, "portfolio.pdf")]).stdout;
    expect(sig).toContain(`Signer Certificate Common Name: ${learner.name}`);
    expect(sig).toContain("Signature Validation: Signature is Valid.");
    expect(sig).toContain("Total document signed");
    expect(sig.match(/^Signature #/gm)).toHaveLength(1);

    // Nothing of the sample: not in the workspace init wrote, the site, the PDF's text, or report.json.
    const texts = [tool("pdftotext", [join(site, "portfolio.pdf"), "-"]).stdout];
    for (const file of [...await filesUnder(join(home, "my-portfolio")), ...await filesUnder(site)].filter((f) => !f.endsWith(".pdf"))) texts.push(await readFile(file, "utf8"));
    for (const word of SAMPLE) expect(texts.filter((t) => t.includes(word)), word).toEqual([]);
  }, 300_000);

  it("runs the README's \"Start your own portfolio\" as written", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const section = readme.split("## Start your own portfolio\n")[1]!.split("\n## ")[0]!;
    const [steps, scripted] = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim().split("\n"));
    expect(steps![0]).toBe("npm install --global @vq-portfolio/portfolio");
    const folder = join(home, "readme-learner");
    const prefix = join(home, "global");
    run("mkdir", ["-p", folder, prefix], { cwd: home });
    // Installed globally, as the README says; not from the registry, as it is not published
    // yet, but the package as installed from its tarball above (npm links a folder it installs
    // globally: a quarter of a second, where unpacking the tarball again took 12 s).
    run("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", installedPackage()], { cwd: folder });
    const env = { HOME: folder, PATH: `${join(prefix, "bin")}:${process.env.PATH}` };
    for (const line of steps!.slice(1)) {
      // `init` asks on a terminal; here, with none, it takes the README's own flags.
      const command = line === "portfolio init" ? scripted![0]! : line;
      // The preview runs until stopped; the end-to-end tests try it in a browser.
      if (command.startsWith("portfolio serve")) continue;
      run("sh", ["-c", command], { cwd: folder, env, input: "" });
    }
    expect(await readFile(join(folder, "_site", "index.html"), "utf8")).toContain("Portfolio of Sam Carter");
    expect(tool("pdfsig", [join(folder, "_site", "portfolio.pdf")]).stdout).toContain("Signer Certificate Common Name: Sam Carter");
    expect((await readdir(join(folder, "portfolio", "reflections"))).filter((f) => f.endsWith(".md"))).toEqual([expect.stringMatching(/-mapping-the-networks-i-already-have\.md$/)]);
  }, 300_000);

  it("writes CI files that GitHub's workflow parser and GitLab's schema accept, and whose own steps check, build and read a cohort", async () => {
    // The learner's, as init wrote them into the workspace of the first test.
    const workspace = join(home, "my-portfolio");
    const github = await readFile(join(workspace, ".github", "workflows", "portfolio.yml"), "utf8");
    expect(await workflowErrors(github)).toEqual([]);
    // The parser finds what GitHub would refuse, so its silence means something.
    expect(await workflowErrors(github.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout: 5"))).not.toEqual([]);
    // A centre of three: one whose portfolio builds, one with an error, one not there.
    const repositories = ["riverside/aisha-karimi-portfolio", "riverside/ben-osei-portfolio", "riverside/no-such-portfolio"];
    run(command, ["ci", "--centre", ...repositories, "--out", join(home, "centre")], { cwd: home });
    const centre = await readFile(join(home, "centre", ".github", "workflows", "cohort.yml"), "utf8");
    expect(await workflowErrors(centre)).toEqual([]);
    // Hundreds of learners stay within GitHub's 256 jobs a run: 450 in 200 jobs, each learner once.
    const many = Array.from({ length: 450 }, (_, i) => `riverside/learner-${i + 1}`);
    run(command, ["ci", "--centre", ...many, "--out", join(home, "big-centre")], { cwd: home });
    const big = await readFile(join(home, "big-centre", ".github", "workflows", "cohort.yml"), "utf8");
    expect(await workflowErrors(big)).toEqual([]);
    const { parse } = await import("yaml");
    const include = (parse(big) as { jobs: { learners: { strategy: { matrix: { include: Array<{ repositories: string }> } } } } }).jobs.learners.strategy.matrix.include;
    expect(include).toHaveLength(200);
    expect(include.flatMap((b) => b.repositories.split(" ")).sort()).toEqual([...many].sort());

    // The learner's workflow, step by step, as a runner would run it on a checkout of the workspace.
    const checkout = join(home, "checkout");
    run("cp", ["-R", workspace, checkout], { cwd: home });
    const runner = { RUNNER_TEMP: join(home, "runner-temp"), GITHUB_OUTPUT: join(home, "github-output"), GITHUB_RUN_NUMBER: "7" };
    run("mkdir", ["-p", runner.RUNNER_TEMP], { cwd: home });
    const { artifacts, failed } = await runGithubJob(github, "build", checkout, runner);
    expect(failed).toBeUndefined();
    expect(Object.keys(artifacts)).toEqual(["portfolio-site"]);
    const site = artifacts["portfolio-site"]!;
    expect(await readFile(join(site, "index.html"), "utf8")).toContain(`Portfolio of ${learner.name}`);
    // Unsigned on CI: the learner's key never leaves their computer.
    expect(tool("pdfsig", [join(site, "portfolio.pdf")]).stdout).toContain("does not contain any signatures");

    // GitLab's own job runner for a laptop (gitlab-ci-local) runs the learner's pipeline: schema first, then the job.
    const repo = join(home, "gitlab-checkout");
    run("cp", ["-R", workspace, repo], { cwd: home });
    run("sh", ["-c", "git init -q && git add -A && git -c user.name=CI -c user.email=ci@example.org commit -qm portfolio"], { cwd: repo });
    const gitlab = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, "node_modules", "gitlab-ci-local", "src", "index.js"), ...args], { cwd: repo, encoding: "utf8", timeout: 300_000, env: { ...process.env, ...npmInto(join(home, "gitlab-prefix")), NO_COLOR: "1" } });
    const listed = gitlab(["--list"]);
    expect(listed.status, listed.stdout + listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/portfolio\s/);
    const job = gitlab(["--force-shell-executor", "--variable", `PORTFOLIO_PACKAGE=${installedPackage()}`, "portfolio"]);
    expect(job.status, job.stdout + job.stderr).toBe(0);
    const kept = join(repo, ".gitlab-ci-local", "artifacts", "portfolio", "portfolio-site");
    expect(await readFile(join(kept, "index.html"), "utf8")).toContain(`Portfolio of ${learner.name}`);
    // And a broken file is refused by the same schema.
    await writeFile(join(repo, ".gitlab-ci.yml"), (await readFile(join(repo, ".gitlab-ci.yml"), "utf8")).replace("expire_in: 90 days", "expire_in: 90 days\n    keep: forever"));
    const refused = gitlab(["--list"]);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("'keep' property is not expected to be here");

    // The centre's workflow: each batch job clones from a server (here, repositories on disk
    // at GITHUB_SERVER_URL) and builds; the cohort job reads what they all uploaded.
    const server = join(home, "server", "riverside");
    run("mkdir", ["-p", server], { cwd: home });
    for (const [name, broken] of [["aisha-karimi-portfolio", false], ["ben-osei-portfolio", true]] as const) {
      const repository = join(server, name);
      run("cp", ["-R", workspace, repository], { cwd: home });
      if (broken) await writeFile(join(repository, "reflections", "broken.md"), "---\ntitle: Broken\ndate: 2026-03-14\ncriteria: [\"9.9\"]\nstatus: final\n---\nText.\n");
      run("sh", ["-c", "git init -q && git add -A && git -c user.name=L -c user.email=l@example.org commit -qm portfolio"], { cwd: repository });
    }
    const cohortDir = join(home, "centre-run");
    run("mkdir", ["-p", join(cohortDir, "sites")], { cwd: home });
    const matrix = (parse(centre) as { jobs: { learners: { strategy: { matrix: { include: Array<Record<string, string | number>> } } } } }).jobs.learners.strategy.matrix.include;
    expect(matrix).toHaveLength(3);
    for (const entry of matrix) {
      const jobDir = join(home, `centre-job-${entry.batch}`);
      const jobRunner = { ...runner, RUNNER_TEMP: join(jobDir, "temp"), GITHUB_SERVER_URL: `file://${join(home, "server")}` };
      run("mkdir", ["-p", jobRunner.RUNNER_TEMP], { cwd: home });
      const batch = await runGithubJob(centre, "learners", jobDir, jobRunner, Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, String(v)])));
      expect(batch.failed).toBeUndefined();
      // download-artifact with merge-multiple: every batch's sites in one folder.
      run("sh", ["-c", `cp -R "${batch.artifacts[`sites-${entry.batch}`]}"/. "${join(cohortDir, "sites")}"`], { cwd: home });
    }
    const centreRun = await runGithubJob(centre, "cohort", cohortDir, runner);
    // The cohort step exits 1 (two learners not built), after writing the page, which is kept.
    expect(centreRun.failed).toMatch(/^portfolio cohort sites\/\* .* exited 1/);
    const kept2 = centreRun.artifacts["cohort"]!;
    const cohort = JSON.parse(await readFile(join(kept2, "cohort.json"), "utf8")) as { learners: Array<{ candidateNumber: string; verify: { state: string } }>; unread: Array<{ source: string; reason: string }>; sample: unknown };
    expect(cohort.learners.map((l) => [l.candidateNumber, l.verify.state])).toEqual([[learner.candidate, "not signed"]]);
    expect(cohort.unread.map((u) => u.reason)).toEqual([
      "sites/riverside_ben-osei-portfolio holds no portfolio.pdf: riverside/ben-osei-portfolio was not built (portfolio build says why in batch 2's log: errors in the portfolio, most often)",
      "sites/riverside_no-such-portfolio holds no portfolio.pdf: riverside/no-such-portfolio could not be cloned",
    ]);
    expect(cohort.sample).toBeDefined();
    expect(await readFile(join(kept2, "index.html"), "utf8")).toContain("not signed yet");
  }, 300_000);

  it("gives an Eleventy site of one's own the portfolio as a plugin, under a path of its choosing", async () => {
    const project = join(home, "eleventy-site");
    run(command, ["init", join(project, "portfolio"), "--learner", learner.name, "--candidate-number", learner.candidate, "--centre", learner.centre, "--centre-number", learner.centreNumber,
      "--qualification", "OCR Level 4 NVQ Diploma in Business and Administration", "--unit", "J/506/1949"], { cwd: home, input: "" });
    await writeFile(join(project, "index.md"), "# My own site\n\nSee [my portfolio](portfolio/).\n");
    await writeFile(join(project, "eleventy.config.mjs"), `import portfolio from "@vq-portfolio/portfolio/eleventy";
export default function (eleventyConfig) {
  eleventyConfig.addPlugin(portfolio, { dir: "portfolio", path: "portfolio/" });
}
`);
    const out = join(project, "_site");
    // The Eleventy the package depends on, run as the site's own would be.
    run(process.execPath, [join(home, "node_modules", "@11ty", "eleventy", "cmd.cjs"), "--config=eleventy.config.mjs", "--output=_site", "--quiet"], { cwd: project });
    // The learner's Markdown is never one of the site's templates, though it is inside its input folder.
    expect((await filesUnder(out)).filter((f) => f.includes("mapping") || f.endsWith("README/index.html"))).toEqual([]);
    expect(await readFile(join(out, "index.html"), "utf8")).toContain("My own site");
    const dashboard = await readFile(join(out, "portfolio", "index.html"), "utf8");
    expect(dashboard).toContain(`Portfolio of ${learner.name}`);
    // Its links are relative, so they lead within portfolio/: the stylesheet and the unit page are there.
    expect(dashboard).toMatch(/href="assets\/site\.css"/);
    expect(dashboard).toMatch(/href="units\/j-506-1949\/"/);
    for (const file of ["portfolio/assets/site.css", "portfolio/units/j-506-1949/index.html", "portfolio/matrix/index.html"]) expect((await filesUnder(out)).map((f) => f.slice(out.length + 1))).toContain(file);
  }, 300_000);
});

describe("the core and its adapters", () => {
  it("keeps Eleventy out of src/: only plugins/ and bin/ import it", async () => {
    const sources = (await filesUnder(join(repoRoot, "src"))).filter((f) => f.endsWith(".ts"));
    const importers: string[] = [];
    for (const file of sources) {
      const text = await readFile(file, "utf8");
      if (/(?:from|import\()\s*["'](?:@11ty\/|[./]+\/eleventy\.config)/.test(text)) importers.push(file.slice(repoRoot.length));
    }
    expect(sources.length).toBeGreaterThan(100);
    expect(importers).toEqual([]);
  });
});

describe("start-up", () => {
  /** Every module a command loads, by a resolve hook in the process that runs it. */
  async function modulesLoaded(args: string[]): Promise<string[]> {
    const dir = await tempDir("portfolio-modules-");
    const log = join(dir, "modules.txt");
    await writeFile(join(dir, "hooks.mjs"), `import { appendFileSync } from "node:fs";\nexport async function resolve(specifier, context, next) { const result = await next(specifier, context); appendFileSync(${JSON.stringify(log)}, result.url + "\\n"); return result; }\n`);
    await writeFile(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(new URL(`file://${join(dir, "hooks.mjs")}`).href)});\n`);
    await writeFile(log, "");
    spawnSync(process.execPath, ["--import", join(dir, "register.mjs"), join(repoRoot, "bin", "portfolio.js"), ...args], { encoding: "utf8" });
    return (await readFile(log, "utf8")).split("\n").filter(Boolean);
  }

  it("loads no dependency for --version or any command's --help, and no TypeScript compiler ever", async () => {
    for (const args of [["--version"], ["verify", "--help"], ["check", "--help"], ["build", "--help"], ["sign", "--help"], ["keygen", "--help"], ["serve", "--help"], ["init", "--help"]]) {
      const loaded = await modulesLoaded(args);
      expect(loaded.some((url) => url.endsWith("/dist/src/cli/main.js")), `${args.join(" ")} ran the compiled command`).toBe(true);
      // init's help lists the unit specs that ship, read with the YAML parser.
      const allowed = args[0] === "init" ? /node_modules\/(yaml|fastest-levenshtein)\// : /^$/;
      expect(loaded.filter((url) => url.includes("/node_modules/") && !allowed.test(url)), args.join(" ")).toEqual([]);
    }
    const check = await modulesLoaded(["check", "--dir", join(repoRoot, "portfolio")]);
    expect(check.filter((url) => /node_modules\/(tsx|esbuild|typescript|puppeteer-core|@11ty|pdf-lib|pkijs|node-forge)\//.test(url))).toEqual([]);
  });
});
