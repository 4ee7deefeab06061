import { join } from "node:path";
import { checkWorkspace, type CheckResult } from "../check/check-workspace.ts";
import { ContentErrorsError } from "../errors.ts";
import type { PdfOptions } from "../pdf/render-pdf.ts";
import type { WrittenPdf } from "../pdf/write-pdf.ts";
import { forEdition } from "../privacy/edition.ts";
import { findLeaks, PrivacyLeakError, protectedNames, type Edition } from "../privacy/final-pass.ts";
import { loadWorkspace } from "../workspace/load-workspace.ts";
import { assertSafeOutputDir, replaceAtomically, type Manifest } from "./output-dir.ts";
import type { SiteRenderer } from "./site-renderer.ts";

export interface BuildSiteResult {
  checked: CheckResult;
  outDir: string;
  /** Pages the renderer wrote. */
  pages: number;
  /** Every file of the site, relative to it, as its manifest lists them. */
  files: Manifest["files"];
  pdf: WrittenPdf | undefined;
}

export interface SignWith {
  keyFile: string;
  passphrase: string;
  date: Date;
}

export interface BuildOptions {
  /** The workspace folder. */
  dir: string;
  /** The site's folder, replaced whole once the new site is ready. */
  outDir: string;
  version: string;
  renderer: SiteRenderer;
  edition?: Edition;
  /** Print portfolio.pdf and report.json into the site. */
  pdf?: PdfOptions;
  /** After the check, before anything is written: the findings to show (errors stop the build after it). */
  onChecked?: (checked: CheckResult) => void;
  /** The key to sign the PDF with as the learner, asked for once the workspace is checked. */
  signWith?: (checked: CheckResult) => Promise<SignWith | undefined>;
}

/**
 * The build, in one place: check the workspace, write the site, print the PDF, sign it and
 * verify the signature, search everything for names that must not be shared, then swap the
 * new site in for the old. Any failure leaves the previous site, PDF and report as they were.
 */
export async function buildSite(options: BuildOptions): Promise<BuildSiteResult> {
  const { outDir, version, renderer, pdf } = options;
  const edition = options.edition ?? "learner";
  const checked = forEdition(checkWorkspace(await loadWorkspace(options.dir, { render: true })), edition);
  options.onChecked?.(checked);
  if (checked.errorCount > 0) throw new ContentErrorsError(checked.errorCount);
  const sign = pdf ? await options.signWith?.(checked) : undefined;

  await assertSafeOutputDir(outDir, checked.workspace.dir);
  let pages = 0;
  let pdfResult: WrittenPdf | undefined;
  const { files } = await replaceAtomically(outDir, async (tempDir) => {
    pages = await renderer.write(checked, tempDir, { version, pdf: pdf !== undefined });
    // The PDF goes into the same new folder, so site, PDF and report are replaced together.
    if (pdf) {
      // The browser and the PDF library are loaded only for a PDF, the crypto only to sign it.
      const { recordSignedPdf, writePdf } = await import("../pdf/write-pdf.ts");
      const pdfPath = join(tempDir, "portfolio.pdf");
      pdfResult = await writePdf(checked, pdfPath, { ...pdf, edition });
      // Signed and verified here, before the swap: a signed PDF is never replaced by an
      // unverified one, and a failure leaves the previous site and PDF as they were.
      if (sign) {
        const { signFile } = await import("../signing/sign-file.ts");
        pdfResult.signed = await signFile({ input: pdfPath, output: pdfPath, keyFile: sign.keyFile, passphrase: sign.passphrase, role: "learner", date: sign.date });
        await recordSignedPdf(join(tempDir, "report.json"), pdfPath, pdfResult.signed.report);
      }
    }
    // portfolio.pdf's page text was searched before it was written; here its bytes and strings are.
    const leaks = await findLeaks(tempDir, protectedNames(checked.workspace, edition), [], new Set(pdf ? ["portfolio.pdf"] : []));
    if (leaks.length) throw new PrivacyLeakError(leaks);
  }, version);
  return { checked, outDir, pages, files, pdf: pdfResult };
}
