import type { Coverage } from "../../coverage/coverage.ts";
import { terminalWidth, wrap } from "../../text/wrap.ts";
import { formatReport } from "../../diagnostics/reporter.ts";
import { EXIT, oneOf, parseFlags, type Io } from "../cli-io.ts";
import { workspaceDir } from "../workspace-dir.ts";

export const checkHelp = `Usage: portfolio check [--dir DIR] [--format text|json] [--strict]

Checks a workspace: front matter, criteria against the unit specs, AC markers,
evidence files, and coverage of every registered criterion.

Options:
  --dir DIR          the workspace (default: the one this folder is in, else ./portfolio)
  --format FORMAT    text (default) or json
  --strict           treat warnings, gaps among them, as errors
  -h, --help         show this help

Exit status: 0 no errors, 1 errors found, 2 the check could not run, 70 a bug in
portfolio (please report it).`;

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags("check", args, {
    dir: { type: "string" },
    format: { type: "string" },
    strict: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(checkHelp); return EXIT.ok; }
  const format = oneOf("format", values.format, ["text", "json"], "text");

  // The reader, the rules and their parsers are loaded only to check (not for --help).
  const [{ loadWorkspace }, { checkWorkspace }, { coverageToJson }] = await Promise.all([import("../../workspace/load-workspace.ts"), import("../../check/check-workspace.ts"), import("../../coverage/coverage.ts")]);
  const workspace = await loadWorkspace(workspaceDir(values.dir));
  const result = checkWorkspace(workspace, { strict: values.strict ?? false });

  if (format === "json") {
    io.out(JSON.stringify({
      diagnostics: result.diagnostics.map(({ file, line, column, place, severity, rule, message }) => ({ file, line, column, ...(place ? { place } : {}), severity, rule, message })),
      coverage: coverageToJson(result.coverage),
    }, null, 2));
  } else {
    io.out(formatCoverageSummary(result.coverage));
    io.out(formatReport(result.diagnostics, { color: io.color }));
  }
  return result.errorCount > 0 ? EXIT.contentErrors : EXIT.ok;
}

/** One line per unit: a small bar, the count evidenced, and the gaps by id; wrapped to a terminal's width. */
export function formatCoverageSummary(coverage: Coverage, width = terminalWidth()): string {
  const bar = 20;
  const lines = coverage.units.map(({ unit, evidenced, total, criteria }) => {
    const filled = total === 0 ? bar : Math.round((evidenced / total) * bar);
    const gaps = criteria.filter((c) => c.evidence.length === 0).map((c) => c.criterion.id);
    return `${unit.urn}  ${"█".repeat(filled)}${"░".repeat(bar - filled)}  ${evidenced}/${total} criteria evidenced` +
      (gaps.length ? `  (gaps: ${gaps.join(", ")})` : "") + `  ${unit.title}`;
  });
  const shown = width === undefined ? lines : lines.flatMap((line) => wrap(line, Math.max(width, 40), 12));
  return shown.length ? `${shown.join("\n")}\n` : "";
}
