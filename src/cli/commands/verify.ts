import { X509Certificate } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { needsFeedback, type RecordedAssessment } from "../../assessment/recorded.ts";
import { PortfolioError, UsageError, whyUnreadable } from "../../errors.ts";
import { roleTitles, signedBy, type Role } from "../../signing/roles.ts";
import type { LaterChange } from "../../signing/later-changes.ts";
import type { VerifyReport } from "../../signing/verify-pdf.ts";
import type { Since } from "../../assessment/since.ts";
import type { BundleReport } from "../../bundle/bundle.ts";
import { isZip } from "../../bundle/is-zip.ts";
import { hashLabel, pagesText } from "../../text/format.ts";
import { reportWidth, wrap } from "../../text/wrap.ts";
import { EXIT, oneOf, parseFlags, type Io } from "../cli-io.ts";

export const verifyHelp = `Usage: portfolio verify FILE.pdf [--format text|json] [--trust CERT.pem]... [--dir DIR] [--since OLD.pdf]
       portfolio verify FILE|FOLDER|GLOB... [--format text|json] [--trust CERT.pem]...
       portfolio verify BUNDLE.zip [--format text|json] [--trust CERT.pem]...

Reads the PDF revision by revision, as a PDF reader does, and for each signature says:
the signer, role, time, SubFilter and digest; whether its byte ranges leave out exactly
its own /Contents and cover a whole revision; whether its CMS holds; its certificate,
judged at a timestamp's time or now; and everything later revisions changed, allowed
(signatures, validation data, timestamps, metadata, readers' comments, which are listed)
or not (anything else, named in a sentence). With --trust, each signer's certificate
must chain to one of the certificates given; without it, who signed is not confirmed,
and the verdict says so. With --dir, also whether that workspace is the one the PDF was
made from, file by file. With --since, what this PDF changed since an earlier one of the
same portfolio (a resubmission since the version assessed): the files changed, added
and removed, and each criterion whose evidence is new or changed, with its pages.

Given several files, a folder (every PDF and zip in it, and in its folders) or a glob
("inbox/*.pdf", quoted or not), every file is judged: a line each (valid, not valid with
the first reason, or cannot be verified), then a tally; --format json gives an array of
the reports.

An EQA bundle (FILE.zip, from portfolio bundle) is checked offline: every file is the one
its manifest lists (SHA-256 and size) and nothing else is in it; the signed PDF is
verified as above; report.json is the report of that PDF as the learner signed it and
agrees with the evidence map under their signature; the verifier edition is of the same
build and sources, and its pages say what the signed PDF's say, with the candidate number
for the name.

Exit status: 0 when every signature holds and nothing disallowed came after any of
them (and, with --trust, every signer is confirmed), in every file; 1 otherwise, or when
a file cannot be verified; 2 when the command is used wrongly (a bad flag, a file that cannot
be read); 70 a bug in portfolio (please report it).`;

