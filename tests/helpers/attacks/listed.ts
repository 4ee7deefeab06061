// What the issue lists as accepted before: changes the verifier must now refuse.
import { changedDict, forgedFooter, forgedTree, nextNumber } from "./objects.ts";
import { FORGED, literal, paintText } from "./painting.ts";
import type { PortfolioFacts } from "./portfolio.ts";
import { signaturesIn } from "./signature-bytes.ts";
import { appendUpdate, stream } from "./update-writer.ts";

/**
 * A new catalog, made the trailer's /Root, with a page tree whose page 2 shows the forged
 * result, and a /DSS whose arrays reach the new catalog and the page tree: everything new is
 * "reachable from the validation data".
 */
export async function catalogWithDss(pdf: Buffer, facts: PortfolioFacts, certificate: Uint8Array): Promise<Buffer> {
  const n = nextNumber(pdf);
  const [catalog, cert, tree] = [n, n + 1, n + 2];
  const dss = `<< /Certs [${cert} 0 R] /CRLs [${catalog} 0 R] /OCSPs [${tree} 0 R] >>`;
  return appendUpdate(pdf, [
    { num: catalog, body: await changedDict(pdf, facts.root, { Pages: `${tree} 0 R`, DSS: dss }) },
    { num: cert, body: stream("", Buffer.from(certificate)) },
    ...(await forgedTree(pdf, facts, tree, paintText(facts.declaration.boxes.assessor, [FORGED], { color: "0.6 0 0" }))),
  ], { trailer: { Root: `${catalog} 0 R` } }).pdf;
}

/** An update that adds JavaScript run when the document opens, to the catalog. */
export async function openActionAdded(pdf: Buffer, facts: PortfolioFacts, script: string): Promise<Buffer> {
  return appendUpdate(pdf, [{ num: facts.root, body: await changedDict(pdf, facts.root, { OpenAction: `<< /S /JavaScript /JS ${literal(script)} >>` }) }]).pdf;
}

/** An xref entry for page 2's footer pointing inside the zero padding of the last signature's /Contents, where the forged stream is written. */
export async function objectInSignatureGap(pdf: Buffer, facts: PortfolioFacts): Promise<Buffer> {
  const sig = signaturesIn(pdf).at(-1)!;
  const out = Buffer.from(pdf);
  const object = Buffer.concat([Buffer.from(`${facts.declaration.footer} 0 obj\n`, "latin1"), await forgedFooter(pdf, facts), Buffer.from("\nendobj\n", "latin1")]);
  const at = sig.contentsEnd - 2 - object.length - 64;
  if (!/^0+$/.test(out.toString("latin1", at - 64, sig.contentsEnd - 1))) throw new Error("the signature's padding is too short for the object");
  object.copy(out, at);
  return appendUpdate(out, [], { entries: [{ num: facts.declaration.footer, offset: at }] }).pdf;
}
