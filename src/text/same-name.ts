/** The same person's name, whatever the case, accents or spacing. */
export function sameName(a: string, b: string): boolean {
  const simple = (name: string) => name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  return simple(a) === simple(b);
}
