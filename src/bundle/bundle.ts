import type { X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import type { AttachedFacts } from "../signing/attached-facts.ts";
import type { VerifyReport } from "../signing/verify-pdf.ts";
import { EvidenceReadError } from "../evidence/evidence.ts";
import { unzip } from "../evidence/zip.ts";
import { signedBy } from "../signing/roles.ts";
import { sha256 } from "../text/sha256.ts";
import { wrap } from "../text/wrap.ts";

/**
 * An EQA bundle: what an external verifier needs to check one learner's work offline, in
 * one zip. The signed PDF (with the assessor's and IQA's signatures, when added), the
 * verifier edition (the candidate number where the name would be; unsigned, since a
 * signature shows the signer's name), report.json (coverage and the page of every
 * criterion's evidence), and manifest.json: each file's SHA-256 and size, and what the
 * signatures said when it was made.
 *
 * The manifest only says what the zip should hold; what vouches for the work is the
 * signed PDF. So `verify` checks the manifest's hashes and then binds the other two files
 * to the signed PDF: the report must be the report of the PDF as the learner signed it
 * (its SHA-256 is that of the learner's revision), of the same build, and agree with the
 * signed evidence map; the verifier edition, unsigned, must carry the same build and
 * source hashes, and its pages must say what the signed PDF's say, the name aside.
 */
export const BUNDLE_FORMAT = "portfolio-eqa-bundle/1";
export const BUNDLE_FILES = { signed: "portfolio.pdf", verifier: "portfolio-verifier.pdf", report: "report.json", manifest: "manifest.json" } as const;

/** What a bundle's files are, for the manifest and for people reading it. */
const WHAT: Record<string, string> = {
  [BUNDLE_FILES.signed]: "the signed portfolio, as the learner, assessor and IQA signed it",
  [BUNDLE_FILES.verifier]: "the verifier edition: the same build, the candidate number for the learner's name; unsigned",
  [BUNDLE_FILES.report]: "the build's report: coverage, the page of each reflection and criterion's evidence, SHA-256 of every source",
};

export interface Manifest {
  format: typeof BUNDLE_FORMAT;
  tool: string;
  version: string;
  created: string;
  candidateNumber: string;
  buildId: string;
  files: Array<{ name: string; sha256: string; bytes: number; what: string }>;
  /** What `verify` said of the signed PDF when the bundle was made. */
  signatures: Array<{ role: string | undefined; signer: string; time: string | undefined }>;
}

/** Larger than any portfolio this tool prints (its PDF stops at 2 GB); a bundle above it is not read. */
export const BUNDLE_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

/** fflate's zip writer, loaded when a bundle is made (its reader is the evidence reader's, in evidence/zip.ts). */
function zipSync(...args: Parameters<typeof import("fflate").zipSync>): Uint8Array {
  return (createRequire(import.meta.url)("fflate") as typeof import("fflate")).zipSync(...args);
}

/**
 * The zip of a bundle. PDFs are stored as they are (they are compressed inside already,
 * and a verifier can take them out byte for byte with any unzip); JSON is deflated.
 * Every entry is dated `created`, so the same inputs at the same time give the same zip.
 */
export function bundleZip(files: { signed: Uint8Array; verifier: Uint8Array; report: Uint8Array }, meta: { version: string; created: Date; candidateNumber: string; buildId: string; report: VerifyReport }): { zip: Uint8Array; manifest: Manifest } {
  const entries: Array<[string, Uint8Array]> = [[BUNDLE_FILES.signed, files.signed], [BUNDLE_FILES.verifier, files.verifier], [BUNDLE_FILES.report, files.report]];
  const manifest: Manifest = {
    format: BUNDLE_FORMAT,
    tool: "portfolio",
    version: meta.version,
    created: meta.created.toISOString(),
    candidateNumber: meta.candidateNumber,
    buildId: meta.buildId,
    files: entries.map(([name, bytes]) => ({ name, sha256: sha256(bytes), bytes: bytes.length, what: WHAT[name]! })),
    signatures: meta.report.signatures.map((s) => ({ role: s.role, signer: s.signer, time: s.time })),
  };
  const mtime = meta.created;
  const zip = zipSync({
    [BUNDLE_FILES.manifest]: [new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), { level: 6, mtime }],
    ...Object.fromEntries(entries.map(([name, bytes]) => [name, [bytes, { level: name.endsWith(".pdf") ? 0 : 6, mtime }]])),
  });
  return { zip, manifest };
}

