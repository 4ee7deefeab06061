import type { AttachedFacts } from "../signing/attached-facts.ts";

/**
 * What a resubmission changed since an earlier PDF of the same portfolio, from what each
 * carries (its sources' hashes and evidence map), with no workspace: the files changed,
 * added and removed, and each criterion whose evidence is new or changed, with the pages
 * of the new PDF to read again.
 */
export interface Since {
  buildId: string;
  changed: string[];
  added: string[];
  removed: string[];
  /** Criteria now evidenced by a reflection that is new to them or changed, and where to read it; `before` says whether anything evidenced it then. */
  criteria: Array<{ urn: string; id: string; before: boolean; pages: number[]; files: string[] }>;
  /** Criteria evidenced before and no longer. */
  lost: Array<{ urn: string; id: string }>;
}

/** The files changed, added and removed between two sets of sources' hashes (by path), each sorted. */
export function sourceChanges(was: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): { changed: string[]; added: string[]; removed: string[] } {
  return {
    changed: Object.keys(now).filter((f) => was[f] !== undefined && was[f] !== now[f]).sort(),
    added: Object.keys(now).filter((f) => was[f] === undefined).sort(),
    removed: Object.keys(was).filter((f) => now[f] === undefined).sort(),
  };
}

export function sinceEarlier(earlier: AttachedFacts, later: AttachedFacts): Since {
  const { changed, added, removed } = sourceChanges(earlier.sources, later.sources);
  const touched = new Set([...changed, ...added]);
  const evidence = (facts: AttachedFacts) => new Map((facts.evidenceMap?.units ?? []).flatMap((u) => u.criteria.map((c) => [`${u.urn} ${c.id}`, { urn: u.urn, id: c.id, evidence: c.evidence }] as const)));
  const [before, after] = [evidence(earlier), evidence(later)];
  const criteria: Since["criteria"] = [];
  for (const [key, { urn, id, evidence: list }] of after) {
    const then = new Set((before.get(key)?.evidence ?? []).map((e) => e.file));
    const fresh = list.filter((e) => !then.has(e.file) || touched.has(e.file));
    if (fresh.length) criteria.push({ urn, id, before: then.size > 0, pages: [...new Set(fresh.flatMap((e) => e.pages))].sort((a, b) => a - b), files: fresh.map((e) => e.file) });
  }
  const lost = [...before].filter(([key, c]) => c.evidence.length > 0 && (after.get(key)?.evidence.length ?? 0) === 0).map(([, c]) => ({ urn: c.urn, id: c.id }));
  return { buildId: earlier.buildId, changed, added, removed, criteria, lost };
}
