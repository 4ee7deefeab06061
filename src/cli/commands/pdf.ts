import { mkdir } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { checkWorkspace } from "../../check/check-workspace.ts";
import { formatReport } from "../../diagnostics/reporter.ts";
import { ContentErrorsError } from "../../errors.ts";
import { findBrowser } from "../../pdf/find-browser.ts";
import { startBrowser } from "../../pdf/browser.ts";
import { writePdf } from "../../pdf/write-pdf.ts";
import { loadWorkspace } from "../../workspace/load-workspace.ts";
import { EXIT, parseFlags, seconds, type Io } from "../cli-io.ts";
import { siteDir, workspaceDir } from "../workspace-dir.ts";
import { version } from "../main.ts";
import { editionOf, pdfFlags, pdfOptions } from "../pdf-options.ts";
import { forEdition } from "../../privacy/edition.ts";
import { assertSafePdfOutput, lockTargetOf, recordInSite } from "../../site/output-dir.ts";
import { DEFAULT_WAIT_SECONDS, withOutputLock } from "../../site/output-lock.ts";

export const pdfHelp = `Usage: portfolio pdf [--dir DIR] [--out FILE] [--paper a4|letter]

Checks the workspace, then prints the portfolio to PDF with an installed Chrome or
Chromium: cover, declaration, contents, an evidence map per unit with the page of each
criterion's evidence, the final reflections and the evidence files as appendices.
report.json (coverage, the page of every reflection and marker, SHA-256 of every source
and of the PDF) is written beside it.

Options:
  --dir DIR       the workspace (default: the one this folder is in, else ./portfolio)
  --out FILE      the PDF (default: _site/portfolio.pdf, beside the workspace when you are in it)
  --paper SIZE    a4 (default) or letter
  --edition E     learner (default), or verifier: the candidate number for the name
  --wait SECONDS  while a build or another print writes to the same place, wait this
                  long for it to finish (default: ${DEFAULT_WAIT_SECONDS}); 0 to stop at once
  -h, --help      show this help

Environment:
  PORTFOLIO_BROWSER               the browser to print with, if not found by itself
  SOURCE_DATE_EPOCH               date the PDF by this time, for byte-identical builds
  PORTFOLIO_REFLECTIONS_PER_PART  reflections printed per part (default 150)

Exit status: 0 printed; 1 the workspace has errors, so nothing was printed; 2 the print
could not run (a bad flag, no workspace, no browser, a file that must not be replaced,
another command still writing there); 70 a bug in portfolio (please report it).`;

export async function pdfCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags("pdf", args, {
    dir: { type: "string" },
    out: { type: "string" },
    wait: { type: "string" },
    ...pdfFlags,
    help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(pdfHelp); return EXIT.ok; }
  const options = pdfOptions(values, io, version());
  const wait = seconds("wait", values.wait, DEFAULT_WAIT_SECONDS);
  findBrowser(); // Fails now, with how to get one, before the workspace is read.
  const dir = workspaceDir(values.dir);
  const out = resolve(values.out ?? join(siteDir(undefined, dir), "portfolio.pdf"));
  // Checked now, before minutes of printing, and again just before the PDF is written.
  const safe = { workspaceDir: dir, unsigned: true, report: true };
  await assertSafePdfOutput(out, safe);

  const edition = editionOf(values);
  // A build of the site the PDF goes into, or another print of it, is waited for first.
  await withOutputLock(await lockTargetOf(out), { command: "pdf", wait, say: io.err }, async () => {
    // Chromium starts while the workspace is read and checked; closed if anything fails.
    const browser = startBrowser();
    await browser.unless(async () => {
      const checked = forEdition(checkWorkspace(await loadWorkspace(dir, { render: true })), edition);
      if (checked.errorCount > 0) {
        io.err(formatReport(checked.diagnostics, { color: io.color }));
        throw new ContentErrorsError(checked.errorCount);
      }
      await mkdir(dirname(out), { recursive: true });
      const { result, warnings } = await writePdf(checked, out, { ...options, edition, browser: browser.started, beforeReplacing: () => assertSafePdfOutput(out, safe) });
      await recordInSite(out);
      if (warnings.length) io.err(formatReport(warnings, { color: io.color }));
      io.err(`Wrote ${relative(process.cwd(), out)}: ${result.pageCount} pages, ${result.finals.length} reflections, ${result.appendices.length} appendices`);
    });
  });
  return EXIT.ok;
}