/** A bundle as `verify` judges it: the signed PDF's own report, and what binds the rest to it. */
export interface BundleReport {
  /** The bundle holds what its manifest says, and every file is bound to the signed PDF, whose signatures hold. */
  valid: boolean;
  /** The signed PDF's verify report, when the bundle held one that could be read. */
  pdf?: VerifyReport;
  manifest?: Pick<Manifest, "created" | "version" | "candidateNumber" | "buildId">;
  /** Each check, passed or not, in the order made. */
  checks: Array<{ ok: boolean; text: string }>;
}

/** The zip's entries by name, refused unread when they would unpack to more than the limit (a zip bomb). */
function readZip(bytes: Uint8Array): { entries: Map<string, Uint8Array>; problem?: string } {
  try {
    return { entries: unzip(bytes, () => true, BUNDLE_LIMIT_BYTES) };
  } catch (error) {
    if (!(error instanceof EvidenceReadError)) throw error;
    return { entries: new Map(), problem: error.message };
  }
}

/**
 * Judges a bundle offline: the manifest's files are all there, with their SHA-256 and
 * size, and nothing else is; the signed PDF verifies (with `trust`, as `verify` does);
 * the report is of that PDF as the learner signed it, of its build, and agrees with the
 * evidence map under the learner's signature; the verifier edition is of the same build,
 * from the same sources, for the same candidate, and its pages' text is the signed PDF's
 * with the candidate number for the name.
 */
export async function verifyBundle(bytes: Uint8Array, file: string, trust: readonly X509Certificate[]): Promise<BundleReport> {
  return (await judgeBundle(bytes, file, trust)).report;
}

