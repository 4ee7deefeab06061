/**
 * The anchors of the printed portfolio. Each is the target of a link, so Chromium writes a
 * named destination for it, from which its page is read.
 */
export const printIds = {
  cover: "cover",
  declaration: "declaration",
  contents: "contents",
  sinceAssessment: "since-assessment",
  map: (unitSlug: string) => `map-${unitSlug}`,
  mapCriterion: (unitSlug: string, id: string) => `map-${unitSlug}-${id.replace(/\./g, "-")}`,
  reflections: "reflections",
  reflection: (slug: string) => `r-${slug}`,
  marker: (slug: string, anchor: string) => `${slug}--${anchor}`,
  leftOut: "left-out",
  network: "network",
  appendices: "appendices",
  appendix: (n: number) => `appendix-${n}`,
  /** The block where a role's signature appears: its destination gives the block's top. */
  signature: (role: string) => `signature-${role}`,
  /** The page kept for a role's record of decisions (assessor, iqa); its box's top, as for signatures. */
  recordPage: (role: string) => `record-${role}-page`,
  record: (role: string) => `record-${role}`,
};

const mm = (n: number) => (n / 25.4) * 72;
/** The signature block (print.css `.signature`) and the page margins, in points. */
export const SIGNATURE_BLOCK = { height: mm(40), margin: mm(18) };
/** The box a record of decisions is drawn in (print.css `.record-box`), in points: it fits A4 and Letter. */
export const RECORD_BLOCK = { height: mm(200), margin: mm(18) };

/** Page numbers by anchor, once known; the first print uses a placeholder of the same width. */
export class PageNumbers {
  /**
   * @param pages page numbers once known
   * @param digits how wide the placeholder is before then: as wide as the real numbers will
   *   be, so the first print is laid out as the next, which usually settles it
   */
  constructor(private readonly pages: ReadonlyMap<string, number> | undefined, private readonly digits = 3) {}

  get known(): boolean {
    return this.pages !== undefined;
  }

  of(id: string): string {
    if (!this.pages) return "0".repeat(this.digits);
    const page = this.pages.get(id);
    return page === undefined ? "?" : String(page);
  }
}
