import { decodeAnyText } from "../decode-any-text.ts";
import type { EvidenceText } from "../evidence.ts";

/** Plain text and Markdown: the whole text, placed by line and column. */
export function readText(bytes: Uint8Array, format = "text file"): EvidenceText {
  return { format, passages: [{ text: decodeAnyText(bytes), place: { kind: "line", line: 1, column: 1 } }] };
}