/** The bundle judged, with its signed PDF's bytes when it holds one (for the cohort, which reads that PDF's facts). */
export async function judgeBundle(bytes: Uint8Array, file: string, trust: readonly X509Certificate[]): Promise<{ report: BundleReport; signed?: Uint8Array }> {
  const checks: BundleReport["checks"] = [];
  const check = (ok: boolean, text: string) => { checks.push({ ok, text }); return ok; };
  let signed: Uint8Array | undefined;
  const done = (pdf?: VerifyReport, manifest?: BundleReport["manifest"]) => ({
    report: { valid: checks.every((c) => c.ok) && pdf?.valid === true, ...(pdf ? { pdf } : {}), ...(manifest ? { manifest } : {}), checks },
    ...(signed ? { signed } : {}),
  });

  const { entries, problem } = readZip(bytes);
  if (problem) { check(false, problem); return done(); }
  signed = entries.get(BUNDLE_FILES.signed);
  const manifestBytes = entries.get(BUNDLE_FILES.manifest);
  if (!manifestBytes) { check(false, `it has no ${BUNDLE_FILES.manifest}: it is not an EQA bundle made by \`portfolio bundle\``); return done(); }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(manifestBytes)) as Manifest;
  } catch (error) {
    check(false, `its ${BUNDLE_FILES.manifest} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    return done();
  }
  if (manifest?.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files)) { check(false, `its manifest is not of the format ${BUNDLE_FORMAT} (it says ${JSON.stringify(manifest?.format)})`); return done(); }
  const brief = { created: String(manifest.created), version: String(manifest.version), candidateNumber: String(manifest.candidateNumber), buildId: String(manifest.buildId) };

  // Every file the manifest lists, as it lists it; and nothing it does not list.
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    const name = String(entry?.name);
    listed.add(name);
    const got = entries.get(name);
    if (!got) check(false, `${name} is listed in the manifest but is not in the bundle`);
    else if (sha256(got) !== entry.sha256 || got.length !== entry.bytes) check(false, `${name} is not the file the manifest lists: its SHA-256 is ${sha256(got)}, the manifest says ${String(entry.sha256)}`);
  }
  for (const name of entries.keys()) if (name !== BUNDLE_FILES.manifest && !listed.has(name)) check(false, `${name} is in the bundle but not in its manifest`);
  for (const name of [BUNDLE_FILES.signed, BUNDLE_FILES.verifier, BUNDLE_FILES.report]) if (!listed.has(name)) check(false, `its manifest lists no ${name}`);
  if (checks.every((c) => c.ok)) check(true, `every file is the one its manifest lists (SHA-256 and size), and there is nothing else`);

  if (!signed) return done(undefined, brief);
  const [{ verifyPdf }, { PdfFile }, { attachedFacts, pdfFacts }] = await Promise.all([import("../signing/verify-pdf.ts"), import("../signing/pdf-reader/revisions.ts"), import("../signing/attached-facts.ts")]);
  let pdf: VerifyReport;
  try {
    pdf = await verifyPdf(signed, `${file}:${BUNDLE_FILES.signed}`, trust);
  } catch (error) {
    check(false, `${BUNDLE_FILES.signed} cannot be verified: ${error instanceof Error ? error.message.replace(/^.*? cannot be verified: /, "") : String(error)}`);
    return done(undefined, brief);
  }

  // The facts the learner signed: those of the revision their signature covers.
  const revisions = new PdfFile(signed).revisions;
  const learner = pdf.signatures.find((s) => s.role === "learner" && s.valid);
  const learnerRevision = learner?.revision ? revisions[learner.revision - 1] : undefined;
  const facts: AttachedFacts | undefined = learnerRevision ? attachedFacts(learnerRevision) : undefined;
  if (!check(facts !== undefined, facts ? `${BUNDLE_FILES.signed} carries what it was built from (build ${facts.buildId}) under the learner's signature` : `${BUNDLE_FILES.signed} has no learner's signature that holds over what it was built from, so nothing else can be bound to it`)) return done(pdf, brief);
  check(String(manifest.buildId) === facts!.buildId && String(manifest.candidateNumber) === (facts!.evidenceMap?.candidateNumber ?? String(manifest.candidateNumber)), String(manifest.buildId) === facts!.buildId ? "the manifest names the signed build and its candidate number" : `the manifest names build ${String(manifest.buildId)}, but the signed PDF is build ${facts!.buildId}`);

  const reportBytes = entries.get(BUNDLE_FILES.report);
  if (reportBytes) {
    let report: BuildReport | undefined;
    try {
      report = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(reportBytes)) as typeof report;
    } catch {
      check(false, `${BUNDLE_FILES.report} cannot be read as JSON`);
    }
    if (report) {
      // The report's PDF hash is of the file as built and signed by the learner: the bytes up to the end of that revision.
      const signedAs = learnerRevision ? sha256(signed.subarray(0, learnerRevision.end)) : undefined;
      check(report.buildId === facts!.buildId, report.buildId === facts!.buildId ? `${BUNDLE_FILES.report} is of the signed build` : `${BUNDLE_FILES.report} is of build ${String(report.buildId)}, not of the signed build ${facts!.buildId}`);
      const disagreements = disagreementsWith(report, facts!);
      check(disagreements.length === 0, disagreements.length === 0 ? `${BUNDLE_FILES.report} agrees with what the learner signed: every source's SHA-256, each criterion's evidence, and the pages of reflections and criteria` : `${BUNDLE_FILES.report} does not agree with what the learner signed: ${disagreements.slice(0, 3).join("; ")}${disagreements.length > 3 ? `; and ${disagreements.length - 3} more` : ""}`);
      check(report.pdf?.sha256 === signedAs, report.pdf?.sha256 === signedAs ? `${BUNDLE_FILES.report} is the report of the PDF as the learner signed it (its SHA-256 is that of revision ${learnerRevision!.index + 1})` : `${BUNDLE_FILES.report} is the report of another PDF: it gives the SHA-256 ${String(report.pdf?.sha256)}, and the PDF as the learner signed it has ${signedAs}`);
    }
  }

  const verifierBytes = entries.get(BUNDLE_FILES.verifier);
  if (verifierBytes) {
    const edition = pdfFacts(verifierBytes);
    const sameSources = edition !== undefined && JSON.stringify(sortedEntries(edition.sources)) === JSON.stringify(sortedEntries(facts!.sources));
    if (!edition) check(false, `${BUNDLE_FILES.verifier} carries no record of what it was built from, so it cannot be tied to the signed PDF`);
    else {
      check(edition.buildId === facts!.buildId && sameSources, edition.buildId === facts!.buildId && sameSources ? `${BUNDLE_FILES.verifier} is of the same build, from the same sources` : `${BUNDLE_FILES.verifier} is of build ${edition.buildId}${sameSources ? "" : ", from other sources"}, not of the signed build ${facts!.buildId}`);
      // The verifier edition's build puts "Candidate N" where the learner's name would be.
      const candidate = facts!.evidenceMap?.candidateNumber;
      const anonymous = edition.evidenceMap?.learner === `Candidate ${candidate}`;
      check(edition.evidenceMap?.candidateNumber === candidate && anonymous, anonymous ? `${BUNDLE_FILES.verifier} is for the same candidate, ${candidate}, with the candidate number for the name` : `${BUNDLE_FILES.verifier} is not a verifier edition: it does not put the candidate number where the learner's name would be`);
      // Unsigned, so its pages are read against the signed PDF's: the same text, the name aside.
      if (anonymous && facts!.evidenceMap) {
        const differs = await textDiffers(signed, verifierBytes, facts!.evidenceMap.learner, candidate!);
        check(differs === undefined, differs === undefined ? `${BUNDLE_FILES.verifier}'s pages say what the signed PDF's say, word for word, with the candidate number for the name` : `${BUNDLE_FILES.verifier}'s pages do not say what the signed PDF's say: ${differs}`);
      }
    }
  }
  return done(pdf, brief);
}

