import { rules, type RuleId } from "./rules.ts";

export type Severity = "error" | "warning" | "info";

/** A point in a source file, 1-based, counted over the whole file (front matter included). */
export interface Position {
  line: number;
  column: number;
}

/**
 * A finding about the learner's content, shaped like vfile-message: where, how bad,
 * which rule, and a message that says what was found, what was expected and what to do.
 */
export interface Diagnostic extends Position {
  /** Path relative to the workspace, with forward slashes. */
  file: string;
  /**
   * Where inside a file that has no lines (a PDF's page, a spreadsheet's cell, a photo's
   * metadata): "page 2", "sheet Contacts, cell B4". `line` and `column` are then 0.
   */
  place?: string;
  severity: Severity;
  rule: RuleId;
  message: string;
  /**
   * The message as what is shared shows it (the site's dashboard), where the message
   * itself quotes what must not be shared: a contact's id, a name, an email address.
   */
  shared?: string;
}

/**
 * A finding of `rule` at a place in `file`, its severity the registry's: no reader decides
 * how bad a finding is, so the README's table, the registry and what is reported never drift.
 */
export function finding(file: string, rule: RuleId, at: Position, message: string, shared?: string): Diagnostic {
  return { file, line: at.line, column: at.column, severity: rules[rule].severity, rule, message, ...(shared === undefined ? {} : { shared }) };
}

/** Collects diagnostics for one file, so rules only say where and what. */
export class FileReport {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  /** `shared`: the message without what must not be shared, for the site. */
  add(rule: RuleId, at: Position, message: string, shared?: string): void {
    this.diagnostics.push(finding(this.file, rule, at, message, shared));
  }
}

/** "12:5", or the place inside a file without lines ("page 2"). */
export function where(d: Diagnostic): string {
  return d.place ?? `${d.line}:${d.column}`;
}

/** "reflections/a.md:12:5", "evidence/minutes.pdf, page 2". */
export function located(d: Diagnostic): string {
  return d.place ? `${d.file}, ${d.place}` : `${d.file}:${d.line}:${d.column}`;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by file, then position, then severity: the order a reader walks a file in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      severityOrder[a.severity] - severityOrder[b.severity],
  );
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity] += 1;
  return counts;
}
