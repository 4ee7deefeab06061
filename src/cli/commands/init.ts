import { statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { formatReport } from "../../diagnostics/reporter.ts";
import { PortfolioError, UsageError, whyUnreadable } from "../../errors.ts";
import { packageFile } from "../../package-root.ts";
import { readUnitSpec } from "../../spec/read-unit-spec.ts";
import { allCriteria, URN_PATTERN, type UnitSpec } from "../../spec/unit-spec.ts";
import { formatUnitSpecYaml } from "../../spec/write-unit-spec.ts";
import { misleadingInName } from "../../text/invisible.ts";
import { andList, closest } from "../../text/suggest.ts";
import { assertCanInit, writeWorkspace } from "../../workspace/init-workspace.ts";
import { shellWord } from "../../text/shell-word.ts";
import { version } from "../main.ts";
import { everydayCommands, newWorkspaceFiles, WORKSPACE_PATHS, type NewWorkspace } from "../../workspace/new-workspace-files.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";
import { canAsk, Questions, QuestionsStoppedError } from "../questions.ts";

export const initHelp = `Usage: portfolio init [DIR] [--learner NAME] [--candidate-number N] [--centre NAME]
         [--centre-number N] [--qualification TITLE] [--unit URN]... [--spec FILE]...
         [--assessor NAME]

Starts your own portfolio: makes DIR (default: portfolio) holding portfolio.yaml in your
name, the spec of each of your units in units/, empty reflections/ and evidence/ folders,
an empty network register, a .gitignore, a README, and CI files for GitHub Actions and
GitLab CI (check and build on each push, keeping the site and an unsigned PDF). On a terminal it asks for what the
options do not give; elsewhere every option but --assessor is needed. It never writes
over anything: DIR must be new or empty, and nothing is written until all is checked.

Options:
  --learner NAME          your full name, as registered
  --candidate-number N    your candidate number
  --centre NAME           your centre's name
  --centre-number N       your centre's number
  --qualification TITLE   the qualification's title
  --unit URN              a unit you are registered for whose spec ships with portfolio
                          (listed below); repeat it for each unit
  --spec FILE             a unit's spec to import from its published text (the text of its
                          PDF, or its web page saved as text), as \`portfolio spec import\`
                          reads it; repeat it for each unit
  --assessor NAME         your assessor's name (optional)
  -h, --help              show this help

Then, from the same folder: portfolio check, portfolio new "Title" --criteria 1.1,
portfolio serve, portfolio build (see DIR/README.md).`;

/** A unit as chosen: its spec as it will be written, and where it came from. */
type Chosen = NewWorkspace["units"][number];

/** A whole command line, to copy and change. */
const example = (dir: string) =>
  `portfolio init ${dir === "portfolio" ? "" : `${shellWord(dir)} `}--learner "Your Name" --candidate-number 1234 --centre "Your College" --centre-number 12345 --qualification "Level 4 NVQ Diploma in Business and Administration" --unit R/600/9587`;

/** The text fields, in the order they are asked for. */
const FIELDS = [
  { flag: "learner", question: "Your full name, as registered", needs: "your full name, as registered" },
  { flag: "candidate-number", question: "Your candidate number", needs: "your candidate number", example: "1234" },
  { flag: "centre", question: "Your centre's name", needs: "your centre's name" },
  { flag: "centre-number", question: "Your centre's number", needs: "your centre's number", example: "12345" },
  { flag: "qualification", question: "The qualification's title, as registered", needs: "the qualification's title" },
] as const;
const ASSESSOR = { flag: "assessor", needs: "your assessor's name" } as const;
type Field = (typeof FIELDS)[number] | typeof ASSESSOR;

export async function initCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("init", args, {
    learner: { type: "string" },
    "candidate-number": { type: "string" },
    centre: { type: "string" },
    "centre-number": { type: "string" },
    qualification: { type: "string" },
    unit: { type: "string", multiple: true },
    spec: { type: "string", multiple: true },
    assessor: { type: "string" },
    help: { type: "boolean", short: "h" },
  }, true);
  const shipped = await shippedUnits();
  if (values.help) { io.out(`${initHelp}\n\nUnit specs that ship with portfolio:\n${listUnits(shipped)}`); return EXIT.ok; }
  if (positionals.length > 1) throw new UsageError(`One folder is needed, not ${positionals.length} (${positionals.join(", ")})`, 'Quote a folder name with spaces: portfolio init "my portfolio"');
  const dir = positionals[0] ?? "portfolio";

  // Everything the flags give is checked first, then the folder, before anything is asked.
  const answers = new Map<string, string>();
  for (const field of [...FIELDS, ASSESSOR]) {
    const value = values[field.flag];
    if (value !== undefined) answers.set(field.flag, checkText(field, value, `--${field.flag}`));
  }
  const units: Chosen[] = [];
  for (const urn of values.unit ?? []) addUnit(units, fromShipped(urn, shipped, "--unit"));
  for (const file of values.spec ?? []) addUnit(units, await importFile(file, io, "--spec"));
  await assertCanInit(dir, WORKSPACE_PATHS);

  const missing = FIELDS.filter((f) => !answers.has(f.flag)).map((f) => `--${f.flag}`);
  if (units.length === 0) missing.push("--unit (or --spec)");
  if (missing.length > 0) {
    if (!canAsk()) {
      throw new UsageError(`${andList(missing)} ${missing.length === 1 ? "is" : "are"} needed (no terminal to ask on), so nothing was written`, `For example: ${example(dir)}`);
    }
    const asked = await ask(dir, answers, units, shipped, values.assessor !== undefined, io);
    if (asked !== EXIT.ok) return asked;
  }

  const workspace: NewWorkspace = {
    learner: { name: answers.get("learner")!, candidateNumber: answers.get("candidate-number")! },
    centre: { name: answers.get("centre")!, number: answers.get("centre-number")! },
    qualification: answers.get("qualification")!,
    units,
    assessor: answers.get("assessor") || undefined,
  };
  const files = newWorkspaceFiles(workspace, basename(resolve(dir)), version());
  await writeWorkspace(dir, files);
  io.err(made(dir, files, workspace));
  return EXIT.ok;
}