/** The parts of report.json a verifier reads, as `portfolio build` writes them. */
interface BuildReport {
  buildId?: unknown;
  pdf?: { sha256?: unknown };
  sources?: Record<string, string>;
  coverage?: { units?: Array<{ urn?: unknown; title?: unknown; criteria?: Array<{ id?: unknown; text?: unknown; evidence?: Array<{ file?: unknown; title?: unknown }> }> }> };
  reflections?: Array<{ file?: unknown; page?: unknown }>;
  markers?: Array<{ file?: unknown; urn?: unknown; id?: unknown; page?: unknown }>;
  appendices?: Array<{ file?: unknown; sha256?: unknown }>;
}

/**
 * Where report.json says other than the facts under the learner's signature: the sources'
 * hashes; each unit's criteria, their text and the reflections evidencing them; the page
 * each reflection starts on and each criterion is marked on; each appendix's hash. A
 * report edited after signing (coverage improved, a page moved) is caught here even when
 * the manifest is made to agree.
 */
export function disagreementsWith(report: BuildReport, facts: AttachedFacts): string[] {
  const found: string[] = [];
  if (JSON.stringify(sortedEntries(report.sources)) !== JSON.stringify(sortedEntries(facts.sources))) found.push("the sources' SHA-256s differ");
  const map = facts.evidenceMap;
  if (!map) return [...found, "the signed PDF carries no evidence map to compare with"];
  const coverage = (report.coverage?.units ?? []).map((u) => ({ urn: u.urn, title: u.title, criteria: (u.criteria ?? []).map((c) => ({ id: c.id, text: c.text, evidence: (c.evidence ?? []).map((e) => `${String(e.file)}|${String(e.title)}`) })) }));
  const signed = map.units.map((u) => ({ urn: u.urn, title: u.title, criteria: u.criteria.map((c) => ({ id: c.id, text: c.text, evidence: c.evidence.map((e) => `${e.file}|${e.title}`) })) }));
  if (JSON.stringify(coverage) !== JSON.stringify(signed)) {
    const units = new Map(signed.map((u) => [String(u.urn), u]));
    for (const unit of coverage) {
      const mine = units.get(String(unit.urn));
      if (!mine) { found.push(`unit ${String(unit.urn)} is not in the signed PDF`); continue; }
      const criteria = new Map(mine.criteria.map((c) => [String(c.id), c]));
      for (const c of unit.criteria) if (JSON.stringify(c) !== JSON.stringify(criteria.get(String(c.id)))) found.push(`criterion ${String(unit.urn)} ${String(c.id)} differs`);
    }
    if (!found.length) found.push("the units and criteria differ");
  }
  const evidence = map.units.flatMap((u) => u.criteria.flatMap((c) => c.evidence.map((e) => ({ urn: u.urn, id: c.id, ...e }))));
  for (const m of report.markers ?? []) {
    if (!evidence.some((e) => e.urn === m.urn && e.id === m.id && e.file === m.file && e.marked && e.pages.includes(Number(m.page)))) found.push(`${String(m.urn)} ${String(m.id)} is said to be marked on page ${String(m.page)} of ${String(m.file)}, which the signed evidence map does not say`);
  }
  for (const r of report.reflections ?? []) {
    if (evidence.some((e) => e.file === r.file && !e.marked && !e.pages.includes(Number(r.page)))) found.push(`${String(r.file)} is said to start on page ${String(r.page)}, which the signed evidence map does not say`);
  }
  for (const a of report.appendices ?? []) {
    if (facts.sources[String(a.file)] !== a.sha256) found.push(`appendix ${String(a.file)} has another SHA-256 than the signed source`);
  }
  return found;
}

