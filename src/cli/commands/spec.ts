import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatReport } from "../../diagnostics/reporter.ts";
import { PortfolioError, UsageError } from "../../errors.ts";
import { diffSpecs, formatChanges } from "../../spec/diff-specs.ts";
import { EvidenceReadError } from "../../evidence/evidence.ts";
import { importSpecFile } from "../../spec/import/import-spec.ts";
import { readUnitSpec } from "../../spec/read-unit-spec.ts";
import { formatUnitSpecJson, formatUnitSpecYaml, unitSpecFileName } from "../../spec/write-unit-spec.ts";
import { loadWorkspace } from "../../workspace/load-workspace.ts";
import { EXIT, oneOf, parseFlags, type Io } from "../cli-io.ts";
import { workspaceDir } from "../workspace-dir.ts";

export const specHelp = `Usage: portfolio spec import FILE... [--out DIR] [--format yaml|json] [--force]
       portfolio spec show URN [--dir DIR]

import  Reads unit specs as published: the spec's PDF itself, its web page saved as
        .html, a Word document, or its text copied from a browser or a PDF viewer (any
        awarding body's layout, the Ofqual Register's unit page included), and prints
        each as the workspace's unit spec, or writes
        DIR/<URN with / as ->.yaml (for example portfolio/units). What was not found
        (a reference number, a level) is a warning at its line, never a refusal.
        An existing spec for the same unit is never replaced without --force; what
        would change (criteria added, removed or reworded) is shown instead.
show    Prints a unit's outcomes and criteria from the workspace.

Options:
  --out DIR        write the specs into DIR instead of printing them
  --format FORMAT  yaml (default) or json
  --force          replace an existing spec for the same unit
  --dir DIR        the workspace, for show (default: the one this folder is in, else ./portfolio)
  -h, --help       show this help`;

export async function specCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") { io.out(specHelp); return sub === undefined ? EXIT.cannotRun : EXIT.ok; }
  if (sub === "import") return importCommand(rest, io);
  if (sub === "show") return showCommand(rest, io);
  throw new UsageError(`Unknown spec command "${sub}"`, "Use `portfolio spec import FILE...` or `portfolio spec show URN`.");
}

async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("spec", args, {
    out: { type: "string" },
    format: { type: "string" },
    force: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(specHelp); return EXIT.ok; }
  if (positionals.length === 0) throw new UsageError("No file to import", "Give the text of a unit spec: portfolio spec import unit-21.txt");
  const format = oneOf("format", values.format, ["yaml", "json"], "yaml");
  if (values.out && format === "json") throw new UsageError("--out writes the workspace's YAML specs; use --format json only to print");

  let status: number = EXIT.ok;
  for (const file of positionals) {
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `Cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
    const { spec, diagnostics } = await importSpecFile(bytes, relative(process.cwd(), file) || file).catch((error: unknown) => {
      // A PDF pdf.js cannot open (damaged, or locked with a password) says so.
      if (error instanceof EvidenceReadError) throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `Cannot read ${file}: ${error.message}`);
      throw error;
    });
    if (diagnostics.length > 0) io.err(formatReport(diagnostics, { color: io.color }));
    if (!spec || diagnostics.some((d) => d.severity === "error")) { status = EXIT.contentErrors; continue; }

    if (!values.out) {
      io.out(format === "json" ? formatUnitSpecJson(spec) : formatUnitSpecYaml(spec));
      continue;
    }
    // Without a reference number, named after its title until one is filled in.
    const found = spec.urn ? await findSpecFor(values.out, spec.urn) : undefined;
    const target = found ?? join(values.out, spec.urn ? unitSpecFileName(spec.urn) : `${spec.slug}.yaml`);
    if (existsSync(target) && !values.force) {
      const existing = readUnitSpec(target, await readFile(target, "utf8")).spec;
      const changes = existing ? diffSpecs(existing, spec) : [];
      io.err(existing && changes.length === 0
        ? `${target} already holds ${spec.urn} with the same outcomes and criteria; left as it is`
        : `${target} already exists and was left as it is${changes.length ? `; the import differs:\n${formatChanges(changes)}` : ""}\n  Run again with --force to replace it.`);
      if (changes.length > 0 || !existing) status = EXIT.contentErrors;
      continue;
    }
    await mkdir(values.out, { recursive: true });
    await writeFile(target, formatUnitSpecYaml(spec));
    const criteria = spec.outcomes.reduce((n, o) => n + o.criteria.length, 0);
    io.err(`Wrote ${target}: ${[spec.urn || "(no reference number yet)", spec.title].filter(Boolean).join(" ")}, ${spec.outcomes.length} outcomes, ${criteria} criteria`);
  }
  return status;
}

/** The file in `dir` that already describes `urn`, whatever it is called. */
async function findSpecFor(dir: string, urn: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = join(dir, name);
    if (readUnitSpec(file, await readFile(file, "utf8")).spec?.urn === urn) return file;
  }
  return undefined;
}

async function showCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("spec", args, {
    dir: { type: "string" },
    help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(specHelp); return EXIT.ok; }
  const urn = positionals[0];
  if (!urn) throw new UsageError("No unit given", "Name it by its reference number: portfolio spec show R/600/9587");
  const dir = workspaceDir(values.dir);
  const workspace = await loadWorkspace(dir);
  const unit = workspace.units.get(urn.toUpperCase());
  if (!unit) {
    throw new UsageError(`No spec for ${urn} in ${dir}/units`, `Units there: ${[...workspace.units.keys()].join(", ") || "none"}.`);
  }
  const lines = [`${unit.urn}  ${unit.title}`, `Level ${unit.level} · ${unit.credit} credits · ${unit.glh} guided learning hours${unit.evidence.simulationAllowed ? "" : " · simulation not allowed"}`, ""];
  for (const outcome of unit.outcomes) {
    lines.push(`${outcome.id}  ${outcome.text}`);
    for (const criterion of outcome.criteria) lines.push(`  ${criterion.id.padEnd(5)} ${criterion.text}`);
    lines.push("");
  }
  io.out(lines.join("\n"));
  return EXIT.ok;
}
