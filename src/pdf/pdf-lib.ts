import { ParseSpeeds, PDFDocument, type LoadOptions } from "pdf-lib";

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
