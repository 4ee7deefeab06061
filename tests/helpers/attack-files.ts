// Forgeries of signed portfolios, written byte by byte the way the published attacks are
// (pdf-insecurity.org; Mainka, Mladenov, Rohlmann, Schwenk, "Shadow Attacks", NDSS 2021;
// Mladenov et al., "1 Trillion Dollar Refund", CCS 2019). They start from a PDF our tool made
// and signed. The attacker's tools are a text editor, a PDF library to read with, openssl,
// and, where a forger needs a signature of their own, our signing code. Nothing here judges a
// signature: `portfolio verify` does, and the tests ask it.
//
// The helpers live in ./attacks/, one responsibility a file; this index gathers what the tests use.
export { appendUpdate, lastTrailer, stream, xrefSection, xrefTable, type PdfObject, type Trailer, type Update, type UpdateOptions, type XrefEntry } from "./attacks/update-writer.ts";
export { BYTE_RANGE_SLOT, fillByteRange, signaturesIn, type SignatureBytes } from "./attacks/signature-bytes.ts";
export {
  certificateAuthorities, forgerSigns, identityOf, pageRender, pageText, pdfsigVerdict, REFLECTION_LINE, run, signedPortfolio, signer,
  type Authorities, type Box, type Cli, type Portfolio, type PortfolioFacts, type Run, type Signer,
} from "./attacks/portfolio.ts";
export { changedDict, forgedFooter, formWithFields, lyingCMap, nextNumber, objectBody, pageDrawing, streamData } from "./attacks/objects.ts";
export { appearance, FORGED, FORGED_GLYPHS, glyphString, HELVETICA, literal, paintText, rect, relative, signedLines } from "./attacks/painting.ts";

// =======================================================================================
// The forgeries, by the class of attack that publishes them

export {
  annotationAdded, annotationRemoved, contentChanged, fontReplaced, freshXref, objectHolding, objectOffsets, pageAdded, pagesReplaced, signatureRewritten, universalForgery, wrapped,
} from "./attacks/usf-isa-swa.ts";
export { replayed, signatureAlgorithmSwapped, sneakySignature } from "./attacks/spoofing.ts";
export { fieldBox, fieldFilled, HIDDEN, prevToUnusedSection, shadowPortfolio, textFieldPortfolio, unusedRevisionPortfolio, type ShadowPortfolio } from "./attacks/shadow.ts";
export { catalogWithDss, objectInSignatureGap, openActionAdded } from "./attacks/listed.ts";
export { highlight, stickyNote } from "./attacks/reviewer-annotations.ts";
