import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { CheckResult } from "../check/check-workspace.ts";
import { finding, type Diagnostic } from "../diagnostics/diagnostic.ts";
import pdfRequestBlocked from "../diagnostics/rules/pdf-request-blocked.ts";
import { replaceFile } from "../interrupt.ts";
import { createMarkdown, imagesIn } from "../markdown/create-markdown.ts";
import { renderPdf, type PdfOptions, type PdfResult } from "./render-pdf.ts";
import type { VerifyReport } from "../signing/verify-pdf.ts";
import { sourcesOf, findLeaksIn, PrivacyLeakError, protectedNames, type Edition } from "../privacy/final-pass.ts";
import { pdfReport } from "./report.ts";
import { sha256 } from "./sources.ts";

export interface WrittenPdf {
  result: PdfResult;
  /** Set once the build has signed it. */
  signed?: { role: string; report: VerifyReport };
  /** Requests the print blocked, as warnings on the reflection that made them. */
  warnings: Diagnostic[];
}

/**
 * Prints the PDF and writes it with report.json beside it. Each file is written under a
 * temporary name and renamed into place, so a failure leaves any previous PDF as it was.
 */
export async function writePdf(checked: CheckResult, pdfPath: string, options: PdfOptions & { edition?: Edition; beforeReplacing?: () => Promise<void> }): Promise<WrittenPdf> {
  const result = await renderPdf(checked, options);
  const report = pdfReport(checked, result, basename(pdfPath), options.version);
  options.onProgress?.("Checking that no name that must not be shared is in it");
  const names = protectedNames(checked.workspace, options.edition ?? "learner");
  const leaks = await findLeaksIn(
    [...result.printed.map((text, i) => ({ file: `portfolio.pdf (printed part ${i + 1})`, text })), { file: "portfolio.pdf", pdf: result.bytes, pdfStrings: result.strings, pdfPages: result.evidencePages }, { file: "report.json", text: JSON.stringify(report) }],
    names,
  );
  if (leaks.length) throw new PrivacyLeakError(leaks, await sourcesOf(checked.workspace, names, leaks));
  const reportPath = join(dirname(pdfPath), "report.json");
  await options.beforeReplacing?.();
  await replaceFile(pdfPath, result.bytes);
  await replaceFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  return { result, warnings: blockedWarnings(checked, result) };
}

/** After signing: report.json gives the signed PDF's hash and its signatures. */
export async function recordSignedPdf(reportPath: string, pdfPath: string, verification: VerifyReport): Promise<void> {
  const report = JSON.parse(await readFile(reportPath, "utf8")) as { pdf: { sha256: string; unsignedSha256?: string }; signatures?: unknown };
  report.pdf.unsignedSha256 = report.pdf.sha256;
  report.pdf.sha256 = sha256(await readFile(pdfPath));
  report.signatures = verification.signatures.map((s) => ({ field: s.field, role: s.role, signer: s.signer, time: s.time, valid: s.valid }));
  await replaceFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
}

/** Each blocked request, reported at the image in the reflection that asked for it. */
function blockedWarnings(checked: CheckResult, result: PdfResult): Diagnostic[] {
  if (result.blocked.length === 0) return [];
  const md = createMarkdown();
  const images = checked.workspace.reflections.flatMap((r) => imagesIn(md, r.body).map((image) => ({ ...image, reflection: r })));
  return result.blocked.map((blocked) => {
    const source = images.find((image) => resolves(image.src, blocked.page, blocked.url));
    const at = { line: source ? source.reflection.bodyStartLine + source.line - 1 : 1, column: 1 };
    return finding(source?.reflection.file ?? "portfolio.yaml", pdfRequestBlocked, at, { url: blocked.url });
  });
}

function resolves(src: string, page: string, url: string): boolean {
  try {
    return new URL(src, page).href === url;
  } catch {
    return false;
  }
}
