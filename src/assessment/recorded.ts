import type { Role } from "../signing/roles.ts";
import type { EvidenceMap } from "./evidence-map.ts";

/** An assessor's decision on a criterion, and on the portfolio as a whole. */
export const DECISIONS = ["met", "not-yet"] as const;
/** An IQA's decision on a criterion they sampled, and on the assessment as a whole. */
export const IQA_DECISIONS = ["agree", "disagree"] as const;
export type Decision = (typeof DECISIONS)[number] | (typeof IQA_DECISIONS)[number];

/** The decisions a role records: the assessor's on the portfolio, the IQA's on the assessor's decisions. */
export function decisionsOf(role: Role): readonly Decision[] {
  return role === "iqa" ? IQA_DECISIONS : DECISIONS;
}

/** The decision that needs feedback saying why: not yet met, or a disagreement. */
export const needsFeedback = (decision: Decision) => decision === "not-yet" || decision === "disagree";

/** An assessor's decisions on one portfolio (or an IQA's on the criteria they sampled), as read from their file and checked against its PDF. */
export interface Decisions {
  outcome: Decision;
  feedback: string;
  criteria: Array<{ urn: string; id: string; decision: Decision; feedback: string }>;
  /** Feedback on reflections, by file name as in reflections/. */
  reflections: Array<{ file: string; feedback: string }>;
}

/**
 * An assessor's (or IQA's) decisions as they are signed into the PDF: in the signature's
 * dictionary, for `verify` to read, and drawn as the signature's appearance on the page
 * kept for them. This is what `verify --format json` shows as `assessment`.
 */
export interface RecordedAssessment {
  role: Role;
  assessor: string;
  /** The day of signing, YYYY-MM-DD. */
  date: string;
  outcome: Decision;
  feedback: string;
  criteria: Array<{ unit: string; id: string; decision: Decision; feedback: string }>;
  reflections: Array<{ file: string; feedback: string }>;
}

/** The decisions as recorded, in the portfolio's order of units and criteria. */
export function recordedAssessment(decisions: Decisions, map: EvidenceMap, signer: { name: string; role: Role; date: Date }): RecordedAssessment {
  const order = map.units.flatMap((unit) => unit.criteria.map((c) => `${unit.urn} ${c.id}`));
  const criteria = [...decisions.criteria].sort((a, b) => order.indexOf(`${a.urn} ${a.id}`) - order.indexOf(`${b.urn} ${b.id}`));
  return {
    role: signer.role,
    assessor: signer.name,
    date: signer.date.toISOString().slice(0, 10),
    outcome: decisions.outcome,
    feedback: decisions.feedback,
    criteria: criteria.map((c) => ({ unit: c.urn, id: c.id, decision: c.decision, feedback: c.feedback })),
    reflections: decisions.reflections,
  };
}

/** What a signature's dictionary carries is the signer's, but the file may be anyone's: checked, never trusted. */
export function isRecordedAssessment(value: unknown): value is RecordedAssessment {
  const v = value as Record<string, unknown> | null;
  const text = (x: unknown) => typeof x === "string";
  if (typeof v !== "object" || v === null || (v.role !== "assessor" && v.role !== "iqa")) return false;
  const decision = (x: unknown) => decisionsOf(v.role as Role).includes(x as Decision);
  const list = (x: unknown, each: (item: Record<string, unknown>) => boolean) => Array.isArray(x) && x.every((item) => typeof item === "object" && item !== null && each(item as Record<string, unknown>));
  return text(v.assessor) && text(v.date) && decision(v.outcome) && text(v.feedback) &&
    list(v.criteria, (c) => text(c.unit) && text(c.id) && decision(c.decision) && text(c.feedback)) &&
    list(v.reflections, (r) => text(r.file) && text(r.feedback));
}

