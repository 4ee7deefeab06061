import { distance } from "fastest-levenshtein";

/**
 * The valid id a learner most likely meant: fewest edits first (`1.10` → `1.1`), then the
 * numerically nearest (`1.9` → `1.3` when a unit has 1.1–1.3).
 */
export function nearestCriterion(written: string, valid: readonly string[]): string | undefined {
  const target = numbers(written);
  let best: string | undefined;
  let bestScore: [number, number, number] = [Infinity, Infinity, Infinity];
  for (const id of valid) {
    const parts = numbers(id);
    const score: [number, number, number] = [
      distance(written, id),
      Math.abs((parts[0] ?? 0) - (target[0] ?? 0)),
      Math.abs((parts[1] ?? 0) - (target[1] ?? 0)),
    ];
    if (score[0] < bestScore[0] || (score[0] === bestScore[0] && (score[1] < bestScore[1] || (score[1] === bestScore[1] && score[2] < bestScore[2])))) {
      best = id;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore[0] <= Math.max(2, written.length) ? best : undefined;
}

/** `1.1–1.3, 2.1–2.2 or 3.1–3.2`: each outcome's criteria as a range when they run on. */
export function describeIds(ids: readonly string[]): string {
  const groups: string[][] = [];
  for (const id of ids) {
    const last = groups.at(-1);
    const prev = last?.at(-1);
    if (last && prev && runsOn(prev, id)) last.push(id);
    else groups.push([id]);
  }
  const parts = groups.map((g) => (g.length === 1 ? g[0]! : `${g[0]}–${g.at(-1)}`));
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}`;
}

function runsOn(prev: string, next: string): boolean {
  const a = numbers(prev);
  const b = numbers(next);
  return a.length === 2 && b.length === 2 && a[0] === b[0] && b[1] === a[1]! + 1;
}

function numbers(id: string): number[] {
  return id.split(".").map((n) => Number.parseInt(n, 10)).filter((n) => !Number.isNaN(n));
}
