import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ContentErrorsError, PortfolioError, UsageError, whyUnreadable } from "../../errors.ts";
import { replaceFile } from "../../interrupt.ts";
import { signedBy } from "../../signing/roles.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";
import { version } from "../main.ts";
import { pdfOptions } from "../pdf-options.ts";
import { siteDir, workspaceDir } from "../workspace-dir.ts";

export const bundleHelp = `Usage: portfolio bundle --out FILE.zip [--dir DIR] [--pdf SIGNED.pdf] [--report report.json]
                        [--verifier FILE.pdf] [--trust CERT.pem]... [--paper a4|letter]

For an external verifier (EQA): one learner's work in one zip, to check offline. It holds
the signed PDF (as the learner, assessor and IQA signed it), the verifier edition (the
same build with the candidate number where the name would be), report.json, and
manifest.json with each file's SHA-256. \`portfolio verify FILE.zip\` checks it.

The signed PDF must verify, and the workspace must be the one it was built from: the
verifier edition is printed from it now (or give one built then, with --verifier), and
must be of the same build. The bundle is checked as \`verify\` would check it before it
is written; nothing is written otherwise.

Options:
  --out FILE.zip      the bundle to write (never inside the workspace)
  --dir DIR           the workspace (default: the one this folder is in, else ./portfolio)
  --pdf FILE          the signed PDF (default: _site/portfolio.pdf beside the workspace)
  --report FILE       its report.json (default: the one beside the PDF, else in _site/)
  --verifier FILE     a verifier edition already built (portfolio build --edition verifier)
  --trust CERT.pem    certificates the signers' must chain to, as for verify
  --paper SIZE        a4 (default) or letter, for the verifier edition printed now
  -h, --help          show this help

Exit status: 0 written; 1 the signed PDF does not verify, or the workspace or a file
given is not of its build (nothing written); 2 the command cannot run (a bad flag, a file
that cannot be read, no browser); 70 a bug in portfolio (please report it).`;

/** The signed PDF, the workspace or a file given is not of one build: exit 1, as content that fails. */
export class BundleRefusedError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(message: string, hint: string) {
    super("PORTFOLIO_BUNDLE_REFUSED", message, { hint });
  }
}

