import { FileReport, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Coverage } from "../coverage/coverage.ts";
import type { Workspace } from "../workspace/workspace.ts";

/** What every rule gets: the workspace as read, its coverage, and a report per file. */
export class CheckContext {
  readonly registered: ReadonlySet<string>;
  readonly #reports = new Map<string, FileReport>();
  readonly #added: Diagnostic[] = [];

  constructor(readonly workspace: Workspace, readonly coverage: Coverage) {
    this.registered = new Set(workspace.config?.units.map((u) => u.value) ?? []);
  }

  report(file: string): FileReport {
    let report = this.#reports.get(file);
    if (!report) this.#reports.set(file, (report = new FileReport(file)));
    return report;
  }

  /** Findings made whole by a rule (with a place inside a file that has no lines). */
  add(...diagnostics: Diagnostic[]): void {
    this.#added.push(...diagnostics);
  }

  get diagnostics() {
    return [...[...this.#reports.values()].flatMap((r) => r.diagnostics), ...this.#added];
  }

  /** Whether the unit is registered and has the criterion. */
  hasCriterion(urn: string, id: string): boolean {
    return this.registered.has(urn) && (this.workspace.units.get(urn)?.outcomes.some((o) => o.criteria.some((c) => c.id === id)) ?? false);
  }
}
