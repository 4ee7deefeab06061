import type { Position } from "../diagnostics/diagnostic.ts";
import { isRecordedAssessment, type RecordedAssessment } from "./recorded.ts";

/** Where assessments are kept in a workspace, as `portfolio feedback` stores them. */
export const ASSESSMENT_FOLDER = "assessment";

/**
 * An assessment as `portfolio feedback` keeps it in the learner's workspace: the record the
 * assessor signed, and what was assessed (the PDF, and the SHA-256 of each source file it
 * was built from, from the PDF's attached facts), so that `check` can tell which
 * reflections changed since. The signed PDF stays the authority; this is the learner's copy.
 */
export interface StoredAssessment extends RecordedAssessment {
  assessed: { pdf: string; sha256: string; build: string; sources: Record<string, string> };
}

/** The file's text: JSON, each criterion's decision on lines of its own, for findings to point at. */
export function storedText(stored: StoredAssessment): string {
  return `${JSON.stringify(stored, null, 2)}\n`;
}

/** A stored assessment read back, or why it cannot be: the file is in the workspace, so anyone may have edited it. */
export function readStoredAssessment(text: string): { stored: StoredAssessment } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const assessed = (value as { assessed?: Record<string, unknown> } | null)?.assessed;
  const sources = assessed?.sources;
  const ok = isRecordedAssessment(value) && typeof assessed === "object" && assessed !== null && typeof assessed.pdf === "string" && typeof assessed.sha256 === "string" && typeof assessed.build === "string" &&
    typeof sources === "object" && sources !== null && Object.values(sources).every((hash) => typeof hash === "string");
  return ok ? { stored: value as StoredAssessment } : { problem: "it is not an assessment as `portfolio feedback` stores one" };
}

/** Where a criterion's decision is in the stored file: the line of its id (storedText writes it so), else the file's start. */
export function decisionAt(text: string, unit: string, id: string): Position {
  const at = text.indexOf(`"unit": ${JSON.stringify(unit)},\n      "id": ${JSON.stringify(id)},`);
  if (at < 0) return { line: 1, column: 1 };
  const idAt = text.indexOf('"id"', at);
  const before = text.slice(0, idAt);
  return { line: before.split("\n").length, column: idAt - before.lastIndexOf("\n") };
}

/** The assessor's latest assessment of those stored (by date, then file name), if any. */
export function latestAssessment<T extends { file: string; stored: StoredAssessment }>(stored: readonly T[]): T | undefined {
  return [...stored].filter((s) => s.stored.role === "assessor").sort((a, b) => (a.stored.date === b.stored.date ? a.file.localeCompare(b.file) : a.stored.date < b.stored.date ? -1 : 1)).at(-1);
}
