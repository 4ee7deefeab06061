// Shadow attacks (NDSS 2021): portfolios prepared before signing, changed after it.
import { arrayItems, changedDict, forgedFooter, forgedTree, lyingCMap, nextNumber, pageDrawing } from "./objects.ts";
import { appearance, FORGED, HELVETICA, literal, paintText, rect, relative } from "./painting.ts";
import { forgerSigns, type Box, type Portfolio, type PortfolioFacts } from "./portfolio.ts";
import { appendUpdate, lastTrailer, stream, xrefSection, type PdfObject } from "./update-writer.ts";

export const HIDDEN = { assessor: "Assessor's decision: Distinction", iqa: "IQA sampled and agreed: Ruth Mensah" };

/** The portfolio prepared before signing with shadow objects, then signed by the learner. */
export interface ShadowPortfolio {
  signed: Buffer;
  /** Where the copies given no cross-reference entry start: page 2's footer drawing the forged result, page 2's font with a lying ToUnicode, the page tree with a forged page 2, an empty cover. */
  hidden: { footer: number; font: number; pages: number; emptyCover: number };
  /** Objects listed but used by nothing: a catalog whose page tree has a forged page 2, and that tree. */
  catalog: number;
  tree: number;
  /** The cover drawn over hidden text (an XObject), and the annotation covering more. */
  cover: number;
  coverAnnotation: number;
}

/**
 * Shadow attacks, prepared (NDSS 2021): before signing, one incremental update adds to the
 * unsigned PDF a copy of page 2's footer drawing the forged result, a copy of its font with
 * a lying ToUnicode CMap and a copy of the page tree with a forged page 2, none of them in the
 * cross-reference section (so no reader sees them); an unused catalog and page tree that
 * show the forged result; and, on page 2, text covered by a white XObject and a white
 * annotation. The learner then signs it as it looks.
 */
