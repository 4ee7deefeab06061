import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { UsageError } from "../../errors.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";
import { version } from "../main.ts";
import { workspaceDir } from "../workspace-dir.ts";

export const ciHelp = `Usage: portfolio ci [--dir DIR]
       portfolio ci --centre OWNER/REPO... [--out DIR]

For a learner: adds the CI files \`portfolio init\` writes to a workspace made before it
did (.github/workflows/portfolio.yml for GitHub Actions, .gitlab-ci.yml for GitLab CI):
on each push, check and build, keeping the site and an unsigned PDF as the run's
artifacts; the site published only when the variable PORTFOLIO_PUBLISH is true.

For a centre (--centre): writes DIR/.github/workflows/cohort.yml (DIR default: .) for the
centre's own repository. The learners' repositories named are built in parallel jobs (a
job each, or beyond 200 learners several to a job: GitHub runs at most 256 jobs a run);
then \`portfolio cohort\` reads every built output, with the IQA's sampling plan, and
keeps the cohort page as the run's artifact. A repository that cannot be cloned or
built is listed by the cohort as not read, saying which. The learners' repositories are
read with the secret LEARNER_REPOS_TOKEN.

Both pin the version of portfolio that wrote them (PORTFOLIO_PACKAGE names another).
Nothing is written over: a file already there is named, and left as it is.

Exit status: 0 written; 2 the command cannot run (a file already there, a bad flag).`;

export async function ciCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("ci", args, {
    dir: { type: "string" }, centre: { type: "boolean", default: false }, out: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(ciHelp); return EXIT.ok; }
  const { githubCentreWorkflow } = await import("../../ci/templates.ts");
  const { ciFiles } = await import("../../workspace/new-workspace-files.ts");
  let root: string;
  let files: Array<{ path: string; content: string; about: string }>;
  if (values.centre) {
    if (values.dir !== undefined) throw new UsageError("--dir names a learner's workspace; a centre's file goes in --out", "portfolio ci --centre centre/learner-0193 centre/learner-0042 --out .");
    if (positionals.length === 0) throw new UsageError("Name each learner's repository, as OWNER/REPO", "portfolio ci --centre riverside/aisha-karimi-portfolio riverside/ben-osei-portfolio");
    const bad = positionals.find((r) => !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(r));
    if (bad) throw new UsageError(`"${bad}" is not a repository name as OWNER/REPO`, "Give each learner's repository as GitHub names it: riverside/aisha-karimi-portfolio");
    root = values.out ?? ".";
    files = [{ path: ".github/workflows/cohort.yml", content: githubCentreWorkflow(version(), positionals), about: `builds ${positionals.length} learners' repositories, then reads them with portfolio cohort` }];
  } else {
    if (positionals.length) throw new UsageError(`Unexpected argument '${positionals[0]}': repositories are named only with --centre`);
    if (values.out !== undefined) throw new UsageError("--out is for a centre's file (with --centre); a learner's go in the workspace", "portfolio ci --dir portfolio");
    root = workspaceDir(values.dir);
    if (!existsSync(join(root, "portfolio.yaml"))) throw new UsageError(`${root} is not a portfolio workspace (it has no portfolio.yaml)`, "Run it in your workspace, or give --dir.");
    files = ciFiles(version());
  }
  const there = files.find((f) => existsSync(join(root, f.path)));
  if (there) throw new UsageError(`${join(root, there.path)} is already there, and was left as it is`, "Delete it first to write it afresh (see what changed with git).");
  for (const file of files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content, { flag: "wx" });
    io.err(`Wrote ${relative(process.cwd(), path) || path}: ${file.about}`);
  }
  return EXIT.ok;
}
