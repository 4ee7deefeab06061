import { allCriteria, type UnitSpec } from "./unit-spec.ts";

export interface SpecChange {
  kind: "added" | "removed" | "reworded";
  /** `outcome 2` or `criterion 2.1`. */
  what: string;
  before?: string;
  after?: string;
}

/** What an import would change in an existing spec: outcomes and criteria added, removed or reworded. */
export function diffSpecs(existing: UnitSpec, imported: UnitSpec): SpecChange[] {
  const changes: SpecChange[] = [];
  const compare = (what: string, before: Map<string, string>, after: Map<string, string>) => {
    for (const [id, text] of after) {
      const old = before.get(id);
      if (old === undefined) changes.push({ kind: "added", what: `${what} ${id}`, after: text });
      else if (old !== text) changes.push({ kind: "reworded", what: `${what} ${id}`, before: old, after: text });
    }
    for (const [id, text] of before) if (!after.has(id)) changes.push({ kind: "removed", what: `${what} ${id}`, before: text });
  };
  compare("outcome", new Map(existing.outcomes.map((o) => [o.id, o.text])), new Map(imported.outcomes.map((o) => [o.id, o.text])));
  compare("criterion", new Map(allCriteria(existing).map((c) => [c.id, c.text])), new Map(allCriteria(imported).map((c) => [c.id, c.text])));
  if (existing.title !== imported.title) changes.push({ kind: "reworded", what: "title", before: existing.title, after: imported.title });
  return changes;
}

export function formatChanges(changes: readonly SpecChange[]): string {
  return changes
    .map((c) =>
      c.kind === "reworded"
        ? `  ~ ${c.what} reworded\n      was: ${c.before}\n      now: ${c.after}`
        : `  ${c.kind === "added" ? "+" : "-"} ${c.what} ${c.kind}: ${c.kind === "added" ? c.after : c.before}`,
    )
    .join("\n");
}
