import { extname } from "node:path";
import { describePlace, EvidenceReadError, type EvidenceText, type Passage } from "./evidence.ts";
import { readText } from "./formats/text.ts";
import { zipNames } from "./zip.ts";

/** What a file is, from its first bytes where it has a signature, else from its name. */
export type EvidenceKind =
  | "pdf" | "word" | "spreadsheet" | "presentation" | "opendocument" | "image" | "csv" | "markdown" | "text" | "drawing" | "web-page" | "email"
  | "archive" | "old-office" | "protected" | "outlook-message" | "binary-workbook" | "damaged" | "recording" | "unknown";

const TEXT_EXTENSIONS: Readonly<Record<string, EvidenceKind>> = {
  ".csv": "csv", ".tsv": "csv", ".tab": "csv",
  ".md": "markdown", ".markdown": "markdown",
  ".txt": "text", ".text": "text", ".log": "text", ".json": "text", ".xml": "text", ".yaml": "text", ".yml": "text", ".ics": "text", ".vcf": "text", ".rtf": "text",
  ".svg": "drawing", ".html": "web-page", ".htm": "web-page", ".xhtml": "web-page", ".mhtml": "text",
  ".eml": "email",
};
const RECORDINGS = /^\.(mp4|m4v|mov|avi|mkv|webm|wmv|mpg|mpeg|3gp|mp3|m4a|wav|ogg|oga|flac|aac|wma|amr|opus)$/i;
const ARCHIVES = /^\.(zip|7z|rar|tar|gz|tgz|bz2|xz)$/i;

export function evidenceKind(path: string, bytes: Uint8Array): EvidenceKind {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString("latin1");
  const ext = extname(path).toLowerCase();
  if (head.includes("%PDF-")) return "pdf";
  if (head.startsWith("PK\u0003\u0004") || head.startsWith("PK\u0005\u0006")) return zipKind(bytes, ext);
  if (head.startsWith("\u00d0\u00cf\u0011\u00e0")) return compoundKind(bytes, ext);
  if (head.startsWith("\u00ff\u00d8\u00ff") || head.startsWith("\u0089PNG") || head.startsWith("GIF8") || head.startsWith("II*\u0000") || head.startsWith("MM\u0000*")) return "image";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "image";
  if (head.slice(4, 8) === "ftyp" && /^(heic|heix|heif|hevc|mif1|msf1|avif)/.test(head.slice(8, 12))) return "image";
  if (RECORDINGS.test(ext) || head.slice(4, 8) === "ftyp" || head.startsWith("ID3") || head.startsWith("OggS") || head.startsWith("fLaC") || (head.startsWith("RIFF") && /WAVE|AVI /.test(head.slice(8, 12)))) return "recording";
  if (ARCHIVES.test(ext) || head.startsWith("7z\u00bc\u00af") || head.startsWith("Rar!") || head.startsWith("\u001f\u008b")) return "archive";
  const known = TEXT_EXTENSIONS[ext];
  if (known) return known;
  return looksLikeText(bytes) ? "text" : "unknown";
}

const OFFICE_EXTENSIONS = /^\.(docx|docm|dotx|xlsx|xlsm|xltx|xlsb|pptx|pptm|potx|ppsx|odt|ods|odp|ott|ots|otp)$/;

function zipKind(bytes: Uint8Array, ext: string): EvidenceKind {
  let names: string[];
  try {
    names = zipNames(bytes);
  } catch {
    return OFFICE_EXTENSIONS.test(ext) ? "damaged" : "archive";
  }
  if (names.includes("word/document.xml")) return "word";
  if (names.includes("xl/workbook.xml")) return "spreadsheet";
  if (names.includes("xl/workbook.bin")) return "binary-workbook";
  if (names.includes("ppt/presentation.xml")) return "presentation";
  if (names.includes("content.xml") || names.includes("mimetype")) return "opendocument";
  return OFFICE_EXTENSIONS.test(ext) ? "damaged" : "archive";
}

/** A Microsoft compound file: an Office file protected by a password, an Outlook message, or an old Office format. */
function compoundKind(bytes: Uint8Array, ext: string): EvidenceKind {
  // Stream names are stored in UTF-16 in the file's directory.
  const has = (name: string) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, "utf16le"));
  if (has("EncryptedPackage")) return "protected";
  if (ext === ".msg" || has("__substg1.0_")) return "outlook-message";
  return "old-office";
}

/** No NUL in the first 8 KB, where a binary format would have some (UTF-16 text is found by its byte order mark). */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return true;
  return !sample.includes(0);
}