/** Asks for what the flags did not give, again after an answer that cannot be used. Ctrl-C stops with nothing written. */
async function ask(dir: string, answers: Map<string, string>, units: Chosen[], shipped: Shipped[], assessorGiven: boolean, io: Io): Promise<number> {
  const questions = new Questions();
  const until = async <T>(question: string, check: (answer: string) => T | Promise<T>): Promise<T> => {
    for (;;) {
      const answer = await questions.ask(`${question}: `);
      try {
        return await check(answer);
      } catch (error) {
        if (!(error instanceof PortfolioError)) throw error;
        questions.say([error.message, ...(error.hint ? [error.hint] : [])].map((line) => `  ${line}`).join("\n"));
      }
    }
  };
  try {
    questions.say(`Making your portfolio in ${shown(dir) === "." ? "this folder" : `${shown(dir)}/`}. Press Ctrl-C to stop; nothing is written until the end.\n`);
    for (const field of FIELDS) {
      if (!answers.has(field.flag)) answers.set(field.flag, await until(field.question, (answer) => checkText(field, answer)));
    }
    if (units.length === 0) {
      questions.say(`\nThe units whose specs ship with portfolio:\n${listUnits(shipped, true)}`);
      questions.say("Give yours by number or reference number, separated by commas; for a unit not listed, give the file of its spec's published text.");
      const chosen = await until("Your units", (answer) => unitsFromAnswer(answer, shipped, io));
      units.push(...chosen);
    }
    if (!assessorGiven) {
      const assessor = await until("Your assessor's name (press Enter to leave it out)", (answer) => (answer ? checkText(ASSESSOR, answer) : ""));
      if (assessor) answers.set("assessor", assessor);
    }
    questions.say("");
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof QuestionsStoppedError)) throw error;
    io.err(`\nportfolio: ${error.interrupted ? "stopped" : "the input ended before every question was answered"}; nothing was written`);
    return error.interrupted ? 130 : EXIT.cannotRun;
  } finally {
    questions.close();
  }
}

