// Annotations a reviewer adds, the way Acrobat writes them.
import { nextNumber, pageDrawing } from "./objects.ts";
import { literal, pdfDate, rect } from "./painting.ts";
import type { Box, PortfolioFacts } from "./portfolio.ts";
import { appendUpdate, stream } from "./update-writer.ts";

/**
 * A sticky note and its popup on the reflection page, as Acrobat writes them; or, with
 * `forged`, a note whose appearance is stretched over the reflection and paints text
 * there, or that runs JavaScript when clicked, as a forger would write one.
 */
export async function stickyNote(pdf: Buffer, facts: PortfolioFacts, text: string, forged: { paints?: string; action?: string } = {}): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, box } = facts.reflection;
  const [note, popup, icon] = [n, n + 1, n + 2];
  const at: Box = forged.paints ? box : [box[2] + 6, box[1] - 6, box[2] + 26, box[1] + 14];
  const drawing = forged.paints
    ? stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${(at[2] - at[0]).toFixed(2)} ${(at[3] - at[1]).toFixed(2)}] /Resources << /Font << /Fh << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>`, `1 g 0 0 ${(at[2] - at[0]).toFixed(2)} ${(at[3] - at[1]).toFixed(2)} re f 0 g BT /Fh 12 Tf 2 4 Td ${literal(forged.paints)} Tj ET`)
    : stream("/Type /XObject /Subtype /Form /BBox [0 0 20 20]", "1 0.82 0 rg 0 0 0 RG 1 1 18 18 re B 0 g 4 6 m 16 6 l 16 15 l 4 15 l h S");
  const stamp = pdfDate(new Date());
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [note, popup] })),
    { num: note, body: `<< /Type /Annot /Subtype /Text /Rect ${rect(at)} /Contents ${literal(text)} /T (Daniel Okafor) /M ${stamp} /CreationDate ${stamp} /NM (a3f1c2d4-note) /F 28 /C [1 0.82 0] /Name /Comment /Open false /P ${page} 0 R /Popup ${popup} 0 R /AP << /N ${icon} 0 R >>${forged.action ? ` /A << /S /JavaScript /JS ${literal(forged.action)} >>` : ""} >>` },
    { num: popup, body: `<< /Type /Annot /Subtype /Popup /Rect ${rect([at[2] + 4, at[1] - 80, at[2] + 184, at[1]])} /Parent ${note} 0 R /Open false /F 28 /P ${page} 0 R >>` },
    { num: icon, body: drawing },
  ]).pdf;
}

/**
 * A highlight over the reflection line and its popup, as Acrobat writes them; or, with
 * `opaque`, one whose appearance paints the line over in white instead of tinting it.
 */
export async function highlight(pdf: Buffer, facts: PortfolioFacts, comment: string, opaque = false): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, box } = facts.reflection;
  const [mark, popup, ap] = [n, n + 1, n + 2];
  const [x1, y1, x2, y2] = box;
  const stamp = pdfDate(new Date());
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [mark, popup] })),
    { num: mark, body: `<< /Type /Annot /Subtype /Highlight /Rect ${rect(box)} /QuadPoints [${[x1, y2, x2, y2, x1, y1, x2, y1].map((v) => v.toFixed(2)).join(" ")}] /C [1 1 0] /CA 1 /Contents ${literal(comment)} /T (Daniel Okafor) /M ${stamp} /CreationDate ${stamp} /NM (a3f1c2d4-highlight) /F 4 /P ${page} 0 R /Popup ${popup} 0 R /AP << /N ${ap} 0 R >> >>` },
    { num: popup, body: `<< /Type /Annot /Subtype /Popup /Rect ${rect([x2 + 4, y1 - 80, x2 + 184, y1])} /Parent ${mark} 0 R /Open false /F 28 /P ${page} 0 R >>` },
    { num: ap, body: opaque
      ? stream(`/Type /XObject /Subtype /Form /BBox ${rect(box)}`, `q 1 g ${x1.toFixed(2)} ${y1.toFixed(2)} ${(x2 - x1).toFixed(2)} ${(y2 - y1).toFixed(2)} re f Q`)
      : stream(`/Type /XObject /Subtype /Form /BBox ${rect(box)} /Resources << /ExtGState << /G0 << /BM /Multiply /CA 1 /ca 1 >> >> >>`, `q /G0 gs 1 1 0 rg ${x1.toFixed(2)} ${y1.toFixed(2)} ${(x2 - x1).toFixed(2)} ${(y2 - y1).toFixed(2)} re f Q`) },
  ]).pdf;
}