export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("verify", args, {
    format: { type: "string" }, trust: { type: "string", multiple: true }, dir: { type: "string" }, since: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(verifyHelp); return EXIT.ok; }
  if (positionals.length === 0) throw new UsageError("No PDF to verify", "portfolio verify _site/portfolio.pdf");
  const format = oneOf("format", values.format, ["text", "json"], "text");
  const files = await pdfsNamed(positionals);
  const batch = positionals.length > 1 || files.length !== 1 || files[0] !== positionals[0];
  if (batch && values.since !== undefined) throw new UsageError("--since compares one PDF with an earlier one", "Give one PDF: portfolio verify portfolio-v2.pdf --since portfolio.pdf");
  if (batch && values.dir !== undefined) throw new UsageError("--dir compares one PDF with the workspace it was made from", "Give one PDF: portfolio verify _site/portfolio.pdf --dir portfolio");
  const file = files[0]!;
  // One after another, so that of several unreadable files the first given is the one named
  // (read at once, whichever failed first was, and the message changed from run to run).
  const trust: X509Certificate[] = [];
  for (const path of values.trust ?? []) trust.push(...(await readTrust(path)));
  if (batch) return verifyMany(files, trust, format, io);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${file}: ${whyUnreadable(error)}`, "Give the path of the signed PDF."); });
  if (isZip(bytes)) {
    if (values.since !== undefined || values.dir !== undefined) throw new UsageError("--since and --dir compare a PDF, not an EQA bundle", `portfolio verify ${file}`);
    const { verifyBundle, formatBundleReport } = await import("../../bundle/bundle.ts");
    const report = await verifyBundle(bytes, file, trust);
    io.out(format === "json" ? JSON.stringify({ file, ...report }, null, 2) : formatBundleReport(file, report, (text, w) => formatVerifyReport(text, report.pdf!, w), reportWidth()));
    return report.valid ? EXIT.ok : EXIT.contentErrors;
  }
  const workspace = values.dir ? await (await import("../../workspace/load-workspace.ts")).loadWorkspace(values.dir) : undefined;
  // The verifier and its crypto are loaded only to verify (not for --help or a usage error).
  const { verifyPdf } = await import("../../signing/verify-pdf.ts");
  const report = await verifyPdf(bytes, file, trust, workspace);
  const since = values.since === undefined ? undefined : await changesSince(values.since, bytes);
  const width = reportWidth();
  io.out(format === "json" ? JSON.stringify({ file, ...report, ...(since ? { since: { file: values.since, ...since } } : {}) }, null, 2) : formatVerifyReport(file, report, width) + (since ? `\n\n${formatSince(values.since!, since, width)}` : ""));
  return report.valid ? EXIT.ok : EXIT.contentErrors;
}

/**
 * The PDFs named: a file as given; a folder's PDFs, in its folders too, in order; a glob's
 * matches (a shell expands one; one quoted, or on Windows, is expanded here). A name that
 * is none of these stays, to be reported as unreadable in its turn.
 */
async function pdfsNamed(names: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const name of names) {
    const kind = await stat(name).then((s) => (s.isDirectory() ? "folder" : "file"), () => undefined);
    if (kind === "file") files.push(name);
    else if (kind === "folder") {
      const found = (await readdir(name, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && /\.(pdf|zip)$/i.test(e.name)).map((e) => join(e.parentPath, e.name));
      files.push(...found.sort((a, b) => a.localeCompare(b)));
    } else if (/[*?[{]/.test(name)) {
      const { glob } = await import("tinyglobby");
      const matched = await glob(name, { onlyFiles: true, expandDirectories: false });
      files.push(...(matched.length ? matched.sort((a, b) => a.localeCompare(b)) : [name]));
    } else files.push(name);
  }
  return files;
}

/** Each file judged in turn: a line each (or a report each, as JSON), a tally, exit 1 if any is not valid. */
async function verifyMany(files: readonly string[], trust: readonly X509Certificate[], format: "text" | "json", io: Io): Promise<number> {
  const [{ verifyPdf }, { verifyBundle, bundleLine }] = await Promise.all([import("../../signing/verify-pdf.ts"), import("../../bundle/bundle.ts")]);
  const results: Array<{ file: string; report?: VerifyReport; bundle?: BundleReport; error?: string }> = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `${file} cannot be read: ${whyUnreadable(error)}`); });
      results.push(isZip(bytes) ? { file, bundle: await verifyBundle(bytes, file, trust) } : { file, report: await verifyPdf(bytes, file, trust) });
    } catch (error) {
      if (!(error instanceof PortfolioError)) throw error;
      results.push({ file, error: error.message });
    }
  }
  const valid = results.filter((r) => r.report?.valid || r.bundle?.valid).length;
  if (format === "json") {
    io.out(JSON.stringify(results.map((r) => (r.report ? { file: r.file, ...r.report } : r.bundle ? { file: r.file, bundle: true, ...r.bundle } : { file: r.file, valid: false, error: r.error })), null, 2));
  } else {
    const width = reportWidth();
    const lines = results.map((r) => (r.report ? oneLine(r.file, r.report) : r.bundle ? bundleLine(r.file, r.bundle) : `✗ ${r.error!.replace(/^.*? cannot /, `${r.file}: cannot `)}`));
    lines.push("", `${results.length} ${results.length === 1 ? "file" : "files"}: ${valid} valid, ${results.length - valid} not`);
    io.out(width === undefined ? lines.join("\n") : lines.flatMap((line) => wrap(line, Math.max(60, width), 2)).join("\n"));
  }
  return valid === results.length ? EXIT.ok : EXIT.contentErrors;
}

/** One file's verdict on a line: who signed and whether it holds, or the first reason it does not. */
function oneLine(file: string, report: VerifyReport): string {
  const who = signedBy(report.signatures);
  if (report.valid) return `✓ ${file}: valid, signed by ${who}${report.identityConfirmed ? "" : " (who signed is not confirmed: no --trust)"}`;
  const reason = report.problems[0] ?? report.signatures.flatMap((s) => s.problems)[0] ?? "a signature does not hold";
  return `✗ ${file}: not valid: ${reason}`;
}

/** The certificates in a --trust file: PEM (one or a bundle) or DER. */
export async function readTrust(path: string): Promise<X509Certificate[]> {
  const hint = "Give a certificate (PEM or DER), not a key; from a .p12: `openssl pkcs12 -in KEY.p12 -nokeys -clcerts -out cert.pem`.";
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read --trust ${path}: ${whyUnreadable(error)}`, hint); });
  const text = bytes.toString("latin1");
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length) return blocks.map((block) => new X509Certificate(block));
    if (!text.includes("-----BEGIN")) return [new X509Certificate(bytes)];
  } catch {
    // Reported below.
  }
  throw new UsageError(`--trust ${path} holds no certificate that can be read`, hint);
}

