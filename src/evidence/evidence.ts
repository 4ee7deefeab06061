/**
 * What an evidence file holds, read the same way for every format: the text a reader of
 * the file sees, each piece with its place in the file; the metadata that travels with it
 * (a document's author, a photo's camera owner and position); and, when the file cannot
 * be read for names, why. The check, the PDF's appendices and the final privacy pass all
 * read evidence through this shape.
 */

/** Where a piece of text sits inside an evidence file, in the file's own terms. */
export type Place =
  /** A text file (plain text, Markdown, CSV): 1-based line and column. */
  | { kind: "line"; line: number; column: number; cell?: string }
  /** A PDF page, or something attached to it (a comment, a form field). */
  | { kind: "page"; page: number; detail?: string }
  /** A spreadsheet cell: `sheet Contacts, cell B4`. */
  | { kind: "cell"; sheet: string; cell: string }
  /** A paragraph of a word-processed document, counted from 1, or a part of it (a header). */
  | { kind: "paragraph"; paragraph: number; part?: string }
  | { kind: "slide"; slide: number; detail?: string }
  /** Document properties, photo metadata, an email's headers. */
  | { kind: "metadata"; of: string; field: string }
  /** Somewhere in a part of the file no structure above names (a Word file's comments). */
  | { kind: "part"; part: string }
  /** The name of a file attached to the document. */
  | { kind: "attachment"; name: string };

/** A run of text and where it is. A name never spans two passages' boundary unless it spans lines in the file. */
export interface Passage {
  text: string;
  place: Place;
}

export interface EvidenceText {
  /** "PDF", "Word document", "spreadsheet", "photo", ... as a learner would call it. */
  format: string;
  passages: Passage[];
  /**
   * Why the file could not be read for names, wholly or in part: "it is encrypted",
   * "pages 3 and 4 are images only (a scan)". Undefined when every part was read.
   */
  unread?: string | undefined;
  /** Where a photo was taken, from its GPS metadata. */
  location?: { latitude: number; longitude: number } | undefined;
  /** What reads as a person's name, by passage and place in it (authors cited as authors left out). */
  people?: Array<{ passage: number; index: number; text: string }>;
}

/** How an appendix shows an evidence file in the PDF. */
export type Rendering =
  | { kind: "tables"; sheets: Sheet[] }
  | { kind: "html"; html: string }
  | { kind: "text"; text: string }
  | { kind: "email"; headers: Array<[string, string]>; body: string; attachments: string[] }
  | { kind: "slides"; slides: Array<{ title: string; lines: string[]; notes: string[]; pictures: number }> }
  | { kind: "none"; reason: string };

export interface Sheet {
  name: string;
  /** Rows of cells as text; the first `headerRows` repeat on every printed page. */
  rows: string[][];
  headerRows: number;
  /** Rows past the limit, not shown. */
  omittedRows: number;
  /** Columns past the limit, not shown. */
  omittedColumns: number;
}

/** "page 2", "sheet Contacts, cell B4", "photo metadata: Artist". */
export function describePlace(place: Place): string {
  switch (place.kind) {
    case "line":
      return place.cell ? `line ${place.line}, cell ${place.cell}` : `line ${place.line}`;
    case "page":
      return place.detail ? `page ${place.page}, ${place.detail}` : `page ${place.page}`;
    case "cell":
      return `sheet ${place.sheet}, cell ${place.cell}`;
    case "paragraph":
      return place.part ? `${place.part}, paragraph ${place.paragraph}` : `paragraph ${place.paragraph}`;
    case "slide":
      return place.detail ? `slide ${place.slide}, ${place.detail}` : `slide ${place.slide}`;
    case "metadata":
      return `${place.of}: ${place.field}`;
    case "part":
      return place.part;
    case "attachment":
      return `the name of an attached file`;
  }
}

/**
 * The place of the character at `index` of a passage: for a text file, its own line and
 * column (counted in characters as an editor counts them); otherwise the passage's place.
 */
export function placeAt(passage: Passage, index: number): Place {
  const place = passage.place;
  if (place.kind !== "line") return place;
  const before = passage.text.slice(0, index);
  const newline = before.lastIndexOf("\n");
  if (newline === -1) return { ...place, column: place.column + [...before].length };
  let lines = 0;
  for (let k = before.indexOf("\n"); k !== -1; k = before.indexOf("\n", k + 1)) lines++;
  return { ...place, line: place.line + lines, column: [...before.slice(newline + 1)].length + 1 };
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export { letters as columnLetters } from "../text/format.ts";

/** What a reader may hold of one file: far above real evidence, far below what would exhaust memory. */
export const READ_LIMITS = {
  /** Uncompressed bytes taken out of one zip container (a Word file, a spreadsheet). */
  unzippedBytes: 256 * 1024 * 1024,
} as const;

/** A file that is not what its name says, or is damaged: said in the learner's words. */
export class EvidenceReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}
