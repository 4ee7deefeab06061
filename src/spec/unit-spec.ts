import type { Position } from "../diagnostics/diagnostic.ts";

/** A "may include" note from the spec's guidance column. */
export interface Guidance {
  heading: string;
  items: string[];
}

export interface Criterion {
  /** As published: `1.1`, `3.10`. */
  id: string;
  text: string;
  guidance: Guidance[];
  /** Where the id is written in the unit's file, for findings such as gaps. */
  at: Position;
  /** A graded criterion's grade (BTEC's P1, M1, D1); absent for a criterion that is simply met. */
  grade?: "pass" | "merit" | "distinction";
}

export interface Outcome {
  id: string;
  text: string;
  guidance: Guidance[];
  criteria: Criterion[];
}

export interface NosMapping {
  standard: string;
  code: string;
  title: string;
}

/** One unit specification, as published by the awarding body. */
export interface UnitSpec {
  /** Unit reference number, e.g. `R/600/9587`. */
  urn: string;
  title: string;
  ocrUnitNumber: string | undefined;
  sectorUnitNumber: string | undefined;
  level: number;
  credit: number;
  glh: number;
  aim: string;
  outcomes: Outcome[];
  guidance: Guidance[];
  evidence: {
    /** False when the spec says "Simulation is not allowed for this unit". */
    simulationAllowed: boolean;
    requirements: string | undefined;
    examples: string[];
  };
  assessment: string | undefined;
  nos: NosMapping[];
  /** The spec's file, relative to the workspace, and where its URN is written. */
  file: string;
  urnAt: Position;
  /** URL-safe name: `r-600-9587`. */
  slug: string;
}

export function unitSlug(urn: string): string {
  return urn.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function allCriteria(unit: UnitSpec): Criterion[] {
  return unit.outcomes.flatMap((outcome) => outcome.criteria);
}

/** URNs look like `R/600/9587`: a letter, three digits, four digits. */
export const URN_PATTERN = /^[A-Z]\/\d{3}\/\d{4}$/;