/** A text answer, trimmed; a UsageError in a sentence when it cannot be used. */
function checkText(field: Field, raw: string, flag?: string): string {
  const value = raw.trim();
  const subject = flag ? `${flag} ${JSON.stringify(raw)}` : JSON.stringify(raw);
  if (!value) throw new UsageError(flag ? `${flag} is empty: give ${field.needs}` : `An answer is needed: ${field.needs}`);
  const misleading = misleadingInName(value);
  if (misleading) throw new UsageError(`${subject} holds ${misleading}, often pasted in from a web page or a document; type it again`);
  // The schema takes any text; a number holds digits, perhaps letters, and at most a space, - or / between them.
  if ("example" in field && !/^(?=.*\d)[A-Za-z0-9](?:[A-Za-z0-9 /-]{0,18}[A-Za-z0-9])?$/.test(value)) {
    throw new UsageError(`${subject} is not ${field.needs.replace(/^your /, "a ")}: write it as on your registration, in letters and digits, such as ${field.example}`);
  }
  return value;
}

/** A unit's spec as shipped with portfolio, read from the package's own sample units. */
interface Shipped {
  spec: UnitSpec;
  yaml: string;
}

async function shippedUnits(): Promise<Shipped[]> {
  const dir = packageFile("portfolio", "units");
  const names = (await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_SHIPPED_UNITS_MISSING", `The unit specs that ship with portfolio cannot be read from ${dir}: ${whyUnreadable(error)}`, { hint: "Install portfolio again; its package holds them in portfolio/units/." });
  })).filter((n) => /\.ya?ml$/.test(n)).sort();
  const units = await Promise.all(names.map(async (name) => {
    const yaml = await readFile(join(dir, name), "utf8");
    const { spec } = readUnitSpec(`units/${name}`, yaml);
    return spec ? [{ spec, yaml }] : [];
  }));
  return units.flat();
}

function listUnits(shipped: Shipped[], numbered = false): string {
  return shipped.map((u, i) => `  ${numbered ? `${i + 1}  ` : ""}${u.spec.urn}  ${u.spec.title}`).join("\n");
}

function chosenOf(spec: UnitSpec, yaml: string, from: string): Chosen {
  return { urn: spec.urn, title: spec.title, yaml, from, firstCriterion: allCriteria(spec)[0]?.id ?? "1.1" };
}

/** A shipped unit by its reference number, or a UsageError naming the nearest and listing what ships. */
function fromShipped(written: string, shipped: Shipped[], flag?: string): Chosen {
  const urn = written.trim().toUpperCase();
  const subject = flag ? `${flag} ${JSON.stringify(written)}` : JSON.stringify(written);
  if (!URN_PATTERN.test(urn)) throw new UsageError(`${subject} is not a unit reference number, which is written like R/600/9587`);
  const unit = shipped.find((u) => u.spec.urn === urn);
  if (unit) return chosenOf(unit.spec, unit.yaml, "ships with portfolio");
  const guess = closest(urn, shipped.map((u) => u.spec.urn), 3);
  const another = flag ? "import its spec from its published text with --spec FILE" : "give the file of its spec's published text";
  throw new UsageError(
    `No spec for unit ${urn} ships with portfolio` + (guess ? `; did you mean ${guess}?` : ""),
    `The specs that ship: ${shipped.map((u) => `${u.spec.urn} ${u.spec.title}`).join("; ")}. For another unit, ${another}.`,
  );
}

