import { countBySeverity, sortDiagnostics, where, type Diagnostic } from "./diagnostic.ts";
import { showName } from "../text/invisible.ts";

export interface ReportOptions {
  /** Use ANSI colours (only when writing to a terminal that wants them). */
  color?: boolean;
}

const ansi = { red: "\u001b[31m", yellow: "\u001b[33m", blue: "\u001b[34m", dim: "\u001b[2m", bold: "\u001b[1m", reset: "\u001b[0m" };

/**
 * Formats diagnostics the way vfile-reporter does: grouped under each file, columns
 * aligned across the whole report, and a closing tally.
 *
 *   reflections/2026-01-14-mapping.md
 *     7:15  error    Unknown criterion `1.9` for unit R/600/9587, ...  criterion-unknown
 *
 *   1 error, 0 warnings
 */
export function formatReport(diagnostics: readonly Diagnostic[], options: ReportOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ansi.reset}` : text);
  const sorted = sortDiagnostics(diagnostics);
  const places = sorted.map(where);
  const placeWidth = Math.max(0, ...places.map((p) => p.length));
  const severityWidth = Math.max(0, ...sorted.map((d) => d.severity.length));
  const messageWidth = Math.max(0, ...sorted.map((d) => d.message.length));

  const lines: string[] = [];
  let currentFile: string | undefined;
  sorted.forEach((d, index) => {
    if (d.file !== currentFile) {
      if (currentFile !== undefined) lines.push("");
      lines.push(paint(ansi.bold, showName(d.file)));
      currentFile = d.file;
    }
    const colour = d.severity === "error" ? ansi.red : d.severity === "warning" ? ansi.yellow : ansi.blue;
    lines.push(
      `  ${(places[index]!.includes(":") && !places[index]!.includes(" ") ? places[index]!.padStart(placeWidth) : places[index]!.padEnd(placeWidth))}  ${paint(colour, d.severity.padEnd(severityWidth))}  ` +
        `${d.message.padEnd(messageWidth)}  ${paint(ansi.dim, d.rule)}`,
    );
  });
  if (lines.length > 0) lines.push("");
  lines.push(formatTally(diagnostics));
  return lines.join("\n");
}

/** "2 errors, 3 warnings" (and infos when there are any). */
export function formatTally(diagnostics: readonly Diagnostic[]): string {
  const counts = countBySeverity(diagnostics);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [plural(counts.error, "error"), plural(counts.warning, "warning")];
  if (counts.info > 0) parts.push(plural(counts.info, "info"));
  return parts.join(", ");
}
