import { countBySeverity, sortDiagnostics, where, type Diagnostic } from "./diagnostic.ts";
import { showName } from "../text/invisible.ts";
import { terminalWidth, wrap } from "../text/wrap.ts";

export interface ReportOptions {
  /** Use ANSI colours (only when writing to a terminal that wants them). */
  color?: boolean;
  /**
   * The terminal's width, to wrap each finding to; by default the width of the terminal the
   * output goes to, if it goes to one. Without one (piped, redirected), a finding is a line.
   */
  width?: number | undefined;
}

/** Below this many columns for the message beside its position, the message goes under it. */
const NARROW = 32;

const ansi = { red: "\u001b[31m", yellow: "\u001b[33m", blue: "\u001b[34m", dim: "\u001b[2m", bold: "\u001b[1m", reset: "\u001b[0m" };

/**
 * Formats diagnostics the way vfile-reporter does: grouped under each file, positions and
 * severities aligned across the whole report, and a closing tally. On a terminal each
 * finding wraps to its width, continued under its message (or, when the terminal is too
 * narrow for that, under its position); piped, each finding is one line.
 *
 *   reflections/2026-01-14-mapping.md
 *     7:15  error  Unknown criterion `1.9` for unit R/600/9587, expected 1.1–1.3,
 *                  2.1–2.2 or 3.1–3.2; did you mean `1.3`?  criterion-unknown
 *
 *   1 error, 0 warnings
 */
export function formatReport(diagnostics: readonly Diagnostic[], options: ReportOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${ansi.reset}` : text);
  const width = "width" in options ? options.width : terminalWidth();
  const sorted = sortDiagnostics(diagnostics);
  const places = sorted.map(where);
  // Lines and columns are right-aligned across the report; places inside a file without
  // lines ("page 2", "sheet Contacts, cell B4") are left-aligned with the others of their file.
  const positionWidth = Math.max(0, ...sorted.filter((d) => !d.place).map((d) => where(d).length));
  const placeWidth = new Map<string, number>();
  for (const d of sorted) if (d.place) placeWidth.set(d.file, Math.max(placeWidth.get(d.file) ?? 0, d.place.length));
  const column = (d: Diagnostic, index: number) => (d.place ? places[index]!.padEnd(placeWidth.get(d.file)!) : places[index]!.padStart(positionWidth));
  const severityWidth = Math.max(0, ...sorted.map((d) => d.severity.length));

  const lines: string[] = [];
  let currentFile: string | undefined;
  sorted.forEach((d, index) => {
    if (d.file !== currentFile) {
      if (currentFile !== undefined) lines.push("");
      lines.push(paint(ansi.bold, showName(d.file)));
      currentFile = d.file;
    }
    const colour = d.severity === "error" ? ansi.red : d.severity === "warning" ? ansi.yellow : ansi.blue;
    const head = `  ${column(d, index)}  `;
    const severity = d.severity.padEnd(severityWidth);
    const indent = head.length + severity.length + 2;
    // Colours are added after wrapping, so they never count towards the width.
    const text = `${d.message}  ${d.rule}`;
    const painted = (line: string) => (line.endsWith(d.rule) ? `${line.slice(0, -d.rule.length)}${paint(ansi.dim, d.rule)}` : line);
    if (width === undefined || width - indent >= NARROW) {
      const [first, ...rest] = width === undefined ? [text] : wrap(text, width - indent);
      lines.push(`${head}${paint(colour, severity)}  ${painted(first!)}`, ...rest.map((line) => `${" ".repeat(indent)}${painted(line)}`));
    } else {
      lines.push(`${head}${paint(colour, d.severity)}  ${paint(ansi.dim, d.rule)}`, ...wrap(d.message, Math.max(width - 4, 20)).map((line) => `    ${line}`));
    }
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
