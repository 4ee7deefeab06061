import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { decodeHTML } from "entities";
import { PortfolioError } from "../errors.ts";
import { escapeHtml } from "../html/html.ts";
import { inLanes } from "../lanes.ts";
import { decodeAnyText } from "../evidence/decode-any-text.ts";
import { readPdf } from "../evidence/formats/pdf.ts";
import { READ_FILE_BYTES, readEvidenceText } from "../evidence/read-evidence.ts";
import { namesMayBeShown } from "../check/known-people.ts";
import { nameForms, type Contact } from "../network/register.ts";
import { NameMatcher } from "../text/name-matcher.ts";
import type { Workspace } from "../workspace/workspace.ts";

export type Edition = "learner" | "verifier";

/** A name that must not be shared, and what to call it in an error (never the name itself). */
export interface Protected {
  name: string;
  label: string;
  /** Found in any case (a full name, an id) or only as written (a surname, which may be a word). */
  anyCase?: boolean;
  /**
   * A name that may be shown (a consenting contact's, the learner's, the assessor's):
   * "Imogen Quennell" may be named though Rafferty Quennell may not.
   */
  allowed?: boolean;
}

export class PrivacyLeakError extends PortfolioError {
  override readonly exitCode = 1;
  /**
   * `sources`: the workspace's files that hold each name found, when they could be told
   * (what was printed says "printed part 2", which is no help in finding what to redact).
   */
  constructor(leaks: ReadonlyArray<{ file: string; label: string }>, sources: ReadonlyArray<{ file: string; label: string }> = []) {
    const list = leaks.slice(0, 10).map((l) => `${l.label} in ${l.file}`).join("; ");
    const from = [...new Set(sources.map((s) => s.file))];
    const learner = leaks.some((l) => l.label === LEARNER_LABEL);
    super("PORTFOLIO_PRIVACY_LEAK", `A name that must not be shared is in what was built, so nothing was replaced: ${list}${leaks.length > 10 ? ` and ${leaks.length - 10} more` : ""}${from.length ? `. It comes from ${from.slice(0, 10).join(", ")}${from.length > 10 ? ` and ${from.length - 10} more` : ""}` : ""}`, {
      hint: learner
        ? "The verifier edition puts your candidate number where your name would be, so your name must not be in what it shows: redact it in those files (\"minutes taken by the coordinator\"), or give the verifier the learner edition. The previous site and PDF are as they were."
        : "Refer to the person as @id in reflections, and rename or redact evidence files that name them. The previous site and PDF are as they were.",
    });
  }
}

/** Which of the workspace's reflections and evidence files hold the names `leaks` found, by the same search. */
export async function sourcesOf(workspace: Workspace, names: readonly Protected[], leaks: ReadonlyArray<{ label: string }>): Promise<Array<{ file: string; label: string }>> {
  const wanted = new Set(leaks.map((l) => l.label));
  const items = [
    ...workspace.reflections.map((r) => ({ file: r.file, text: escapeHtml(`${r.title}\n${r.body}`) })),
    ...[...(workspace.evidence ?? [])].map(([file, text]) => ({ file, text: escapeHtml(text.passages.map((p) => p.text).join("\n")) })),
  ];
  return (await findLeaksIn(items, names.filter((n) => n.allowed || wanted.has(n.label)))).filter((l) => wanted.has(l.label));
}


const LEARNER_LABEL = "the learner's name (verifier edition)";

/** Files the build writes itself, read as text; everything else (evidence copies, PDFs) is read by its format. */
const OURS = new Set([".html", ".htm", ".json", ".css", ".js", ".xml", ".txt"]);

/** One pass over a text finds every protected name in it. */
function matcher(names: readonly Protected[]): Matchers {
  const of = (list: readonly Protected[]) => new NameMatcher(list.map((p) => ({ text: p.name, anyCase: p.anyCase ?? true, key: p.allowed ? ALLOWED : p.label, shadowOnly: p.allowed })));
  // `@ids` apart: their longest word ("contact" of @contact-0001) is in most pages, and
  // would send every page through the slow patterns; they are looked for where an @ is.
  return { names: of(names.filter((p) => !p.name.startsWith("@"))), ids: of(names.filter((p) => p.name.startsWith("@"))) };
}

interface Matchers {
  names: NameMatcher<string>;
  ids: NameMatcher<string>;
}

/** The key of a name that may be shown: found only so that a surname inside it is not taken for a protected one. */
const ALLOWED = "";

/** The labels of the protected names in a text. */
function labelsIn(matchers: Matchers, text: string): Set<string> {
  const labels = matchers.names.keysIn(text);
  if (text.includes("@")) for (const label of matchers.ids.keysIn(text)) labels.add(label);
  labels.delete(ALLOWED);
  return labels;
}

/**
 * What must not be shared: the names of contacts without consent (in full, and the
 * surname as a name is written), every contact's id as written in reflections (`@id`),
 * and the id itself where it is made from the name (`rquennell`); in the verifier
 * edition, the learner's name too.
 */
export function protectedNames(workspace: Workspace, edition: Edition): Protected[] {
  const names: Protected[] = [];
  for (const contact of workspace.register.contacts) {
    names.push({ name: `@${contact.id}`, label: `the id of contact @${contact.id}` });
    if (contact.consent) continue;
    const [full, surname] = nameForms(contact);
    names.push({ name: full!, label: `the name of contact @${contact.id}` });
    if (surname) names.push({ name: surname, label: `the name of contact @${contact.id}`, anyCase: false });
    if (idFromName(contact)) names.push({ name: contact.id, label: `the id of contact @${contact.id}, which is made from their name` });
  }
  if (edition === "verifier" && workspace.learnerName) names.push({ name: workspace.learnerName, label: LEARNER_LABEL });
  // In the verifier edition portfolio.yaml's learner is "Candidate 0001" (forEdition), so the learner's name is not among these.
  for (const name of namesMayBeShown(workspace)) if (name.includes(" ")) names.push({ name, label: ALLOWED, allowed: true });
  return names;
}

