import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import type { CheckResult } from "../check/check-workspace.ts";
import { PortfolioError } from "../errors.ts";
import { inLanes } from "../lanes.ts";
import { createMarkdown } from "../markdown/create-markdown.ts";
import { pictureForPrint } from "../evidence/picture-for-print.ts";
import { renderEvidence } from "../evidence/render-evidence.ts";
import type { Contact } from "../network/register.ts";
import { formatBytes, formatBytesOver } from "../text/format.ts";
import { LIMITS, PLACED_TYPES, unplacedEvidence } from "../workspace/limits.ts";
import { inPrintOrder, type LoadedReflection } from "../workspace/workspace.ts";
import { assemble, destinationPages, type PartInput } from "./assemble.ts";
import { PrintBrowser, type BlockedRequest } from "./browser.ts";
import { addOutline, makeRoomForFooters, setMetadata, stampFooters, type OutlineEntry } from "./finish.ts";
import { PageNumbers, printIds } from "./print-ids.ts";
import { backDocument, footerDocument, frontDocuments, publishedText, reflectionsDocument, type Appendix, type PrintFacts } from "./print-layout.ts";
import { PrintServer } from "./print-server.ts";
import { sha256, sourceHashes, SOURCES_ATTACHMENT } from "./sources.ts";
import { packageFile } from "../package-root.ts";
import { evidenceMapOf } from "../assessment/evidence-map.ts";
import { unplacedReason } from "../diagnostics/rules/evidence-too-large.ts";
import { documentStrings, loadPdf, PDFDocument, savePdf } from "./pdf-lib.ts";

export interface PdfOptions {
  format?: "A4" | "Letter";
  /** Seconds since 1970 to date the PDF by (SOURCE_DATE_EPOCH), for byte-identical builds. */
  sourceDateEpoch?: number | undefined;
  version: string;
  /** Reflections printed per part; parts keep Chromium at its small-document speed. */
  reflectionsPerPart?: number;
  onProgress?: (message: string) => void;
  /** A browser already starting (while the workspace was read); closed when printing ends. */
  browser?: Promise<PrintBrowser>;
}

export interface PdfResult {
  bytes: Uint8Array;
  pageCount: number;
  /** Anchor → page. */
  pages: Map<string, number>;
  finals: LoadedReflection[];
  appendices: Appendix[];
  blocked: BlockedRequest[];
  sources: Record<string, string>;
  buildId: string;
  /** The documents printed into the PDF, for the final privacy pass. */
  printed: string[];
  /** The PDF's strings (metadata, bookmarks, ...) decoded, for the same pass. */
  strings: string;
  /** Pages merged from evidence PDFs (1-based), whose text the same pass reads from the PDF. */
  evidencePages: Set<number>;
}

const MAX_FRONT_PASSES = 5;
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = { "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp" };
/** Footer pages per print: one long print slows Chromium down, as with reflections. */
const FOOTERS_PER_PRINT = 1000;

/**
 * Prints the portfolio: the front (cover, declaration, contents, evidence maps), the final
 * reflections in parts, and the back (drafts left out, appendices), then puts them
 * together with evidence PDFs merged in, bookmarks, footers and pinned metadata. The
 * front is printed again until the page numbers it shows are the pages things landed on.
 */
