import { seededRandom } from "../text/seeded-random.ts";
import type { CohortLearner } from "./cohort.ts";

/** Who the IQA samples, and why each. */
export interface SamplePlan {
  seed: number;
  /** The share of an assessor's assessed learners sampled, and of a new or flagged assessor's. */
  rate: number;
  flaggedRate: number;
  /** Assessors sampled at the higher rate: named as new, an IQA disagreed with, or a PDF of theirs not valid. */
  flagged: Array<{ assessor: string; why: string }>;
  picks: Array<{ candidateNumber: string; source: string; assessor: string; units: string[]; methods: string[]; reasons: string[]; iqaDone: boolean }>;
  /** Learners with no assessment recorded yet: nothing to sample. */
  notAssessed: string[];
}

/**
 * A sampling plan as a centre's strategy sets one (the "CAMERA" principles: candidates,
 * assessors, methods, evidence, records, assessment sites; risk-rated, as Highfield's
 * guidance on sampling strategies and plans puts it): every assessor sampled at least
 * once, every unit and every assessment method (the evidence's evidence_type) at least
 * once, then `rate` of each assessor's assessed learners, or
 * `flaggedRate` for an assessor who is new (named), whose decisions an IQA disagreed with,
 * or one of whose learners' PDFs is not valid. Learners are taken in an order shuffled by
 * `seed`, so the same cohort and seed give the same plan. A PDF built before the evidence
 * map carried methods gives none, and only its assessor and units count.
 */
export function samplePlan(learners: readonly CohortLearner[], options: { seed: number; rate?: number; flaggedRate?: number; newAssessors?: readonly string[] }): SamplePlan {
  const rate = options.rate ?? 0.15;
  const flaggedRate = options.flaggedRate ?? 0.5;
  const assessed = learners.filter((l) => l.assessment);
  const order = shuffled(assessed, options.seed);
  const assessors = [...new Set(assessed.map((l) => l.assessment!.by))].sort();
  const flagged = new Map<string, string>();
  for (const name of options.newAssessors ?? []) if (assessors.includes(name)) flagged.set(name, "new");
  for (const l of assessed) {
    const by = l.assessment!.by;
    if (flagged.has(by)) continue;
    if (l.iqa?.outcome === "disagree") flagged.set(by, `an IQA disagreed with their decisions for candidate ${l.candidateNumber}`);
    else if (l.verify.state !== "valid") flagged.set(by, `candidate ${l.candidateNumber}'s PDF is ${l.verify.state === "invalid" ? "not valid" : l.verify.state}`);
  }
  const picks = new Map<CohortLearner, string[]>();
  const pick = (learner: CohortLearner, reason: string) => picks.set(learner, [...(picks.get(learner) ?? []), reason]);

  for (const assessor of assessors) {
    const first = order.find((l) => l.assessment!.by === assessor)!;
    pick(first, `covers assessor ${assessor}`);
  }
  const units = [...new Set(assessed.flatMap((l) => l.units.map((u) => u.urn)))].sort();
  for (const urn of units) {
    if ([...picks.keys()].some((l) => l.units.some((u) => u.urn === urn))) continue;
    const first = order.find((l) => l.units.some((u) => u.urn === urn));
    if (first) pick(first, `covers unit ${urn}`);
  }
  // Every assessment method the assessed learners' evidence uses (CAMERA's "methods").
  const methods = [...new Set(assessed.flatMap((l) => l.methods))].sort();
  for (const method of methods) {
    if ([...picks.keys()].some((l) => l.methods.includes(method))) continue;
    const first = order.find((l) => l.methods.includes(method));
    if (first) pick(first, `covers method ${method.replace(/-/g, " ")}`);
  }
  for (const assessor of assessors) {
    const theirs = order.filter((l) => l.assessment!.by === assessor);
    const share = flagged.has(assessor) ? flaggedRate : rate;
    let sampled = theirs.filter((l) => picks.has(l)).length;
    for (const learner of theirs) {
      if (sampled >= Math.ceil(share * theirs.length)) break;
      if (picks.has(learner)) continue;
      pick(learner, `${Math.round(share * 100)}% of ${assessor}'s learners${flagged.has(assessor) ? " (new or flagged)" : ""}`);
      sampled++;
    }
  }
  return {
    seed: options.seed,
    rate,
    flaggedRate,
    flagged: [...flagged].map(([assessor, why]) => ({ assessor, why })),
    picks: [...picks]
      .map(([l, reasons]) => ({ candidateNumber: l.candidateNumber, source: l.source, assessor: l.assessment!.by, units: l.units.map((u) => u.urn), methods: l.methods, reasons, iqaDone: Boolean(l.iqa) }))
      .sort((a, b) => a.assessor.localeCompare(b.assessor) || a.candidateNumber.localeCompare(b.candidateNumber, "en", { numeric: true })),
    notAssessed: learners.filter((l) => !l.assessment).map((l) => l.candidateNumber),
  };
}

/** The plan as CSV for the IQA's spreadsheet: a row per learner to sample. */
export function samplePlanCsv(plan: SamplePlan): string {
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const rows = plan.picks.map((p) => [p.candidateNumber, p.assessor, p.units.join(" "), p.methods.join(" "), p.reasons.join("; "), p.iqaDone ? "yes" : "no", p.source].map(cell).join(","));
  return `${["candidate_number", "assessor", "units", "methods", "why_sampled", "iqa_recorded", "pdf"].join(",")}\n${rows.map((r) => `${r}\n`).join("")}`;
}

/** The learners in an order fixed by the seed (Fisher–Yates), after a stable sort by candidate. */
function shuffled<T extends CohortLearner>(items: readonly T[], seed: number): T[] {
  const out = [...items].sort((a, b) => a.candidateNumber.localeCompare(b.candidateNumber, "en", { numeric: true }) || a.source.localeCompare(b.source));
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
