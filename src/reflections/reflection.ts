import type { Position } from "../diagnostics/diagnostic.ts";
import type { AcMarker, MisplacedMarker } from "../markdown/ac-markers.ts";
import type { Located } from "../yaml/fields.ts";

export const EVIDENCE_TYPES = ["observation", "professional-discussion", "witness-testimony", "product", "reflective-account", "simulation"] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const STATUSES = ["draft", "final"] as const;
export type Status = (typeof STATUSES)[number];

/** A criterion cited in front matter. */
export interface Citation {
  urn: string;
  /** Exactly as written: `1.10` is not `1.1`. */
  id: string;
  at: Position;
  /** Where the unit is named (the `unit:` value or the URN key); the id's place if implied. */
  unitAt: Position;
}

/** A marker in the body, with its file position and the unit it resolved to. */
export interface Marker extends AcMarker {
  at: Position;
  /** The reflection cites this id for several units and the marker does not say which. */
  ambiguous: boolean;
}

export interface Reflection {
  /** Relative to the workspace: `reflections/2026-01-14-mapping.md`. */
  file: string;
  slug: string;
  title: string;
  date: string;
  status: Status;
  /** The learner's own note: checked, but never in a build and never evidence. */
  private: boolean;
  evidenceType: Located<EvidenceType> | undefined;
  evidence: Array<Located<string>>;
  citations: Citation[];
  markers: Marker[];
  misplacedMarkers: Array<MisplacedMarker & { at: Position }>;
  /** The Markdown body, as written (for rendering again, for the PDF), and its first line in the file. */
  body: string;
  bodyStartLine: number;
  /** The rendered body, when the loader was asked to render. */
  html: string | undefined;
  /** Word count of the body, for the dashboard. */
  words: number;
}