export async function renderPdf(checked: CheckResult, options: PdfOptions): Promise<PdfResult> {
  const progress = options.onProgress ?? (() => {});
  const format = options.format ?? "A4";
  const date = options.sourceDateEpoch !== undefined ? new Date(options.sourceDateEpoch * 1000) : new Date();
  const { workspace } = checked;
  const config = workspace.config!;
  const finals = inPrintOrder(workspace.reflections, "final");
  const drafts = inPrintOrder(workspace.reflections, "draft");
  const { files: sources, buildId } = await sourceHashes(workspace);

  const server = await PrintServer.start();
  const browser = await (options.browser ?? PrintBrowser.launch()).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  try {
    const stylesheet = server.put("/print.css", { type: "text/css", body: await readFile(packageFile("src", "pdf", "print.css"), "utf8") });
    const appendices = await collectAppendices(finals, server, sources, new Map(checked.workspace.register.contacts.map((c) => [c.id, c])));
    const facts: PrintFacts = { checked, md: createMarkdown(), buildId, date: date.toISOString().slice(0, 10), finals, drafts, appendices, stylesheet, sources };

    // At most 150 a part (a long print slows Chromium down), and at least as many parts as
    // there are cores to print them on.
    const lanes = Math.max(2, Math.min(4, availableParallelism()));
    const perPart = options.reflectionsPerPart ?? Math.min(150, Math.max(10, Math.ceil(finals.length / lanes)));
    const runs: LoadedReflection[][] = [];
    for (let i = 0; i < finals.length; i += perPart) runs.push(finals.slice(i, i + perPart));
    if (runs.length === 0) runs.push([]);

    // Every part's HTML first: each must know which anchors live elsewhere (for stubs).
    const firstFront = frontDocuments(facts, new PageNumbers(undefined));
    const fronts = firstFront.length;
    const htmls = [...firstFront, ...runs.map((run, i) => reflectionsDocument(facts, run, i === 0)), backDocument(facts)];
    const owned = htmls.map(idsIn);
    const everywhere = new Set(owned.flatMap((ids) => [...ids]));
    const targeted = new Set(htmls.flatMap((html) => [...targetsIn(html)]));
    // Chromium writes a named destination only for an anchor that a link in the same
    // document targets. So each part gets empty stand-ins for the anchors it links to in
    // other parts (dropped when the parts are put together), and hidden links to its own
    // anchors that other parts link to.
    const withStubs = (html: string, own: ReadonlySet<string>) => {
      const foreign = [...targetsIn(html)].filter((id) => !own.has(id) && everywhere.has(id));
      const wanted = [...own].filter((id) => targeted.has(id));
      return html.replace(
        "</body>",
        `<div class="stubs" aria-hidden="true">${foreign.map((id) => `<span id="${id}"></span>`).join("")}${wanted.map((id) => `<a href="#${id}" tabindex="-1"></a>`).join("")}</div></body>`,
      );
    };
    const timeout = 600_000;
    const printed = new Map<string, string>();
    const print = (name: string, html: string, own: ReadonlySet<string>) => {
      printed.set(name, html);
      return browser.print(server.put(`/${name}.html`, { type: "text/html; charset=utf-8", body: withStubs(html, own) }), (url) => server.has(url), { format, timeout });
    };

    // Chromium prints each tab in a renderer of its own, so independent documents print
    // side by side, one per core: the reflections, the back, and the front's first pass
    // (whose numbers are placeholders, so it does not wait for the rest).
    let printedParts = 0;
    const partsDone = () => progress(`Printed ${++printedParts} of ${runs.length} ${runs.length === 1 ? "part" : "parts"} of reflections (${finals.length} ${finals.length === 1 ? "reflection" : "reflections"})`);
    progress(`Printing ${finals.length} ${finals.length === 1 ? "reflection" : "reflections"} in ${runs.length} ${runs.length === 1 ? "part" : "parts"}, the back (drafts left out, ${appendices.length} ${appendices.length === 1 ? "appendix" : "appendices"}) and the front`);
    const printFront = async (pass: number, numbers: Map<string, number> | undefined): Promise<PartInput[]> => {
      const documents = frontDocuments(facts, new PageNumbers(numbers, digits));
      return inLanes(documents.map((html, k) => async () => ({ bytes: await print(`front-${k}-pass-${pass}`, html, owned[k]!), owned: owned[k]! })), lanes);
    };
    // How wide the first pass's placeholder numbers are, before any page is known: from the
    // HTML's length (a page holds some 2,000 characters of it). A wrong guess costs a pass.
    const digits = String(Math.round(htmls.reduce((n, html) => n + html.length, 0) / 2000) + 20).length;
    const tasks: Array<() => Promise<unknown>> = [
      ...runs.map((_, i) => async () => {
        const part: PartInput = { bytes: await print(`reflections-${i + 1}`, htmls[fronts + i]!, owned[fronts + i]!), owned: owned[fronts + i]! };
        partsDone();
        return part;
      }),
      async () => {
        const bytes = await print("back", htmls.at(-1)!, owned.at(-1)!);
        return { bytes, owned: owned.at(-1)!, inserts: await evidenceInserts(bytes, appendices) } satisfies PartInput;
      },
      () => printFront(1, undefined),
    ];
    const results = await inLanes(tasks, lanes);
    const parts = results.slice(0, runs.length + 1) as PartInput[];
    let frontParts = results.at(-1) as PartInput[];

    const rest = await Promise.all(parts.map(async (part) => ({ doc: await loadPdf(part.bytes), part })));

    // Print the front until the page numbers it shows are where things landed: a fixed
    // point, since numbers of other widths can move lines and pages.
    let numbers: Map<string, number> | undefined;
    let pageCount = 0;
    let frontLoaded: Array<{ doc: PDFDocument; part: PartInput }> = [];
    for (let pass = 1; ; pass++) {
      if (pass > 1) {
        progress(`Printing the contents and evidence maps with page numbers (pass ${pass})`);
        frontParts = await printFront(pass, numbers);
      }
      const printed = await Promise.all(frontParts.map(async (part) => ({ doc: await loadPdf(part.bytes), part })));
      frontLoaded = printed;
      const landed = globalPages([...printed, ...rest]);
      pageCount = sumPages([...printed, ...rest]);
      if (numbers && sameMap(landed, numbers)) break;
      if (pass === MAX_FRONT_PASSES) throw new PortfolioError("PORTFOLIO_PDF_PAGES_UNSETTLED", `The page numbers did not settle after ${MAX_FRONT_PASSES} prints of the contents; this is a bug`);
      numbers = landed;
    }

    // The footers need only the page count and where things are, known now: they print
    // while the parts are put together.
    const footers = footerTexts(pageCount, numbers!, facts);
    progress(`Putting the parts together, and printing footers for ${pageCount} pages`);
    const overlaysPrinted = inLanes(chunk(footers, FOOTERS_PER_PRINT).map((texts, k) => () => {
      const url = server.put(`/footers-${k}.html`, { type: "text/html; charset=utf-8", body: footerDocument(texts, stylesheet, format) });
      return browser.print(url, (u) => server.has(u), { format, timeout, fullPage: true });
    }), lanes);
    // The parts were parsed to count their pages: assembled from those, not parsed again.
    const { doc, pages, evidencePages } = await assemble([...frontLoaded, ...rest].map(({ doc: parsed, part }) => ({ ...part, doc: parsed })));
    for (const [id, page] of numbers!) {
      if (pages.get(id) !== page) throw new PortfolioError("PORTFOLIO_PDF_PAGES_WRONG", `The contents give page ${page} for ${id}, but it is on page ${pages.get(id)}; this is a bug`);
    }
    if (doc.getPageCount() !== pageCount) throw new PortfolioError("PORTFOLIO_PDF_PAGES_WRONG", `The parts have ${pageCount} pages but put together ${doc.getPageCount()}; this is a bug`);
    addOutline(doc, outlineOf(facts));
    progress(`Adding footers to ${pageCount} pages`);
    makeRoomForFooters(doc, evidencePages);
    await stampFooters(doc, await overlaysPrinted);
    setMetadata(doc, {
      title: `Portfolio of evidence: ${config.learner.name}, ${config.qualification}`,
      author: config.learner.name,
      subject: checked.coverage.units.map(({ unit }) => `${unit.urn} ${unit.title}`).join("; "),
      keywords: ["portfolio", ...checked.coverage.units.map(({ unit }) => unit.urn), `build ${buildId}`],
      creator: `portfolio ${options.version}`,
      date,
    }, `${buildId}:${format}:${options.version}`);
    // The sources' hashes travel inside the PDF, under the signatures, so that verify can
    // say whether a workspace is the one that was signed.
    // So is the evidence map, for an assessor's tools that have the PDF alone (`portfolio assess`).
    const evidenceMap = evidenceMapOf(checked.coverage, config.learner, (id) => pages.get(id));
    // And each final reflection's text as printed, for `portfolio changes` to compare word by word.
    const published = Object.fromEntries(finals.map((r) => [r.file, publishedText(facts, r)]));
    for (const [file, text] of Object.entries(published)) printed.set(`published ${file}`, text);
    await doc.attach(Buffer.from(`${JSON.stringify({ buildId, sources, evidenceMap, published }, null, 2)}\n`), SOURCES_ATTACHMENT, {
      mimeType: "application/json",
      description: "SHA-256 of every source file this PDF was made from, and where each criterion is evidenced",
      creationDate: date,
      modificationDate: date,
    });
    // A classic cross-reference table, so that signatures can be added as conforming
    // incremental updates (a classic xref section after it).
    progress("Saving the PDF");
    const strings = documentStrings(doc);
    const bytes = await savePdf(doc);
    return { bytes, pageCount: doc.getPageCount(), pages, finals, appendices, blocked: browser.blocked, sources, buildId, printed: [...printed.values(), ...footers], strings, evidencePages };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A printed part's pages once the evidence PDFs merged into it are counted. */
function pagesWithInserts({ doc, part }: { doc: PDFDocument; part: PartInput }): number {
  return doc.getPageCount() + (part.inserts ?? []).reduce((n, i) => n + i.doc.getPageCount(), 0);
}

/** Pages of parts, with the evidence PDFs merged into them. */
function sumPages(parts: ReadonlyArray<{ doc: PDFDocument; part: PartInput }>): number {
  return parts.reduce((n, printed) => n + pagesWithInserts(printed), 0);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The page of every anchor in the whole document, from the parts in order. */
function globalPages(parts: ReadonlyArray<{ doc: PDFDocument; part: PartInput }>): Map<string, number> {
  const numbers = new Map<string, number>();
  let offset = 0;
  for (const { doc, part } of parts) {
    for (const [id, index] of destinationPages(doc)) {
      if (!part.owned.has(id)) continue;
      const inserted = (part.inserts ?? []).filter((i) => i.afterPage < index).reduce((n, i) => n + i.doc.getPageCount(), 0);
      numbers.set(id, offset + index + inserted + 1);
    }
    offset += pagesWithInserts({ doc, part });
  }
  return numbers;
}

/**
 * Each evidence file once, numbered in the order reflections cite them; images put on the
 * print server. `hashes` are the sources' SHA-256 by path, already taken.
 */
export async function collectAppendices(finals: readonly LoadedReflection[], server: PrintServer, hashes: Readonly<Record<string, string>>, contacts: ReadonlyMap<string, Contact>): Promise<Appendix[]> {
  const unplaced = unplacedEvidence(finals);
  let images = 0;
  const byPath = new Map<string, Appendix>();
  for (const reflection of finals) {
    for (const ref of reflection.evidenceFiles) {
      if (ref.file.status !== "ok") continue;
      const existing = byPath.get(ref.file.path);
      if (existing) { if (!existing.citedBy.includes(reflection)) existing.citedBy.push(reflection); continue; }
      const ext = extname(ref.file.path).toLowerCase();
      const n = byPath.size + 1;
      const why = unplaced.get(ref.file.path);
      const tooLarge = why ? unplacedReason(why) : (ref.file.bytes > LIMITS.placedFileBytes ? `it is ${formatBytesOver(ref.file.bytes, LIMITS.placedFileBytes)}, more than the ${formatBytes(LIMITS.placedFileBytes)} a file shown in the PDF may be` : undefined);
      const appendix: Appendix = { n, path: ref.file.path, absolute: ref.file.absolute, sha256: hashes[ref.file.path]!, bytes: ref.file.bytes, kind: "other", src: undefined, mergedPages: 0, citedBy: [reflection], problem: tooLarge, rendering: undefined };
      byPath.set(ref.file.path, appendix);
      // Only what is reproduced is read into memory.
      if (tooLarge) continue;
      if (!PLACED_TYPES[ext]) {
        // Tables, documents, text and emails are drawn by the print from what the file holds.
        const rendering = await renderEvidence(ref.file.path, await readFile(ref.file.absolute), {
          contacts,
          putImage: async (type, body) => server.put(`/evidence/${n}-${++images}${IMAGE_EXTENSIONS[type] ?? ""}`, { type, body: await pictureForPrint(body, type) }),
        });
        if (rendering.kind === "none") appendix.problem = rendering.reason;
        else { appendix.kind = "rendered"; appendix.rendering = rendering; }
        continue;
      }
      const bytes = await readFile(ref.file.absolute);
      if (ext !== ".pdf") {
        appendix.kind = "image";
        // The pixels without the camera's metadata (owner, position); the site keeps the file itself.
        appendix.src = server.put(`/evidence/${n}${ext}`, { type: PLACED_TYPES[ext]!, body: await pictureForPrint(bytes, PLACED_TYPES[ext]!) });
      } else {
        appendix.kind = "pdf";
        try {
          appendix.mergedPages = (await loadPdf(bytes)).getPageCount();
        } catch (error) {
          appendix.problem = error instanceof Error && /encrypt/i.test(error.message) ? "it is encrypted" : "it could not be read as a PDF";
        }
      }
    }
  }
  return [...byPath.values()];
}

/** Each mergeable evidence PDF goes in after the last page of its appendix in the back part. */
async function evidenceInserts(backBytes: Uint8Array, appendices: readonly Appendix[]): Promise<NonNullable<PartInput["inserts"]>> {
  const back = await loadPdf(backBytes);
  const starts = destinationPages(back);
  const inserts: NonNullable<PartInput["inserts"]> = [];
  for (const appendix of appendices) {
    if (appendix.kind !== "pdf" || appendix.problem) continue;
    const next = appendices.find((a) => a.n === appendix.n + 1);
    const end = next ? starts.get(printIds.appendix(next.n))! - 1 : back.getPageCount() - 1;
    const evidence = await loadPdf(await readFile(appendix.absolute));
    inserts.push({ afterPage: end, doc: evidence });
  }
  return inserts;
}

function outlineOf(facts: PrintFacts): OutlineEntry[] {
  return [
    { title: "Cover", dest: printIds.cover },
    { title: "Declaration", dest: printIds.declaration },
    { title: "Contents", dest: printIds.contents },
    { title: "Evidence maps", dest: printIds.map(facts.checked.coverage.units[0]?.unit.slug ?? ""), children: facts.checked.coverage.units.map(({ unit }) => ({ title: `${unit.urn} ${unit.title}`, dest: printIds.map(unit.slug) })) },
    { title: "Reflections", dest: printIds.reflections, children: facts.finals.map((r) => ({ title: r.title, dest: printIds.reflection(r.slug) })) },
    ...(facts.checked.workspace.register.contacts.length ? [{ title: "Network monitoring", dest: printIds.network }] : []),
    { title: "Drafts left out", dest: printIds.leftOut },
    ...(facts.appendices.length ? [{ title: "Appendices", dest: printIds.appendices, children: facts.appendices.map((a) => ({ title: `Appendix ${a.n}: ${a.path}`, dest: printIds.appendix(a.n) })) }] : []),
  ].filter((entry) => entry.dest !== printIds.map(""));
}

/** "Priya Shah · candidate 4821 · R/600/9587 · page 3 of 24", the unit being the page's. */
function footerTexts(count: number, pages: ReadonlyMap<string, number>, facts: PrintFacts): string[] {
  const c = facts.checked.workspace.config!;
  const unitOf = new Array<string>(count + 1).fill("");
  const mark = (from: number | undefined, to: number, label: string) => {
    if (from === undefined) return;
    for (let p = from; p <= to; p++) unitOf[p] = label;
  };
  const starts = [
    ...facts.checked.coverage.units.map(({ unit }) => ({ page: pages.get(printIds.map(unit.slug)), label: unit.urn })),
    ...facts.finals.map((r) => ({ page: pages.get(printIds.reflection(r.slug)), label: [...new Set(r.citations.map((x) => x.urn))].join(", ") })),
    { page: pages.get(printIds.network), label: "network monitoring" },
    { page: pages.get(printIds.leftOut), label: "" },
  ].filter((s): s is { page: number; label: string } => s.page !== undefined).sort((a, b) => a.page - b.page);
  starts.forEach((start, i) => mark(start.page, (starts[i + 1]?.page ?? count + 1) - 1, start.label));
  // The verifier edition's name is already "Candidate N": said once, not twice.
  const who = c.learner.name === `Candidate ${c.learner.candidateNumber}` ? [c.learner.name] : [c.learner.name, `candidate ${c.learner.candidateNumber}`];
  return Array.from({ length: count }, (_, i) => [...who, unitOf[i + 1], `page ${i + 1} of ${count}`].filter(Boolean).join(" · "));
}

function sameMap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
}

function targetsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\shref="#([^"]+)"/g)].map((m) => m[1]!));
}
