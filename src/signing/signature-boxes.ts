import { printIds, SIGNATURE_BLOCK } from "../pdf/print-ids.ts";
import { PdfRef } from "./pdf-reader/objects.ts";
import type { Revision } from "./pdf-reader/revisions.ts";
import type { Page } from "./pdf-reader/structure.ts";
import { ROLES, type Role } from "./roles.ts";

export type Box = [number, number, number, number];

/**
 * Each role's box on the declaration page, found by its named destination
 * (`signature-learner` and so on): where `sign` places that role's signature, and where
 * `verify` allows no other signature to be drawn.
 */
export function roleBoxes(revision: Revision, pages: readonly Page[]): Array<{ role: Role; page: Page; rect: Box }> {
  const dests = revision.dict(revision.catalog()?.get("Dests"));
  if (!dests) return [];
  const boxes: Array<{ role: Role; page: Page; rect: Box }> = [];
  for (const role of ROLES) {
    const dest = revision.resolve(dests.get(printIds.signature(role)));
    const target = Array.isArray(dest) ? dest : revision.dict(dest) ? revision.array(revision.dict(dest)!.get("D")) : undefined;
    const pageRef = target?.[0];
    const page = pageRef instanceof PdfRef ? pages.find((p) => p.num === pageRef.num) : undefined;
    if (!target || !page) continue;
    // Chromium measures a destination from the page's edge as if there were no margins
    // (x is 0, y is one top margin too high); the block sits inside the margins.
    const topValue = revision.resolve(target[3]);
    const top = (typeof topValue === "number" ? topValue : 0) - SIGNATURE_BLOCK.margin;
    const box = revision.array(page.dict.get("MediaBox"))?.map((v) => revision.resolve(v));
    const pageWidth = box && typeof box[2] === "number" && typeof box[0] === "number" ? box[2] - box[0] : 595;
    const { height, margin } = SIGNATURE_BLOCK;
    boxes.push({ role, page, rect: [margin, top - height, pageWidth - margin, top] });
  }
  return boxes;
}

/** The area two rectangles share, in square points. */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const [ax1, ay1, ax2, ay2] = [Math.min(a[0]!, a[2]!), Math.min(a[1]!, a[3]!), Math.max(a[0]!, a[2]!), Math.max(a[1]!, a[3]!)];
  const [bx1, by1, bx2, by2] = [Math.min(b[0]!, b[2]!), Math.min(b[1]!, b[3]!), Math.max(b[0]!, b[2]!), Math.max(b[1]!, b[3]!)];
  return Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1)) * Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
}
