/** A name as people compare names: no accents, no case, words of letters and digits. */
export function simpleName(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** The same person's name, whatever the case, accents or spacing. */
export function sameName(a: string, b: string): boolean {
  return simpleName(a) === simpleName(b);
}

/** A name as part of a file name: `Zoë O'Neil` → `zoe-o-neil`. */
export function nameSlug(name: string): string {
  return simpleName(name).replace(/ /g, "-");
}
