import { allCriteria, type Criterion, type Outcome, type UnitSpec } from "../spec/unit-spec.ts";
import type { LoadedReflection, Workspace } from "../workspace/workspace.ts";

/** One reflection's evidence for one criterion: the reflection, and the marked places in it. */
export interface EvidenceLink {
  reflection: LoadedReflection;
  /** Anchors of the markers for this criterion in the reflection (may be empty). */
  anchors: string[];
}

export interface CriterionCoverage {
  criterion: Criterion;
  outcome: Outcome;
  /** Final reflections that cite it: these count. */
  evidence: EvidenceLink[];
  /** Draft reflections that cite it: shown, but they do not count. */
  drafts: EvidenceLink[];
}

export interface UnitCoverage {
  unit: UnitSpec;
  criteria: CriterionCoverage[];
  evidenced: number;
  total: number;
}

export interface Coverage {
  units: UnitCoverage[];
  /** Registered criteria with no final evidence. */
  gaps: Array<{ unit: UnitSpec; entry: CriterionCoverage }>;
}

/**
 * Computes coverage once for the whole workspace: which final reflections evidence each
 * criterion of each registered unit. Citations of unknown criteria or unregistered units
 * simply match nothing here; the rules report them.
 */
export function computeCoverage(workspace: Workspace): Coverage {
  const registered = workspace.config?.units.map((u) => u.value) ?? [];
  const byCriterion = new Map<string, { evidence: EvidenceLink[]; drafts: EvidenceLink[] }>();
  const key = (urn: string, id: string) => `${urn}\u0000${id}`;

  // A private reflection is the learner's own note: it is neither evidence nor a draft.
  const ordered = workspace.reflections.filter((r) => !r.private).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.file < b.file ? -1 : 1));
  for (const reflection of ordered) {
    const seen = new Set<string>();
    for (const citation of reflection.citations) {
      const k = key(citation.urn, citation.id);
      if (seen.has(k)) continue;
      seen.add(k);
      const anchors = reflection.markers.filter((m) => m.urn === citation.urn && m.id === citation.id).map((m) => m.anchor!);
      const entry = byCriterion.get(k) ?? { evidence: [], drafts: [] };
      (reflection.status === "final" ? entry.evidence : entry.drafts).push({ reflection, anchors });
      byCriterion.set(k, entry);
    }
  }

  const units: UnitCoverage[] = [];
  const gaps: Coverage["gaps"] = [];
  for (const urn of registered) {
    const unit = workspace.units.get(urn);
    if (!unit) continue;
    const criteria = unit.outcomes.flatMap((outcome) =>
      outcome.criteria.map((criterion): CriterionCoverage => {
        const found = byCriterion.get(key(urn, criterion.id));
        return { criterion, outcome, evidence: found?.evidence ?? [], drafts: found?.drafts ?? [] };
      }),
    );
    for (const entry of criteria) if (entry.evidence.length === 0) gaps.push({ unit, entry });
    units.push({ unit, criteria, evidenced: criteria.filter((c) => c.evidence.length > 0).length, total: allCriteria(unit).length });
  }
  return { units, gaps };
}

/**
 * The JSON form of coverage, as `portfolio check --format json` prints it: each unit's
 * criteria with their evidence, each link as `link` gives it (by default its file and title).
 */
export function coverageToJson<E = { file: string; title: string }>(coverage: Coverage, link: (evidence: EvidenceLink) => E = ({ reflection }) => ({ file: reflection.file, title: reflection.title }) as E) {
  return {
    units: coverage.units.map(({ unit, criteria }) => ({
      urn: unit.urn,
      title: unit.title,
      criteria: criteria.map(({ criterion, evidence }) => ({
        id: criterion.id,
        text: criterion.text,
        evidence: evidence.map(link),
      })),
    })),
  };
}
