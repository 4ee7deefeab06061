import type { StoredAssessment } from "../assessment/stored.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { EvidenceText } from "../evidence/evidence.ts";
import type { Register } from "../network/register.ts";
import type { Reflection } from "../reflections/reflection.ts";
import type { UnitSpec } from "../spec/unit-spec.ts";
import type { Located } from "../yaml/fields.ts";
import type { PortfolioConfig } from "./portfolio-config.ts";

/** What is known of one evidence path after looking at the file system. */
export type EvidenceFile =
  | { status: "ok"; path: string; absolute: string; bytes: number }
  | { status: "missing" | "outside-workspace" | "outside-folder"; path: string };

export interface EvidenceRef extends Located<string> {
  file: EvidenceFile;
}

export interface LoadedReflection extends Reflection {
  evidenceFiles: EvidenceRef[];
}

/** Everything read from a workspace, before any rule has compared it. */
export interface Workspace {
  /** Absolute path of the workspace folder. */
  dir: string;
  config: PortfolioConfig | undefined;
  /** Every readable unit spec, by URN (registered or not). */
  units: Map<string, UnitSpec>;
  /** URNs that more than one spec file claims, with the files. */
  duplicateUnits: Array<{ urn: string; file: string; firstFile: string; at: { line: number; column: number } }>;
  reflections: LoadedReflection[];
  /** Findings made while reading (syntax, fields). */
  diagnostics: Diagnostic[];
  /** The network register (empty when the workspace has none). */
  register: Register;
  /** What each evidence file cited by a shared reflection holds, by path. */
  evidence?: ReadonlyMap<string, EvidenceText>;
  /** SHA-256 of each file as it was read (portfolio.yaml, unit specs, reflections), by path. */
  hashes?: ReadonlyMap<string, string>;
  /** The learner's name as portfolio.yaml gives it, kept when an edition hides it. */
  learnerName?: string | undefined;
  /** The assessments `portfolio feedback` stored in assessment/, with their text (for positions). */
  assessments?: Array<{ file: string; text: string; stored: StoredAssessment }>;
}

/** The shared (not private) reflections of one status, in the PDF's order: by date, then file. */
export function inPrintOrder(reflections: readonly LoadedReflection[], status: "final" | "draft"): LoadedReflection[] {
  return reflections
    .filter((r) => !r.private && r.status === status)
    .sort((a, b) => (a.date === b.date ? a.file.localeCompare(b.file) : a.date < b.date ? -1 : 1));
}
