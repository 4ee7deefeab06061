import { printIds, RECORD_BLOCK, SIGNATURE_BLOCK } from "../pdf/print-ids.ts";
import { rectOf, showsSomething } from "./appearances.ts";
import { PdfRef } from "./pdf-reader/objects.ts";
import { PdfFile, type Revision } from "./pdf-reader/revisions.ts";
import { structure, type Page } from "./pdf-reader/structure.ts";
import { ROLES, roleTitles, type Role } from "./roles.ts";
import { PortfolioError } from "../errors.ts";

export type Box = [number, number, number, number];

/** No box was kept for the role's record: the PDF was made before records, or by another tool. */
export class NoRecordBoxError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(role: Role) {
    super("PORTFOLIO_NO_RECORD_BOX", `The PDF has no page kept for the ${roleTitles[role].toLowerCase()}'s record, so decisions cannot be drawn and signed into it`, {
      hint: `It was made by an older version of portfolio or by another tool: ask the learner to build it again, or countersign it without a record (\`portfolio sign --role ${role}\`).`,
    });
  }
}

/** A role's place on the page: its signature box on the declaration, or the box kept for its record of decisions. */
export interface RoleBox {
  role: Role;
  kind: "signature" | "record";
  page: Page;
  rect: Box;
}

/**
 * Each role's boxes, found by their named destinations (`signature-learner`,
 * `record-assessor` and so on): where `sign` places that role's signature and `assess`
 * its record, and where `verify` allows no other role's signature to be drawn.
 */
export function roleBoxes(revision: Revision, pages: readonly Page[]): RoleBox[] {
  const dests = revision.dict(revision.catalog()?.get("Dests"));
  if (!dests) return [];
  const boxes: RoleBox[] = [];
  const places = [
    ...ROLES.map((role) => ({ role, kind: "signature" as const, id: printIds.signature(role), block: SIGNATURE_BLOCK })),
    ...ROLES.map((role) => ({ role, kind: "record" as const, id: printIds.record(role), block: RECORD_BLOCK })),
  ];
  for (const { role, kind, id, block } of places) {
    const dest = revision.resolve(dests.get(id));
    const target = Array.isArray(dest) ? dest : revision.dict(dest) ? revision.array(revision.dict(dest)!.get("D")) : undefined;
    const pageRef = target?.[0];
    const page = pageRef instanceof PdfRef ? pages.find((p) => p.num === pageRef.num) : undefined;
    if (!target || !page) continue;
    // Chromium measures a destination from the page's edge as if there were no margins
    // (x is 0, y is one top margin too high); the block sits inside the margins.
    const topValue = revision.resolve(target[3]);
    const top = (typeof topValue === "number" ? topValue : 0) - block.margin;
    const box = revision.array(page.dict.get("MediaBox"))?.map((v) => revision.resolve(v));
    const pageWidth = box && typeof box[2] === "number" && typeof box[0] === "number" ? box[2] - box[0] : 595;
    boxes.push({ role, kind, page, rect: [block.margin, top - block.height, pageWidth - block.margin, top] });
  }
  return boxes;
}

/** The area two rectangles share, in square points. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const [ax1, ay1, ax2, ay2] = [Math.min(a[0]!, a[2]!), Math.min(a[1]!, a[3]!), Math.max(a[0]!, a[2]!), Math.max(a[1]!, a[3]!)];
  const [bx1, by1, bx2, by2] = [Math.min(b[0]!, b[2]!), Math.min(b[1]!, b[3]!), Math.max(b[0]!, b[2]!), Math.max(b[1]!, b[3]!)];
  return Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1)) * Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
}

export class RecordBoxUsedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(message: string, hint: string) {
    super("PORTFOLIO_RECORD_BOX_USED", message, { hint });
  }
}

/** The box kept for a role's record in this revision; there is no signing a record without one. */
export function recordBoxOf(revision: Revision, pages: readonly Page[], role: Role): RoleBox {
  const box = roleBoxes(revision, pages).find((b) => b.role === role && b.kind === "record");
  if (!box) throw new NoRecordBoxError(role);
  return box;
}

/**
 * The box a role's record is drawn in, from the PDF's latest revision: its page (1-based)
 * and size in points, for printing the record to fit. None kept (an older portfolio,
 * another tool's PDF) is refused before anything is printed or signed.
 */
export function recordBox(pdf: Uint8Array, role: Role): { page: number; size: { width: number; height: number } } {
  const latest = new PdfFile(pdf).latest;
  const { pages } = structure(latest);
  const box = recordBoxOf(latest, pages, role);
  const page = pages.indexOf(box.page) + 1;
  // The record would be drawn over it, and `verify` refuses a signature drawn over an earlier comment.
  for (const annot of box.page.annots) {
    const dict = latest.dict(annot);
    const rect = dict && rectOf(latest, dict);
    if (!dict || !rect || dict.name("Subtype") === "Popup" || !showsSomething(latest, dict) || overlap(rect, box.rect) <= 1) continue;
    throw new RecordBoxUsedError(`Something is already in the ${roleTitles[role].toLowerCase()}'s record box on page ${page} (a ${dict.name("Subtype") ?? "drawn"} annotation, such as a comment added in a PDF reader), and the record would cover it`,
      "Start again from the learner's PDF as they sent it, and keep comments out of the record's box. Nothing was written.");
  }
  return { page, size: { width: box.rect[2] - box.rect[0], height: box.rect[3] - box.rect[1] } };
}