/** Kinds known from a file's first bytes whose text is never read (readKind says why): the rest of such a file need not be loaded. */
export const NOT_READ: ReadonlySet<EvidenceKind> = new Set(["recording", "archive", "old-office", "protected", "outlook-message", "unknown"]);

/** Larger files are not read for names: the check says so. */
export const READ_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads an evidence file's text and metadata, whatever its format. Never throws for what
 * the file holds: a file that cannot be read comes back with no text and the reason in
 * the learner's words.
 */
export async function readEvidenceText(path: string, bytes: Uint8Array, depth = 0): Promise<EvidenceText> {
  const kind = evidenceKind(path, bytes);
  try {
    return await readKind(kind, path, bytes, depth);
  } catch (error) {
    const reason = error instanceof EvidenceReadError ? error.reason : `it could not be read (${error instanceof Error ? error.message : String(error)})`;
    return { format: FORMAT_NAMES[kind], passages: [], unread: reason };
  }
}

const FORMAT_NAMES: Readonly<Record<EvidenceKind, string>> = {
  pdf: "PDF", word: "Word document", spreadsheet: "spreadsheet", presentation: "presentation", opendocument: "OpenDocument file", image: "photo",
  csv: "CSV file", markdown: "Markdown file", text: "text file", drawing: "drawing", "web-page": "web page", email: "email",
  archive: "archive", "old-office": "Office file", protected: "file", "outlook-message": "Outlook message", "binary-workbook": "spreadsheet", damaged: "file", recording: "recording", unknown: "file",
};

async function readKind(kind: EvidenceKind, path: string, bytes: Uint8Array, depth: number): Promise<EvidenceText> {
  switch (kind) {
    // Each format's reader (and its parser: pdf.js, an XML or HTML parser, an unzipper) is
    // loaded when a file of that format is read, not at every start.
    case "pdf": return (await import("./formats/pdf.ts")).readPdf(bytes);
    case "word": return (await import("./formats/word.ts")).readWord(bytes);
    case "spreadsheet": return (await import("./formats/spreadsheet.ts")).readSpreadsheet(bytes);
    case "presentation": return (await import("./formats/presentation.ts")).readPresentation(bytes);
    case "opendocument": return (await import("./formats/opendocument.ts")).readOpenDocument(bytes);
    case "image": return (await import("./formats/image.ts")).readImage(bytes);
    case "csv": return (await import("./formats/csv.ts")).readCsv(bytes, extname(path).toLowerCase());
    case "markdown": return readText(bytes, "Markdown file");
    case "text": return readText(bytes);
    case "drawing": return (await import("./formats/markup.ts")).readMarkup(bytes, "drawing");
    case "web-page": return (await import("./formats/markup.ts")).readMarkup(bytes, "web page");
    case "email": {
      const [{ readEmail }, { htmlText }] = await Promise.all([import("./formats/email.ts"), import("./formats/markup.ts")]);
      return readEmail(bytes, htmlText, async (name, data) => {
        if (depth >= 2) return [];
        const inner = await readEvidenceText(name, data, depth + 1);
        const within = (passage: Passage): Passage => ({ text: passage.text, place: { kind: "part", part: `the attached file ${name}, ${describePlace(passage.place)}` } });
        return inner.passages.map(within);
      });
    }
    case "archive":
      throw new EvidenceReadError("it is an archive, whose files are not read; cite each file in it as evidence instead");
    case "old-office":
      throw new EvidenceReadError("it is in an old Office format (.doc, .xls, .ppt); save it as .docx, .xlsx or .pptx, or as a PDF");
    case "protected":
      throw new EvidenceReadError("it is protected by a password, so its text cannot be read; save a copy without the password");
    case "outlook-message":
      throw new EvidenceReadError("it is an Outlook message (.msg); save the message as .eml (or print it to PDF) instead");
    case "binary-workbook":
      throw new EvidenceReadError("it is an Excel binary workbook (.xlsb); save it as .xlsx instead");
    case "damaged":
      throw new EvidenceReadError(`it cannot be opened as the ${extname(path)} file its name says: it is damaged, incomplete or another kind of file renamed`);
    case "recording":
      throw new EvidenceReadError("it is a recording, and what is seen or heard in it cannot be checked; make sure nobody appears in it who has not agreed to");
    case "unknown":
      throw new EvidenceReadError(`its format${extname(path) ? ` (${extname(path)})` : ""} is not one that can be read; save it as a PDF, or in a format listed in the README`);
  }
}

