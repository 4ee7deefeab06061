import { readFileSync } from "node:fs";
import { asNoRoom, asUnusablePath, PortfolioError, UsageError } from "../errors.ts";
import { stopCleanlyOnSignals } from "../interrupt.ts";
import { packageFile } from "../package-root.ts";
import { EXIT, printError, processIo, type Io, type Tools } from "./cli-io.ts";

type Command = (args: string[], io: Io, tools: Tools) => Promise<number>;

/** Commands are loaded when run, so `check` never pays for loading Eleventy. */
const commands: Record<string, { load: () => Promise<Command>; summary: string }> = {
  check: { load: async () => (await import("./commands/check.ts")).checkCommand, summary: "check the workspace: criteria, markers, evidence, coverage" },
  build: { load: async () => (await import("./commands/build.ts")).buildCommand, summary: "check, then build the HTML site (into _site/)" },
  serve: { load: async () => (await import("./commands/serve.ts")).serveCommand, summary: "preview the site as you write, with live reload" },
  init: { load: async () => (await import("./commands/init.ts")).initCommand, summary: "start your own portfolio: a clean workspace in your name" },
  new: { load: async () => (await import("./commands/new.ts")).newCommand, summary: "start a reflection, laid out to write in" },
  pdf: { load: async () => (await import("./commands/pdf.ts")).pdfCommand, summary: "check, then print the portfolio to PDF (into _site/portfolio.pdf)" },
  keygen: { load: async () => (await import("./commands/sign.ts")).keygenCommand, summary: "make a signing key and certificate (PKCS#12)" },
  sign: { load: async () => (await import("./commands/sign.ts")).signCommand, summary: "sign the portfolio PDF as learner, assessor or IQA" },
  verify: { load: async () => (await import("./commands/verify.ts")).verifyCommand, summary: "check every signature of a portfolio PDF and what changed after it" },
  assess: { load: async () => (await import("./commands/assess.ts")).assessCommand, summary: "for an assessor: a decisions file to fill in, then the decisions signed into the PDF" },
  changes: { load: async () => (await import("./commands/changes.ts")).changesCommand, summary: "what a resubmission changed: files, and each reflection word by word" },
  feedback: { load: async () => (await import("./commands/feedback.ts")).feedbackCommand, summary: "store the assessor's decisions from the assessed PDF in your workspace" },
  spec: { load: async () => (await import("./commands/spec.ts")).specCommand, summary: "import a unit spec from its published text, or show one" },
  cohort: { load: async () => (await import("./commands/cohort.ts")).cohortCommand, summary: "for a centre: every learner's PDF at once, progress, gaps, assessment and verify state" },
  ci: { load: async () => (await import("./commands/ci.ts")).ciCommand, summary: "CI files: a learner's (GitHub Actions, GitLab CI), or a centre's that builds every learner" },
  bundle: { load: async () => (await import("./commands/bundle.ts")).bundleCommand, summary: "for an external verifier: the signed PDF, verifier edition and report in one zip" },
};

const WRITERS = new Set(["build", "pdf", "sign", "assess", "cohort", "bundle"]);

export function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "Usage: portfolio <command> [options]",
    "",
    "Reflective-account portfolios: Markdown reflections citing assessment criteria,",
    "checked against the unit specs and built into a site for assessors and verifiers.",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show this help, or a command's help: portfolio check --help",
    "  -v, --version  print the version",
    "",
    "Exit status: 0 done; 1 the content has errors (or a signature fails); 2 the command",
    "could not run as asked; 70 a bug in portfolio (please report it).",
  ].join("\n");
}

/** Without a renderer handed in, commands that write a site say so. */
const noSite: Tools = {
  site: () => { throw new Error("portfolio: no site renderer was handed to main(); bin/portfolio.js hands it Eleventy's"); },
};

/**
 * Runs the command line and returns the exit code (see EXIT); never throws. `tools` are
 * what bin/portfolio.js hands in: the site renderer.
 */
export async function main(argv: string[], io: Io = processIo, tools: Tools = noSite): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      io.out(help());
      return name === undefined ? EXIT.cannotRun : EXIT.ok;
    }
    if (name === "-v" || name === "--version") {
      io.out(version());
      return EXIT.ok;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`Unknown command "${name}"`, `Commands: ${Object.keys(commands).join(", ")}. Run \`portfolio --help\`.`);
    // Commands that write stop cleanly on Ctrl-C; the preview has its own handling.
    if (WRITERS.has(name) && io === processIo) stopCleanlyOnSignals(io.err);
    return await (await command.load())(rest, io, tools);
  } catch (thrown) {
    // A path that cannot be used is named as such, unless a message made for the case says more.
    const expected = thrown instanceof PortfolioError && thrown.exitCode !== EXIT.bug;
    const error = asNoRoom(thrown) ?? (expected ? undefined : asUnusablePath(thrown)) ?? thrown;
    printError(io, error);
    // Anything not expected, and so not a PortfolioError, is a bug in this program.
    return error instanceof PortfolioError ? error.exitCode : EXIT.bug;
  }
}
