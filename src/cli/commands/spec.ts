import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.ts";
import { formatReport } from "../../diagnostics/reporter.ts";
import { replaceFile } from "../../interrupt.ts";
import type { UnitSpec } from "../../spec/unit-spec.ts";
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
       portfolio spec import FILE... --check [--dir DIR]
       portfolio spec show URN [--dir DIR]

import  Reads unit specs as published: the spec's PDF itself, its web page saved as
        .html, a Word document, or its text copied from a browser or a PDF viewer (any
        awarding body's layout, the Ofqual Register's unit page included), and prints
        each as the workspace's unit spec, or writes
        DIR/<URN with / as ->.yaml (for example portfolio/units). What was not found
        (a reference number, a level) is a warning at its line, never a refusal.
        Before anything is written, a summary says what was read: the unit, its
        numbers, how many outcomes and criteria (first and last ids), what was not.
        An existing spec for the same unit is never replaced without --force; what
        would change (criteria added, removed or reworded) is shown instead.
show    Prints a unit's outcomes and criteria from the workspace.

Options:
  --out DIR        write the specs into DIR instead of printing them
  --format FORMAT  yaml (default) or json
  --force          replace an existing spec for the same unit
  --check          compare with the workspace's spec of the same unit; write nothing
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
    check: { type: "boolean", default: false },
    dir: { type: "string" },
    help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(specHelp); return EXIT.ok; }
  if (positionals.length === 0) throw new UsageError("No file to import", "Give the unit spec as published: portfolio spec import unit-21.pdf");
  if (values.check && (values.out || values.force)) throw new UsageError("--check writes nothing, so it takes neither --out nor --force", "Check first: portfolio spec import unit.pdf --check; then write: portfolio spec import unit.pdf --out portfolio/units");
  if (values.dir && !values.check) throw new UsageError("--dir names the workspace to compare with, for --check", "Use --out DIR to say where to write the spec.");
  const workspace = values.check ? await loadWorkspace(workspaceDir(values.dir)) : undefined;
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
    io.err(summary(file, spec, diagnostics));

    if (workspace) {
      const existing = spec.urn ? workspace.units.get(spec.urn) : undefined;
      const changes = existing ? diffSpecs(existing, spec) : [];
      // Shown as the learner would type it: relative below this folder, absolute elsewhere.
      const where = existing && join(workspace.dir, existing.file);
      const held = where && (relative(process.cwd(), where).startsWith("..") ? where : relative(process.cwd(), where));
      io.err(!spec.urn
        ? `Nothing to compare with: the text gives no reference number, and the workspace's units are found by theirs.`
        : !existing
          ? `The workspace (${workspace.dir}) has no spec for ${spec.urn}; import it with --out ${join(workspace.dir, "units")}.`
          : changes.length === 0
            ? `${held} holds ${spec.urn} as imported: the same title, outcomes and criteria.`
            : `${held} differs from the import:\n${formatChanges(changes)}`);
      if (!existing || changes.length > 0) status = EXIT.contentErrors;
      continue;
    }

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
    // Written whole or not at all: a spec replaced with --force is never left half written.
    await replaceFile(target, formatUnitSpecYaml(spec));
    const criteria = spec.outcomes.reduce((n, o) => n + o.criteria.length, 0);
    io.err(`Wrote ${target}: ${[spec.urn || "(no reference number yet)", spec.title].filter(Boolean).join(" ")}, ${spec.outcomes.length} outcomes, ${criteria} criteria`);
  }
  return status;
}

/**
 * What was read, to confirm before it is written: the unit, its numbers, the outcomes and
 * criteria with the first and last ids, and what was not found.
 */
function summary(file: string, spec: UnitSpec, diagnostics: readonly Diagnostic[]): string {
  const criteria = spec.outcomes.flatMap((o) => o.criteria);
  const missing = diagnostics.filter((d) => d.rule === "spec-field-missing").map((d) => d.message.replace(/^No /, "").replace(/ found.*$/, "").replace(/ \(such as .*\)$/, ""));
  return [
    `${file}: ${[spec.urn || "(no reference number)", spec.title || "(no title)"].join(" ")}`,
    `  level ${spec.level || "?"} · ${spec.credit || "?"} ${spec.credit === 1 ? "credit" : "credits"} · ${spec.glh || "?"} guided learning ${spec.glh === 1 ? "hour" : "hours"}`,
    `  ${spec.outcomes.length} ${spec.outcomes.length === 1 ? "outcome" : "outcomes"}, ${criteria.length} ${criteria.length === 1 ? "criterion" : "criteria"}${criteria.length ? ` (${criteria[0]!.id}${criteria.length > 1 ? ` to ${criteria.at(-1)!.id}` : ""})` : ""}${criteria.some((c) => c.grade) ? `, graded: ${["pass", "merit", "distinction"].map((g) => `${criteria.filter((c) => c.grade === g).length} ${g}`).join(", ")}` : ""}`,
    ...(missing.length ? [`  not found: ${missing.join(", ")} (see the warnings above)`] : []),
  ].join("\n");
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
