import { buildSpec, type ImportResult } from "./build-spec.ts";
import { readPdfText } from "./read-pdf-text.ts";
import { readWebPage } from "./read-web-page.ts";

/** The web page form has `## Section` headings or `<p>` paragraphs; PDF text has neither. */
export function detectForm(source: string): "web-page" | "pdf-text" {
  return /^##\s/m.test(source) || /<p\b[^>]*>/i.test(source) ? "web-page" : "pdf-text";
}

/** Reads a published unit spec in either form and makes the workspace's spec of it. */
export function importSpec(source: string, file: string): ImportResult {
  const raw = detectForm(source) === "web-page" ? readWebPage(source) : readPdfText(source);
  return buildSpec(raw, file);
}
