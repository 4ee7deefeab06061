import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { decodeHTML } from "entities";
import { PortfolioError } from "../errors.ts";
import { inLanes } from "../lanes.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { Workspace } from "../workspace/workspace.ts";

export type Edition = "learner" | "verifier";

/** A name that must not be shared, and what to call it in an error (never the name itself). */
export interface Protected {
  name: string;
  label: string;
}

export class PrivacyLeakError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(leaks: ReadonlyArray<{ file: string; label: string }>) {
    const list = leaks.slice(0, 10).map((l) => `${l.label} in ${l.file}`).join("; ");
    super("PORTFOLIO_PRIVACY_LEAK", `A name that must not be shared is in what was built, so nothing was replaced: ${list}${leaks.length > 10 ? ` and ${leaks.length - 10} more` : ""}`, {
      hint: "Refer to the person as @id in reflections, and rename or redact evidence files that name them. The previous site and PDF are as they were.",
    });
  }
}

const TEXT = new Set([".html", ".htm", ".json", ".css", ".txt", ".md", ".csv", ".svg", ".xml", ".js"]);

/** One pass over a text finds every protected name in it. */
function matcher(names: readonly Protected[]): NameMatcher<string> {
  return new NameMatcher(names.map((p) => ({ text: p.name, anyCase: true, key: p.label })));
}

/** Names that must not be shared: contacts without consent, and in the verifier edition the learner's. */
export function protectedNames(workspace: Workspace, edition: Edition): Protected[] {
  const names = workspace.register.contacts.filter((c) => !c.consent).map((c) => ({ name: c.name, label: `the name of contact @${c.id}` }));
  if (edition === "verifier" && workspace.learnerName) names.push({ name: workspace.learnerName, label: "the learner's name (verifier edition)" });
  return names;
}

/** Leaks in texts held in memory (a PDF about to be written, its report). */
export async function findLeaksIn(
  items: ReadonlyArray<{ file: string; text?: string; pdf?: Uint8Array; pdfStrings?: string }>,
  protectedNames: readonly Protected[],
): Promise<Array<{ file: string; label: string }>> {
  const leaks: Array<{ file: string; label: string }> = [];
  if (protectedNames.length === 0) return leaks;
  const names = matcher(protectedNames);
  for (const item of items) {
    // A PDF's strings may come from the document still in memory: no need to parse it again.
    const found = new Set<string>();
    if (item.pdf) {
      for (const text of latin1Windows(item.pdf)) for (const label of names.keysIn(text)) found.add(label);
      for (const label of names.keysIn(item.pdfStrings ?? await documentText(item.pdf))) found.add(label);
    } else {
      for (const label of names.keysIn(htmlText(item.text ?? "", names))) found.add(label);
    }
    for (const label of found) leaks.push({ file: item.file, label });
  }
  return leaks;
}

/**
 * The last line of defence: every file of a build, the documents the PDF was printed
 * from, and the PDF's bookmarks and metadata are searched for each protected name. What
 * made the PDF's text is searched rather than the PDF, whose text is in subset fonts.
 */