/**
 * Where the verifier edition's page text departs from the signed PDF's, once the learner's
 * name is put as "Candidate N" (in the footer, "name · candidate N" is said once) and
 * white space is taken as one space (a shorter name wraps a line elsewhere); undefined
 * when they agree. The text of the pages, as pdf.js reads it; not their pictures.
 */
async function textDiffers(signed: Uint8Array, verifier: Uint8Array, name: string, candidate: string): Promise<string | undefined> {
  const { readPdf } = await import("../evidence/formats/pdf.ts");
  const pages = async (bytes: Uint8Array) => {
    try {
      return (await readPdf(bytes)).passages.filter((p) => p.place.kind === "page" && !("detail" in p.place && p.place.detail)).map((p) => p.text).join("\n");
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const [a, b] = await Promise.all([pages(signed), pages(verifier)]);
  if (a instanceof Error) return `the signed PDF's pages cannot be read (${a.message})`;
  if (b instanceof Error) return `its pages cannot be read (${b.message})`;
  const stand = `Candidate ${candidate}`;
  const flat = (text: string) => text.replace(/\s+/g, " ").trim();
  const expected = flat(a.split(`${name} · candidate ${candidate}`).join(stand).split(name).join(stand));
  const got = flat(b);
  if (expected === got) return undefined;
  let at = 0;
  while (at < expected.length && expected[at] === got[at]) at++;
  const around = (text: string) => `"${text.slice(Math.max(0, at - 30), at + 30)}"`;
  return `where the signed PDF has ${around(expected)}, it has ${around(got)}`;
}

function sortedEntries(record: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

/** The bundle's verdict on a line, as `verify` prints one per file. */
export function bundleLine(file: string, report: BundleReport): string {
  if (report.valid) {
    return `✓ ${file}: valid EQA bundle of candidate ${report.manifest!.candidateNumber}, signed by ${signedBy(report.pdf!.signatures)}${report.pdf!.identityConfirmed ? "" : " (who signed is not confirmed: no --trust)"}`;
  }
  const reason = report.checks.find((c) => !c.ok)?.text ?? report.pdf?.problems[0] ?? report.pdf?.signatures.flatMap((s) => s.problems)[0] ?? "a signature does not hold";
  return `✗ ${file}: not valid: ${reason}`;
}

/** The bundle's checks, then the signed PDF's own report (as `verify` gives it), wrapped to `width` when given. */
export function formatBundleReport(file: string, report: BundleReport, pdfReport: (file: string, width?: number) => string, width?: number): string {
  const m = report.manifest;
  const lines = [`${file}: EQA bundle${m ? ` of candidate ${m.candidateNumber}, build ${m.buildId}, made ${m.created.slice(0, 10)} by portfolio ${m.version}` : ""}`];
  for (const c of report.checks) lines.push(`${c.ok ? "✓" : "✗"} ${c.text}`);
  const wrapped = width === undefined ? lines : lines.flatMap((line) => wrap(line, Math.max(60, width), 2));
  const pdf = report.pdf ? `\n\n${pdfReport(`${file}: ${BUNDLE_FILES.signed}`, width)}` : "";
  const verdict = report.valid
    ? "Valid bundle: its files are those its manifest lists, the signed PDF verifies, and the report and verifier edition are of the build the learner signed."
    : "Not a valid bundle: see the ✗ lines above.";
  return `${wrapped.join("\n")}${pdf}\n\n${verdict}`;
}
