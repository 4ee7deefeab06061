import { createRequire } from "node:module";
import type * as PdfLib from "pdf-lib";

/**
 * pdf-lib's single-file build, the same version as its package: its CommonJS entry is some
 * 300 files, which Node's ES module loader lexes one by one for their exports (125 ms at
 * each start of a build, a print or a signature, against 35 ms for this one file).
 */
const pdfLib = createRequire(import.meta.url)("pdf-lib/dist/pdf-lib.js") as typeof PdfLib;

export const { ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFOperator, PDFPage, PDFRawStream, PDFRef, PDFString } = pdfLib;
export type PDFArray = PdfLib.PDFArray;
export type PDFDict = PdfLib.PDFDict;
export type PDFDocument = PdfLib.PDFDocument;
export type PDFHexString = PdfLib.PDFHexString;
export type PDFName = PdfLib.PDFName;
export type PDFNumber = PdfLib.PDFNumber;
export type PDFObjectCopier = PdfLib.PDFObjectCopier;
export type PDFOperator = PdfLib.PDFOperator;
export type PDFPage = PdfLib.PDFPage;
export type PDFRawStream = PdfLib.PDFRawStream;
export type PDFRef = PdfLib.PDFRef;
export type PDFString = PdfLib.PDFString;
import type { LoadOptions } from "pdf-lib";
export type { LoadOptions, PDFObject } from "pdf-lib";

/**
 * pdf-lib, loaded and saved at full speed. By default it pauses for a timer tick (a
 * millisecond or more) every 100 objects it parses and every 50 it writes, to keep a
 * browser page responsive; a 9,800-page portfolio has about a million objects, so that
 * was minutes of waiting for nothing. Metadata is never touched on loading.
 */
export function loadPdf(bytes: Uint8Array, options: LoadOptions = {}): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest, ...options });
}

/** Saved with a classic cross-reference table, so signatures can be added as incremental updates. */
export function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY });
}

/** Every string in the document's dictionaries (metadata, bookmarks, link and field values), decoded. */
export function documentStrings(doc: PDFDocument): string {
  const parts: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const [, value] of object.entries()) if (value instanceof PDFString || value instanceof PDFHexString) parts.push(value.decodeText());
  }
  parts.push(doc.getTitle() ?? "", doc.getAuthor() ?? "", doc.getSubject() ?? "", doc.getKeywords() ?? "");
  return parts.join("\n");
}