export async function findLeaks(dir: string, protectedNames: readonly Protected[], printed: readonly string[] = []): Promise<Array<{ file: string; label: string }>> {
  if (protectedNames.length === 0) return [];
  const names = matcher(protectedNames);
  const leaks: Array<{ file: string; label: string }> = [];
  const check = (file: string, text: string) => {
    for (const label of names.keysIn(text)) if (!leaks.some((l) => l.file === file && l.label === label)) leaks.push({ file, label });
  };
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  // Read many at once: one file after another spent most of this pass waiting on the disk.
  const search = async (entry: (typeof entries)[number]) => {
    const path = join(entry.parentPath, entry.name);
    const file = relative(dir, path).split(sep).join("/");
    check(file, file.replace(/[-_./]+/g, " "));
    const ext = extname(entry.name).toLowerCase();
    if ((await stat(path)).size > WINDOW) {
      // A large file (a video, a long CSV) is searched as it streams: text as UTF-8, the rest as bytes.
      for await (const text of streamWindows(path, TEXT.has(ext) ? "utf8" : "latin1")) check(file, text);
      return;
    }
    const bytes = await readFile(path);
    if (TEXT.has(ext)) {
      const text = decodeAnyText(bytes);
      if (ext === ".html" || ext === ".htm" || ext === ".svg" || ext === ".xml") {
        // Decoded as written (names in attributes), and with tags as spaces (a name split by
        // markup); the second only when the first holds a word of some name.
        check(file, htmlText(text, names));
      } else {
        check(file, text);
      }
    } else if (ext === ".pdf") {
      check(file, await pdfStrings(bytes));
    } else {
      // Unknown binary (an old .doc, a spreadsheet export): its text may be in any of these.
      for (const encoding of ["latin1", "utf8", "utf16le"] as const) check(file, bytes.toString(encoding));
    }
  };
  await inLanes(entries.map((entry) => () => search(entry)), 16);
  // In the order of the files, whatever order the reads finished in.
  const order = new Map(entries.map((entry, i) => [relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"), i]));
  leaks.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  printed.forEach((html, i) => check(`portfolio.pdf (printed part ${i + 1})`, decodeHTML(html.replace(/<[^>]*>/g, " "))));
  return leaks;
}

/**
 * What to search in HTML: decoded as written (names in attributes), and with tags as
 * spaces (a name split by markup); the second only when the first holds a word of some
 * name, which most pages do not.
 */
function htmlText(html: string, names: NameMatcher<string>): string {
  const decoded = decodeHTML(html);
  return names.mayContain(decoded) ? `${decodeHTML(html.replace(/<[^>]*>/g, " "))} ${decoded}` : "";
}

/**
 * An evidence text file in whatever encoding it was saved in: UTF-16 (Excel's "Unicode
 * text", Notepad's "Unicode"), by its byte order mark or by the NUL bytes of ASCII in it;
 * UTF-8; else Windows-1252 as Latin-1 (an old editor). A name in a file saved as UTF-16
 * was otherwise read as bytes with NULs between the letters, and not found.
 */
function decodeAnyText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  const sample = bytes.subarray(0, 4096);
  const nulsAt = (parity: number) => sample.filter((b, i) => b === 0 && i % 2 === parity).length;
  if (sample.length >= 4 && nulsAt(1) > sample.length / 4) return bytes.toString("utf16le");
  if (sample.length >= 4 && nulsAt(0) > sample.length / 4) return Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString("utf16le");
  const text = bytes.toString("utf8");
  return text.includes("\uFFFD") ? `${text}\n${bytes.toString("latin1")}` : text;
}

/** A PDF's bytes as Latin-1, then its metadata, bookmark titles and other strings, decoded. */
async function pdfStrings(bytes: Uint8Array): Promise<string> {
  return `${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")}\n${await documentText(bytes)}`;
}

/** A PDF's metadata, bookmark titles and other strings, decoded; nothing if it cannot be read. */
async function documentText(bytes: Uint8Array): Promise<string> {
  try {
    // pdf-lib is loaded only when there is a PDF to read.
    const { documentStrings, loadPdf } = await import("../pdf/pdf-lib.ts");
    return documentStrings(await loadPdf(bytes));
  } catch {
    // An evidence PDF that cannot be read is searched as bytes only.
    return "";
  }
}

/**
 * Large files are searched in windows of 16 MB that overlap by more than any name is long:
 * a string cannot be longer than 512 MB, and a PDF of 250 MB of photos, or a video among
 * the evidence, is longer than that as text.
 */
export const WINDOW = 16 * 1024 * 1024;
const OVERLAP = 4096;

function* latin1Windows(bytes: Uint8Array): Generator<string> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let start = 0; start < buffer.length; start += WINDOW) yield buffer.toString("latin1", Math.max(0, start - OVERLAP), Math.min(buffer.length, start + WINDOW));
}

async function* streamWindows(path: string, encoding: "utf8" | "latin1"): AsyncGenerator<string> {
  let tail = "";
  // The stream decodes, so a character split between two chunks is whole in one of them.
  for await (const chunk of createReadStream(path, { highWaterMark: WINDOW, encoding })) {
    const text = tail + (chunk as string);
    yield text;
    tail = text.slice(-OVERLAP);
  }
}
