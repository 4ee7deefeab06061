import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import type { CheckResult } from "../check/check-workspace.ts";
import { SiteBuildError } from "../errors.ts";
import configure from "../../eleventy.config.ts";
import type { PdfOptions } from "../pdf/render-pdf.ts";
import type { WrittenPdf } from "../pdf/write-pdf.ts";
import { findLeaks, PrivacyLeakError, protectedNames, type Edition } from "../privacy/final-pass.ts";
import { assertSafeOutputDir, replaceAtomically, type Manifest } from "./output-dir.ts";

const layoutsDir = fileURLToPath(new URL("../../layouts/", import.meta.url));

export interface BuildSiteResult {
  outDir: string;
  /** Pages Eleventy wrote. */
  pages: number;
  /** Every file of the site, relative to it, as its manifest lists them. */
  files: Manifest["files"];
  pdf: WrittenPdf | undefined;
}

/**
 * Builds the site of a checked workspace into `outDir`, replacing a previous site only
 * once the new one is complete. The workspace must have no errors.
 */
export interface SignWith {
  keyFile: string;
  passphrase: string;
  date: Date;
}

export async function buildSite(checked: CheckResult, outDir: string, version: string, pdf?: PdfOptions, sign?: SignWith, edition: Edition = "learner"): Promise<BuildSiteResult> {
  await assertSafeOutputDir(outDir, checked.workspace.dir);
  let pages = 0;
  let pdfResult: WrittenPdf | undefined;
  const { files } = await replaceAtomically(outDir, async (tempDir) => {
    const eleventy = new Eleventy(layoutsDir, tempDir, {
      quietMode: true,
      configPath: false,
      config: (eleventyConfig: Parameters<typeof configure>[0]) => {
        configure(eleventyConfig, { checked, version, pdf: pdf !== undefined });
      },
    });
    eleventy.disableLogger();
    try {
      const [, templates] = (await eleventy.write()) as [unknown, Array<{ outputPath: string | false }>];
      pages = templates.filter((t) => t.outputPath).length;
    } catch (error) {
      throw new SiteBuildError(error);
    }
    // The PDF goes into the same new folder, so site, PDF and report are replaced together.
    if (pdf) {
      // The browser, the PDF library and the crypto are loaded only for a PDF.
      const [{ recordSignedPdf, writePdf }, { signFile }] = await Promise.all([import("../pdf/write-pdf.ts"), import("../signing/sign-file.ts")]);
      const pdfPath = join(tempDir, "portfolio.pdf");
      pdfResult = await writePdf(checked, pdfPath, { ...pdf, edition });
      // Signed and verified here, before the swap: a signed PDF is never replaced by an
      // unverified one, and a failure leaves the previous site and PDF as they were.
      if (sign) {
        pdfResult.signed = await signFile({ input: pdfPath, output: pdfPath, keyFile: sign.keyFile, passphrase: sign.passphrase, role: "learner", date: sign.date });
        await recordSignedPdf(join(tempDir, "report.json"), pdfPath, pdfResult.signed.report);
      }
    }
    // portfolio.pdf's page text was searched before it was written; here its bytes and strings are.
    const leaks = await findLeaks(tempDir, protectedNames(checked.workspace, edition), [], new Set(pdf ? ["portfolio.pdf"] : []));
    if (leaks.length) throw new PrivacyLeakError(leaks);
  }, version);
  return { outDir, pages, files, pdf: pdfResult };
}