/** The report as text, wrapped to `width` columns when given (a terminal's; piped, one line each). */
export function formatVerifyReport(file: string, report: VerifyReport, width?: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [`${file}: ${count(report.signatures.length, "signature")} in ${count(report.revisions, "revision")}`];
  for (const problem of report.problems) lines.push(`✗ ${problem}`);
  report.signatures.forEach((s, i) => {
    const who = s.role ? roleTitles[s.role as Role] : s.kind === "timestamp" ? `Document timestamp ${s.field}` : `Field ${s.field}`;
    const when = s.time ? s.time.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC") : "at an unknown time";
    lines.push("", `${i + 1}. ${who}: ${s.signer}, ${s.kind === "timestamp" ? "time" : "signed"} ${when} (${s.subFilter || "no SubFilter"}, ${hashLabel(s.digestAlgorithm)})`);
    const mark = (ok: boolean, text: string) => lines.push(`   ${ok ? "✓" : "✗"} ${text}`);
    if (s.coversRevision) mark(true, s.totalDocument ? "it covers the whole document" : `it covers revision ${s.revision} of ${report.revisions} whole`);
    if (s.coversRevision && s.digestValid) mark(true, `the signed bytes are unchanged (the ${hashLabel(s.digestAlgorithm)} digest holds)`);
    if (s.digestValid && s.signatureValid && s.certificateBound) mark(true, s.kind === "timestamp" ? "the timestamp authority's signature holds" : "the signature holds for the signer's certificate");
    const allowed = s.laterChanges.filter((c) => c.allowed);
    if (s.laterChanges.length && allowed.length === s.laterChanges.length) mark(true, `after it, only changes allowed after signing: ${summary(allowed)}`);
    for (const change of allowed.filter((c) => c.kind === "comment")) lines.push(`     · ${change.description}`);
    if (s.certificate) {
      const c = s.certificate;
      const at = c.timeSource === "now" ? "now" : `at the ${c.timeSource}'s time`;
      if (c.trusted) mark(true, `certificate: ${c.subject}, chains to a trusted certificate (checked ${at})`);
      else lines.push(`   ${report.trustGiven ? "✗" : "!"} certificate: ${c.subject}${c.selfSigned ? ", self-signed" : `, issued by ${c.issuer}`}; who signed is not confirmed${report.trustGiven ? "" : " (no --trust certificate was given)"}`);
    }
    for (const problem of s.problems) lines.push(`   ✗ ${problem}`);
    for (const note of s.notes) lines.push(`   ! ${note}`);
    // A reason the signer wrote (`sign --reason`); the one portfolio writes by default says nothing more.
    if (s.reason && !s.assessment && !(s.role && s.reason === `${roleTitles[s.role as Role]}'s signature on the portfolio`)) lines.push(`   Reason given: ${s.reason}`);
    if (s.assessment) lines.push(...assessmentLines(s.assessment));
  });
  const w = report.workspace;
  if (w) {
    lines.push("", w.matches
      ? `✓ The workspace is the one this PDF was made from (build ${w.buildId}).`
      : w.problem
        ? `✗ The workspace cannot be compared: ${w.problem}.`
        : `✗ The workspace differs from the one this PDF was made from (build ${w.buildId}):${[...w.changed.map((f) => ` ${f} changed`), ...w.added.map((f) => ` ${f} added`), ...w.removed.map((f) => ` ${f} removed`)].join(";")}.`);
  }
  const failed = report.signatures.filter((s) => !s.valid).length;
  lines.push("", report.valid
    ? report.identityConfirmed
      ? "Valid: every signature holds, nothing that matters changed after any of them, and every signer's certificate chains to a trusted one."
      : "Valid: every signature holds and nothing that matters changed after any of them. Who signed is not confirmed: give the centre's or signer's certificate with --trust CERT.pem to check it."
    : `Not valid: ${failed ? `${count(failed, "signature")} of ${report.signatures.length} ${failed === 1 ? "fails" : "fail"}` : "the file fails"}; see the ✗ lines above.`);
  // Each continuation under its line's text, past its mark ("✓ ", "1. ").
  return width === undefined ? lines.join("\n") : lines.flatMap((line) => wrap(line, Math.max(60, width), (/^\s*(?:[✓✗!·]\s|\d+\.\s)?/.exec(line)?.[0] ?? "").length)).join("\n");
}