export async function shadowPortfolio(p: Portfolio): Promise<ShadowPortfolio> {
  const pdf = p.unsigned;
  const f = p.facts;
  const { page, boxes, footer, font } = f.declaration;
  const n = nextNumber(pdf);
  // forgedTree writes the tree, the forged page, its stream and a font: n to n + 3.
  const [tree, forgedPage, catalog, cmap, hiding, cover, coverAnnotation, coverAp] = [n, n + 1, n + 4, n + 5, n + 6, n + 8, n + 9, n + 10];
  // What signing writes next: the signature, its widget, its appearance and font, the new form.
  const [learnerWidget, learnerForm] = [n + 12, n + 15];
  const area = (box: Box): Box => [box[0] + 10, box[1] + 8, box[2] - 10, box[1] + 40];
  const white = (box: Box, paint = true) => {
    const [w, h] = [(box[2] - box[0]).toFixed(2), (box[3] - box[1]).toFixed(2)];
    return stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}]`, paint ? `1 1 1 rg 0 0 ${w} ${h} re f` : "");
  };
  const [ax, ay] = area(boxes.assessor);
  const hiddenText = `${paintText(boxes.assessor, [HIDDEN.assessor], { from: 18, color: "0.6 0 0" })} ${paintText(boxes.iqa, [HIDDEN.iqa], { from: 18, color: "0.6 0 0" })} q 1 0 0 1 ${ax.toFixed(2)} ${ay.toFixed(2)} cm /ShCover Do Q`;
  const [pageObject, ...hidingObjects] = await pageDrawing(pdf, page, hiding, hiddenText, { annots: [coverAnnotation] });
  const kids = (await arrayItems(pdf, f.pages, "Kids")).map((k) => (k === `${page} 0 R` ? `${forgedPage} 0 R` : k));
  // Shadow copies: written, but given no cross-reference entry.
  const hidden: PdfObject[] = [
    { num: footer, body: await forgedFooter(pdf, f) },
    { num: font.num, body: await changedDict(pdf, font.num, { ToUnicode: `${cmap} 0 R` }) },
    { num: f.pages, body: await changedDict(pdf, f.pages, { Kids: `[${kids.join(" ")}]` }) },
    { num: cover, body: white(area(boxes.assessor), false) },
  ];
  const objects: PdfObject[] = [
    { num: page, body: (pageObject!.body as string).replace(/\/XObject <<\s*/, `/XObject << /ShCover ${cover} 0 R `) },
    ...hidingObjects,
    { num: cover, body: white(area(boxes.assessor)) },
    { num: coverAnnotation, body: `<< /Type /Annot /Subtype /Square /Rect ${rect(area(boxes.iqa))} /F 4 /C [1 1 1] /IC [1 1 1] /BS << /W 0 >> /P ${page} 0 R /AP << /N ${coverAp} 0 R >> >>` },
    { num: coverAp, body: white(area(boxes.iqa)) },
    ...(await forgedTree(pdf, f, tree, paintText(boxes.assessor, [FORGED], { color: "0.6 0 0" }), { Annots: `[${learnerWidget} 0 R]` })),
    { num: catalog, body: await changedDict(pdf, f.root, { Pages: `${tree} 0 R`, AcroForm: `${learnerForm} 0 R` }) },
    { num: cmap, body: await lyingCMap(pdf, f) },
  ];
  // The cover is written twice: the empty copy first, so the white one is the copy listed.
  const prepared = appendUpdate(pdf, [...hidden, ...objects], { unlisted: [footer, font.num, f.pages] });
  const at = (num: number) => prepared.written.find((w) => w.num === num)!.offset;
  const signed = await forgerSigns(prepared.pdf, "learner", p.signers.learner.identity);
  const text = signed.toString("latin1", prepared.pdf.length);
  if (!new RegExp(`${learnerWidget} 0 obj\\s*<<\\s*/Type /Annot /Subtype /Widget /FT /Sig /T \\(learner\\)`).test(text) || !new RegExp(`${learnerForm} 0 obj\\s*<<[^\\n]*/Fields \\[${learnerWidget} 0 R\\]`).test(text)) {
    throw new Error("signing numbered its objects otherwise than the shadow catalog expects");
  }
  return { signed, hidden: { footer: at(footer), font: at(font.num), pages: at(f.pages), emptyCover: at(cover) }, catalog, tree, cover, coverAnnotation };
}

/**
 * Shadow hide-and-replace through an unused revision (NDSS 2021): before signing, the
 * unsigned PDF gains a copy of page 2's footer drawing the forged result, given no entry; a
 * revision whose cross-reference section lists only that copy; and a revision after it whose
 * /Prev skips it, so no reader uses it. The learner signs. Returns the signed file and where
 * the unused section starts.
 */
export async function unusedRevisionPortfolio(p: Portfolio): Promise<{ signed: Buffer; unusedSection: number }> {
  const { footer } = p.facts.declaration;
  const hidden = appendUpdate(p.unsigned, [{ num: footer, body: await forgedFooter(p.unsigned, p.facts) }], { unlisted: [footer] });
  const unused = appendUpdate(hidden.pdf, [], { entries: [{ num: footer, offset: hidden.written[0]!.offset }] });
  const skipping = appendUpdate(unused.pdf, [], { prev: hidden.xrefAt });
  return { signed: await forgerSigns(skipping.pdf, "learner", p.signers.learner.identity), unusedSection: unused.xrefAt };
}

/** An xref-only update whose /Prev is the unused section, re-listing the learner's revision as it is. */
export function prevToUnusedSection(signed: Buffer, unusedSection: number): Buffer {
  const learnerRevision = xrefSection(signed, lastTrailer(signed).startxref).filter((e) => e.num !== 0);
  return appendUpdate(signed, [], { prev: unusedSection, entries: learnerRevision }).pdf;
}

/**
 * The portfolio prepared before signing with a text field "grade" in the assessor's box whose
 * value is the forged result but whose appearance is blank, then signed by the learner.
 */
export async function textFieldPortfolio(p: Portfolio): Promise<{ signed: Buffer; form: number; field: number }> {
  const pdf = p.unsigned;
  const { page, boxes } = p.facts.declaration;
  const n = nextNumber(pdf);
  const [form, field, blank, helv] = [n, n + 1, n + 2, n + 3];
  const box = fieldBox(boxes.assessor);
  const prepared = appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [field] })),
    { num: form, body: `<< /Fields [${field} 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv ${helv} 0 R >> >> >>` },
    { num: field, body: `<< /Type /Annot /Subtype /Widget /FT /Tx /T (grade) /V ${literal(FORGED)} /DA (/Helv 11 Tf 0.6 0 0 rg) /F 4 /P ${page} 0 R /Rect ${rect(box)} /MK << >> /AP << /N ${blank} 0 R >> >>` },
    { num: blank, body: stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${(box[2] - box[0]).toFixed(2)} ${(box[3] - box[1]).toFixed(2)}]`, "") },
    { num: helv, body: HELVETICA.replace("/Type /Font", "/Type /Font /Name /Helv") },
    { num: p.facts.root, body: await changedDict(pdf, p.facts.root, { AcroForm: `${form} 0 R` }) },
  ]);
  return { signed: await forgerSigns(prepared.pdf, "learner", p.signers.learner.identity), form, field };
}

export const fieldBox = (box: Box): Box => [box[0] + 10, box[1] + 8, box[2] - 10, box[1] + 34];

/** The text field's value drawn into a new appearance stream, as form filling does. */
export async function fieldFilled(signed: Buffer, facts: PortfolioFacts, field: number): Promise<Buffer> {
  const n = nextNumber(signed);
  const box = fieldBox(facts.declaration.boxes.assessor);
  return appendUpdate(signed, [
    { num: field, body: await changedDict(signed, field, { AP: `<< /N ${n} 0 R >>` }) },
    { num: n, body: appearance(box, `/Tx BMC ${paintText(relative(box), [FORGED], { size: 11, from: 9, color: "0.6 0 0" }).replace("1 0 0 1 14", "1 0 0 1 2")} EMC`, n + 1) },
    { num: n + 1, body: HELVETICA },
  ]).pdf;
}
