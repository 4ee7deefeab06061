import { EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";
import { entryText, unzip } from "../zip.ts";
import { paragraphsOf, propertiesOf, sweepParts } from "./office-xml.ts";

const BODY = "word/document.xml";

/**
 * A Word document (.docx): the body paragraph by paragraph, counted as Word's navigation
 * counts them (table cells' paragraphs included), with text kept in tracked deletions;
 * authors of tracked changes and comments; images' descriptions; headers, footers,
 * footnotes, comments and text boxes; and the document's properties.
 */
export function readWord(bytes: Uint8Array): EvidenceText {
  const entries = unzip(bytes, (name) => /\.(xml|html?|txt)$/i.test(name));
  const body = entryText(entries, BODY);
  if (body === undefined) throw new EvidenceReadError("it is not a Word document (it has no word/document.xml); it may be another kind of file renamed");
  const passages: Passage[] = [];
  paragraphsOf(body, BODY).forEach((p, i) => {
    const place = { kind: "paragraph", paragraph: i + 1 } as const;
    if (p.text.trim()) passages.push({ text: p.text, place });
    for (const author of p.authors) passages.push({ text: author, place: { kind: "metadata", of: `paragraph ${i + 1}`, field: "author of a tracked change or comment" } });
    for (const label of p.labels) passages.push({ text: label, place: { ...place, part: "an image's description" } });
  });
  passages.push(...sweepParts(entries, (name) => name === BODY), ...propertiesOf(entries));
  return { format: "Word document", passages };
}