/** A record of decisions under its signature: the outcome, then what is not yet met (or disagreed with), with feedback. */
function assessmentLines(record: RecordedAssessment): string[] {
  const against = record.criteria.filter((c) => needsFeedback(c.decision));
  const lines = [record.role === "iqa"
    ? `   Sampling recorded with this signature (${record.date}): ${record.outcome}s with the assessment; ${record.criteria.length} ${record.criteria.length === 1 ? "criterion" : "criteria"} sampled, ${against.length} disagreed with`
    : `   Decisions recorded with this signature (${record.date}): ${record.outcome === "met" ? "met" : "not yet met"}; ${record.criteria.length - against.length} of ${record.criteria.length} criteria met`];
  if (record.feedback) lines.push(`     Feedback: ${record.feedback}`);
  for (const c of against) lines.push(`     · ${c.unit} ${c.id} ${c.decision === "disagree" ? "disagreed with" : "not yet met"}: ${c.feedback}`);
  for (const r of record.reflections) lines.push(`     · ${r.file}: ${r.feedback}`);
  return lines;
}

const KINDS: Record<LaterChange["kind"], [string, string]> = {
  signature: ["signature", "signatures"],
  timestamp: ["document timestamp", "document timestamps"],
  "validation-data": ["validation data", "validation data"],
  metadata: ["metadata update", "metadata updates"],
  comment: ["comment", "comments"],
  "signature-field": ["empty signature field", "empty signature fields"],
  other: ["other allowed change", "other allowed changes"],
};

/** "2 signatures, validation data, 1 comment". */
function summary(changes: readonly LaterChange[]): string {
  const counts = new Map<LaterChange["kind"], number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (kind === "validation-data" ? KINDS[kind][0] : `${n} ${KINDS[kind][n === 1 ? 0 : 1]}`)).join(", ");
}


/** What the PDF changed since an earlier PDF of the same portfolio, from the facts each carries. */
async function changesSince(earlierFile: string, bytes: Uint8Array): Promise<Since> {
  const earlier = await readFile(earlierFile).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read --since ${earlierFile}: ${whyUnreadable(error)}`, "Give the earlier PDF of this portfolio, as assessed."); });
  const [{ pdfFacts }, { sinceEarlier }] = await Promise.all([import("../../signing/attached-facts.ts"), import("../../assessment/since.ts")]);
  const [then, now] = [pdfFacts(earlier), pdfFacts(bytes)];
  if (!then) throw new UsageError(`--since ${earlierFile} carries no record of what it was made from`, "Give a PDF built by portfolio (or rebuild the earlier version).");
  if (!now) throw new UsageError("This PDF carries no record of what it was made from, so it cannot be compared", "It was made by another tool or an older version of portfolio.");
  return sinceEarlier(then, now);
}

/** The changes since an earlier PDF, as text. */
export function formatSince(earlierFile: string, since: Since, width?: number): string {
  const files = [...since.changed.map((f) => `${f} changed`), ...since.added.map((f) => `${f} added`), ...since.removed.map((f) => `${f} removed`)];
  const lines = [files.length ? `Since ${earlierFile} (build ${since.buildId}): ${files.length} ${files.length === 1 ? "file" : "files"} changed, added or removed.` : `Since ${earlierFile} (build ${since.buildId}): no source file changed.`];
  for (const f of files) lines.push(`  · ${f}`);
  if (since.criteria.length) lines.push("Criteria whose evidence is new or changed, to read again:");
  for (const c of since.criteria) lines.push(`  · ${c.urn} ${c.id}${c.before ? "" : " (not evidenced before)"}: ${pagesText(c.pages)} (${c.files.join(", ")})`);
  for (const c of since.lost) lines.push(`  ✗ ${c.urn} ${c.id} was evidenced before and is no longer`);
  return width === undefined ? lines.join("\n") : lines.flatMap((line) => wrap(line, Math.max(60, width), (/^\s*(?:[·✗]\s)?/.exec(line)?.[0] ?? "").length)).join("\n");
}