/** An id that holds four or more letters of one of the contact's names (`rquennell`, `karenh`). */
function idFromName(contact: Contact): boolean {
  const id = contact.id.toLowerCase().replace(/[^a-z]/g, "");
  return contact.name.toLowerCase().split(/[^\p{L}]+/u).some((word) => word.length >= 4 && [...Array(word.length - 3).keys()].some((i) => id.includes(word.slice(i, i + 4))));
}

/** Leaks in texts held in memory (a PDF about to be written, its report). */
export async function findLeaksIn(
  items: ReadonlyArray<{ file: string; text?: string; pdf?: Uint8Array; pdfStrings?: string; pdfPages?: ReadonlySet<number> }>,
  protectedNames: readonly Protected[],
): Promise<Array<{ file: string; label: string }>> {
  const leaks: Array<{ file: string; label: string }> = [];
  if (!protectedNames.some((p) => !p.allowed)) return leaks;
  const names = matcher(protectedNames);
  for (const item of items) {
    // A PDF's strings may come from the document still in memory: no need to parse it again.
    const found = new Set<string>();
    if (item.pdf) {
      for (const text of latin1Windows(item.pdf)) for (const label of labelsIn(names, text)) found.add(label);
      for (const label of labelsIn(names, item.pdfStrings ?? await documentText(item.pdf))) found.add(label);
      // The pages whose text this program did not write (evidence PDFs merged in), as a reader reads them.
      if (item.pdfPages?.size) for (const passage of (await readPdf(item.pdf, { pages: item.pdfPages })).passages) for (const label of labelsIn(names, passage.text)) found.add(label);
    } else {
      for (const label of labelsIn(names, htmlText(item.text ?? "", names))) found.add(label);
    }
    for (const label of found) leaks.push({ file: item.file, label });
  }
  return leaks;
}

/**
 * The last line of defence: every file of a build, the documents the PDF was printed
 * from, and the PDF's bookmarks and metadata are searched for each protected name. Pages
 * and data the build wrote are searched as text; evidence copied into it is read by the
 * evidence reader, as the check read it (a PDF's page text, a spreadsheet's cells, a
 * photo's metadata), and searched as bytes besides. `textRead` names PDFs whose page text
 * was already searched (portfolio.pdf, before it was written).
 */
export async function findLeaks(dir: string, protectedNames: readonly Protected[], printed: readonly string[] = [], textRead: ReadonlySet<string> = new Set()): Promise<Array<{ file: string; label: string }>> {
  if (!protectedNames.some((p) => !p.allowed)) return [];
  const names = matcher(protectedNames);
  const leaks: Array<{ file: string; label: string }> = [];
  const check = (file: string, text: string) => {
    for (const label of labelsIn(names, text)) if (!leaks.some((l) => l.file === file && l.label === label)) leaks.push({ file, label });
  };
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  // Read many at once: one file after another spent most of this pass waiting on the disk.
  const search = async (entry: (typeof entries)[number]) => {
    const path = join(entry.parentPath, entry.name);
    const file = relative(dir, path).split(sep).join("/");
    check(file, file.replace(/[-_./]+/g, " "));
    const ext = extname(entry.name).toLowerCase();
    const ours = OURS.has(ext) && !file.startsWith("evidence/");
    const { size } = await stat(path);
    if (size > WINDOW) {
      // A large file (a video, a long CSV) is searched as it streams: text as UTF-8, the rest as bytes.
      for await (const text of streamWindows(path, ours || ext === ".csv" || ext === ".txt" || ext === ".md" ? "utf8" : "latin1")) check(file, text);
      if (ours || size > READ_FILE_BYTES) return;
    }
    const bytes = await readFile(path);
    if (ours) {
      const text = decodeAnyText(bytes);
      // Decoded as written (names in attributes), and with tags as spaces (a name split by markup).
      check(file, ext === ".html" || ext === ".htm" || ext === ".xml" ? htmlText(text, names) : text);
      return;
    }
    if (textRead.has(file)) {
      check(file, await pdfStrings(bytes));
      return;
    }
    // As the check read it: the text and metadata a person opening the file would see.
    // In one text, a passage a line: a long CSV is millions of cells, and one search each
    // took seconds (a first name and a surname in cells side by side are found this way too).
    check(file, (await readEvidenceText(file, bytes)).passages.map((passage) => passage.text).join("\n"));
    // And as bytes, in every encoding text may be stored in: what no reader shows is still shared.
    if (size <= WINDOW) for (const encoding of ["latin1", "utf8", "utf16le"] as const) check(file, bytes.toString(encoding));
    if (ext === ".pdf") check(file, await documentText(bytes));
  };
  await inLanes(entries.map((entry) => () => search(entry)), 8);
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
function htmlText(html: string, matchers: Matchers): string {
  const decoded = decodeHTML(html);
  return matchers.names.mayContain(decoded) || (decoded.includes("@") && matchers.ids.mayContain(decoded)) ? `${decodeHTML(html.replace(/<[^>]*>/g, " "))} ${decoded}` : "";
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