/** Two choices of one unit are one; an imported spec is kept over the shipped copy. */
function addUnit(units: Chosen[], unit: Chosen): void {
  const index = units.findIndex((u) => u.urn === unit.urn);
  if (index === -1) units.push(unit);
  else if (unit.from !== "ships with portfolio") units[index] = unit;
}

/** The units answer: numbers from the list, reference numbers, or a spec's text file, in any mix. */
async function unitsFromAnswer(answer: string, shipped: Shipped[], io: Io): Promise<Chosen[]> {
  if (!answer) throw new UsageError("At least one unit is needed");
  const units: Chosen[] = [];
  // Commas separate; so do spaces, except in the name of a file that is there.
  const words = answer.split(",").map((part) => part.trim()).filter(Boolean).flatMap((part) => (isFile(part) ? [part] : part.split(/\s+/)));
  for (const word of words) {
    if (/^\d+$/.test(word)) {
      const unit = shipped[Number(word) - 1];
      if (!unit) throw new UsageError(`There is no unit ${word} in the list; choose 1 to ${shipped.length}`);
      addUnit(units, chosenOf(unit.spec, unit.yaml, "ships with portfolio"));
    } else if (isFile(word)) {
      addUnit(units, await importFile(word, io));
    } else {
      addUnit(units, fromShipped(word, shipped));
    }
  }
  return units;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The published spec could not be read as one, so nothing was written. Exit code 1: the file's content is at fault. */
class SpecNotImportedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(file: string) {
    super("PORTFOLIO_SPEC_NOT_IMPORTED", `${file} could not be imported as a unit spec (see above), so nothing was written`, {
      hint: "Check that it is the unit spec's text as published; `portfolio spec import FILE` shows what it reads.",
    });
  }
}

/** A unit from its spec's published text, read as `portfolio spec import` reads it; the importer's findings are printed. */
async function importFile(file: string, io: Io, flag?: string): Promise<Chosen> {
  const source = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `Cannot read ${file}${flag ? ` (${flag})` : ""}: ${whyUnreadable(error)}`);
  });
  const shownFile = relative(process.cwd(), resolve(file)) || file;
  const { importSpec } = await import("../../spec/import/import-spec.ts");
  const { spec, diagnostics } = importSpec(source, shownFile);
  if (diagnostics.length > 0) io.err(formatReport(diagnostics, { color: io.color }));
  if (!spec || diagnostics.some((d) => d.severity === "error")) throw new SpecNotImportedError(shownFile);
  return chosenOf(spec, formatUnitSpecYaml(spec), `imported from ${shownFile}`);
}

/** What was made, and what to run next, from where the learner is. */
function made(dir: string, files: ReturnType<typeof newWorkspaceFiles>, workspace: NewWorkspace): string {
  const rows = files.map((f) => [f.path.replace(/\/\.gitkeep$/, "/"), f.about] as const);
  const width = Math.max(...rows.map(([path]) => path.length));
  // The commands find the workspace from here when it is here, or `portfolio/` here.
  const fromHere = relative(process.cwd(), resolve(dir));
  const dirFlag = fromHere === "" || fromHere === "portfolio" ? "" : ` --dir ${shellWord(fromHere)}`;
  const next = everydayCommands(workspace, dirFlag);
  const commandWidth = Math.max(...next.map(([c]) => c.length));
  return [
    `Made your portfolio in ${shown(dir) === "." ? "this folder" : `${shown(dir)}/`}:`,
    ...rows.map(([path, about]) => `  ${path.padEnd(width)}  ${about}`),
    "",
    "Next, from this folder:",
    ...next.map(([command, what]) => `  ${command.padEnd(commandWidth)}  ${what}`),
    "",
    `${join(shown(dir), "README.md")} says what each folder is for.`,
  ].join("\n");
}

function shown(dir: string): string {
  return relative(process.cwd(), resolve(dir)) || ".";
}