export async function bundleCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags("bundle", args, {
    out: { type: "string" }, dir: { type: "string" }, pdf: { type: "string" }, report: { type: "string" }, verifier: { type: "string" },
    trust: { type: "string", multiple: true }, paper: { type: "string" }, help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(bundleHelp); return EXIT.ok; }
  if (!values.out) throw new UsageError("--out is needed: the zip to write", "portfolio bundle --out priya-shah-eqa.zip");
  const dir = workspaceDir(values.dir);
  if (!existsSync(join(dir, "portfolio.yaml"))) throw new UsageError(`${dir} is not a portfolio workspace (it has no portfolio.yaml)`, "Run it in the workspace, or give --dir.");
  const out = resolve(values.out);
  // The bundle carries the learner's name (the signed PDF); kept out of the sources and their repository.
  if (`${out}${sep}`.startsWith(`${resolve(dir)}${sep}`)) throw new UsageError(`--out ${values.out} is inside the workspace`, "Write the bundle outside it (beside it, or in _site/), so it is never committed with the sources.");
  const site = siteDir(undefined, dir);
  const pdfFile = values.pdf ?? join(site, "portfolio.pdf");
  const reportFile = values.report ?? [join(dirname(pdfFile), "report.json"), join(site, "report.json")].find((f) => existsSync(f)) ?? join(site, "report.json");
  const read = (file: string, what: string, hint: string) => readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${what} ${file}: ${whyUnreadable(error)}`, hint);
  });
  const [signed, report] = [await read(pdfFile, "the signed PDF", "Build and sign it first (portfolio build), or give it with --pdf."), await read(reportFile, "report.json", "Give it with --report.")];
  const options = values.verifier ? undefined : pdfOptions(values, io, version());

  const [{ readTrust }, { verifyPdf }, { loadWorkspace }, { bundleZip, verifyBundle, BUNDLE_FILES }, { attachedFacts }, { matchWorkspace }, { PdfFile }, { parseDate }, { text }] = await Promise.all([
    import("./verify.ts"), import("../../signing/verify-pdf.ts"), import("../../workspace/load-workspace.ts"), import("../../bundle/bundle.ts"), import("../../signing/attached-facts.ts"),
    import("../../signing/match-workspace.ts"), import("../../signing/pdf-reader/revisions.ts"), import("../../signing/read-signatures.ts"), import("../../signing/pdf-reader/structure.ts"),
  ]);
  const trust = [];
  for (const path of values.trust ?? []) trust.push(...(await readTrust(path)));
  const workspace = await loadWorkspace(dir, { render: !values.verifier });
  const verified = await verifyPdf(signed, pdfFile, trust);
  const refuse = (why: string, hint: string): never => { throw new BundleRefusedError(why, `${hint} Nothing was written.`); };
  if (!verified.valid) {
    const reason = verified.problems[0] ?? verified.signatures.flatMap((s) => s.problems)[0] ?? "a signature does not hold";
    refuse(`${pdfFile} does not verify: ${reason}`, `\`portfolio verify ${pdfFile}\` says why.`);
  }
  // It verified, so it reads: its latest revision says what it was built from, and when printed.
  const latest = new PdfFile(signed).revisions.at(-1)!;
  const facts = attachedFacts(latest);
  if (!facts?.evidenceMap) refuse(`${pdfFile} carries no record of what it was built from`, "Bundle a PDF built by portfolio.");
  // Compared apart from the verdict: with a workspace given, verify counts a difference against the PDF.
  const match = values.verifier ? undefined : await matchWorkspace(latest, workspace);
  // Its creation date, which the build sets to the date it prints on the cover.
  const printed = parseDate(text(latest.resolve(latest.dict(latest.trailer.get("Info"))?.get("CreationDate"))));
  if (!values.verifier && !match?.matches) {
    const files = match ? [...match.changed.map((f) => `${f} changed`), ...match.added.map((f) => `${f} added`), ...match.removed.map((f) => `${f} removed`)] : [];
    refuse(`the workspace is not the one ${pdfFile} was built from (build ${facts!.buildId})${files.length ? `: ${files.slice(0, 5).join("; ")}${files.length > 5 ? `; and ${files.length - 5} more` : ""}` : ""}, so a verifier edition printed from it would not be of the signed work`, "Bundle from the sources the PDF was built from (the commit it was built at), or give the verifier edition built then with --verifier.");
  }

  // Printed as of the day the signed PDF was (its cover and declaration are dated), so the
  // two say the same, word for word, whenever the bundle is made.
  const verifier = values.verifier ? await read(values.verifier, "the verifier edition", "Give it with --verifier.") : await printVerifierEdition(workspace, { ...options!, sourceDateEpoch: options!.sourceDateEpoch ?? (printed ? Math.floor(printed.getTime() / 1000) : undefined) }, io);
  const created = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
  const { zip, manifest } = bundleZip({ signed, verifier, report }, { version: version(), created, candidateNumber: facts!.evidenceMap!.candidateNumber, buildId: facts!.buildId, report: verified });
  // Judged as the verifier will judge it, before it is written.
  const judged = await verifyBundle(zip, out, trust);
  const failed = judged.checks.find((c) => !c.ok);
  if (failed) refuse(`the bundle would not verify: ${failed.text}`, failed.text.startsWith(BUNDLE_FILES.report) ? "Give the report.json written with this PDF (--report), or build again." : "Give the files of one build.");
  await replaceFile(out, zip);
  io.err(`Wrote ${relative(process.cwd(), out) || out}: candidate ${manifest.candidateNumber}, build ${manifest.buildId}, ${signedBy(verified.signatures)}`);
  for (const f of manifest.files) io.err(`  ${f.name.padEnd(24)} ${f.sha256}  ${(f.bytes / 1024).toFixed(0)} KB`);
  return EXIT.ok;
}

/** The verifier edition of the workspace, printed as `portfolio pdf --edition verifier` prints it, into a private folder. */
async function printVerifierEdition(workspace: import("../../workspace/workspace.ts").Workspace, options: import("../../pdf/render-pdf.ts").PdfOptions, io: Io): Promise<Uint8Array> {
  const [{ checkWorkspace }, { forEdition }, { writePdf }, { startBrowser }, { formatReport }] = await Promise.all([
    import("../../check/check-workspace.ts"), import("../../privacy/edition.ts"), import("../../pdf/write-pdf.ts"), import("../../pdf/browser.ts"), import("../../diagnostics/reporter.ts"),
  ]);
  const checked = forEdition(checkWorkspace(workspace), "verifier");
  if (checked.errorCount > 0) {
    io.err(formatReport(checked.diagnostics, { color: io.color }));
    throw new ContentErrorsError(checked.errorCount);
  }
  io.err("Printing the verifier edition");
  const temp = await mkdtemp(join(tmpdir(), "portfolio-bundle-"));
  try {
    const browser = startBrowser();
    return await browser.unless(async () => {
      const file = join(temp, "portfolio.pdf");
      await writePdf(checked, file, { ...options, edition: "verifier", browser: browser.started });
      return readFile(file);
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
