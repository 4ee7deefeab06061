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

/** A rule as readers use it: its module (rules/<id>.ts), which words what the reader found. */
export interface ReportedRule {
  readonly id: RuleId;
  readonly message: (facts: never) => string;
  readonly hint?: (facts: never) => string | undefined;
  readonly shared?: (facts: never) => string | undefined;
}

/** What a reader collected for the rule: the argument its `message` takes (none for a rule whose message is fixed). */
export type FactsOf<R extends ReportedRule> = Parameters<R["message"]>;

/**
 * A finding of `rule` at a place in `file`, from the facts the reader collected. The rule's
 * module words it, and its severity is the registry's: no reader decides what a finding
 * says or how bad it is, so the docs, the README's table and what is reported never drift.
 */
export function finding<R extends ReportedRule>(file: string, rule: R, at: Position, ...facts: FactsOf<R>): Diagnostic {
  const { message, shared } = wordsOf(rule, ...facts);
  return { file, line: at.line, column: at.column, severity: rules[rule.id].severity, rule: rule.id, message, ...(shared === undefined ? {} : { shared }) };
}

/**
 * The rule's words for what was found: its message, then "; " and its hint where it has one,
 * and the shared form where it has one. For findings made elsewhere than by `finding`: the
 * lint's own rules, which report through remark's messages.
 */
export function wordsOf<R extends ReportedRule>(rule: R, ...facts: FactsOf<R>): { message: string; shared?: string } {
  const say = (words: ((facts: never) => string | undefined) | undefined) => (words as ((...args: FactsOf<R>) => string | undefined) | undefined)?.(...facts);
  const hint = say(rule.hint);
  const shared = say(rule.shared);
  return { message: hint ? `${say(rule.message)}; ${hint}` : say(rule.message)!, ...(shared === undefined ? {} : { shared }) };
}

/** Collects diagnostics for one file, so readers only say which rule, where, and what they found. */
export class FileReport {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  add<R extends ReportedRule>(rule: R, at: Position, ...facts: FactsOf<R>): void {
    this.diagnostics.push(finding(this.file, rule, at, ...facts));
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
