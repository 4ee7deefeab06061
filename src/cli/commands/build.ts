import { relative } from "node:path";
import { formatReport } from "../../diagnostics/reporter.ts";
import { EXIT, parseFlags, seconds, type Io, type Tools } from "../cli-io.ts";
import { siteDir, workspaceDir } from "../workspace-dir.ts";
import { version } from "../main.ts";
import { formatCoverageSummary } from "./check.ts";
import { findBrowser } from "../../pdf/find-browser.ts";
import { editionOf, pdfFlags, pdfOptions } from "../pdf-options.ts";
import { passphrase } from "../passphrase.ts";
import type { LearnerKey } from "../../signing/learner-key.ts";
import { DEFAULT_WAIT_SECONDS, withOutputLock } from "../../site/output-lock.ts";
import { assertSafeOutputDir } from "../../site/output-dir.ts";

export const buildHelp = `Usage: portfolio build [--dir DIR] [--out DIR] [--no-pdf] [--paper a4|letter]

Checks the workspace, then builds the HTML site: a dashboard, a page per unit and per
reflection, and a coverage matrix. Errors stop the build and leave the previous site
as it was; warnings are printed and shown on the dashboard.

Options:
  --dir DIR      the workspace (default: the one this folder is in, else ./portfolio)
  --out DIR      the site's folder (default: _site, beside the workspace when you are in it);
                 replaced whole once the new site is ready
  --no-pdf       build the site alone, without portfolio.pdf and report.json
  --no-sign      leave the PDF unsigned (by default the learner signs it: the key named
                 in portfolio.yaml as signing.key, else a local key made for trying)
  --paper SIZE   a4 (default) or letter, for the PDF
  --edition E    learner (default), or verifier: the candidate number stands where the
                 learner's name would (left unsigned)
  --wait SECONDS while another build or print writes to the same folder, wait this long
                 for it to finish (default: ${DEFAULT_WAIT_SECONDS}); 0 to stop at once
  -h, --help     show this help

The PDF needs Chrome or Chromium; see \`portfolio pdf --help\`.

Exit status: 0 built; 1 the workspace has errors, so nothing was built; 2 the build
could not run (a bad flag, no workspace, an output folder that must not be replaced,
another build still writing there); 70 a bug in portfolio (please report it).`;

export async function buildCommand(args: string[], io: Io, tools: Tools): Promise<number> {
  const { values } = parseFlags("build", args, {
    dir: { type: "string" },
    out: { type: "string" },
    pdf: { type: "boolean", default: true },
    sign: { type: "boolean", default: true },
    wait: { type: "string" },
    ...pdfFlags,
    help: { type: "boolean", short: "h" },
  });
  if (values.help) { io.out(buildHelp); return EXIT.ok; }
  const dir = workspaceDir(values.dir);
  const out = siteDir(values.out, dir);
  const edition = editionOf(values);
  const withPdf = values.pdf !== false;
  const wait = seconds("wait", values.wait, DEFAULT_WAIT_SECONDS);
  const options = withPdf ? pdfOptions(values, io, version()) : undefined;
  if (withPdf) findBrowser(); // Fails now, with how to get one, rather than after the site is built.
  // The verifier edition is not signed: the learner's certificate carries their name.
  if (withPdf && edition === "verifier" && values.sign !== false) io.err("The verifier edition is left unsigned: a signature would show the learner's name.");
  // Refused now, before anything is written beside it (even the lock).
  await assertSafeOutputDir(out, dir);
  // Another build writing there is waited for before the workspace is read, so the build
  // that ends last shows the sources as they are then.
  return withOutputLock(out, { command: "build", wait, say: io.err }, async () => {
    const started = performance.now();
    // Chromium starts first, while the site generator loads, the workspace is checked and
    // the site is built (its start is what the first print waits for); closed if anything
    // before the PDF fails.
    const browser = withPdf ? (await import("../../pdf/browser.ts")).startBrowser() : undefined;
    let key: LearnerKey | undefined;
    const build = async () => {
      const [renderer, { buildSite }] = await Promise.all([tools.site(), import("../../site/build-site.ts")]);
      return buildSite({
        dir,
        outDir: out,
        version: version(),
        renderer,
        edition,
        pdf: options && { ...options, browser: browser?.started },
        onChecked: (checked) => io.err(formatCoverageSummary(checked.coverage) + formatReport(checked.diagnostics, { color: io.color })),
        signWith: async (checked) => {
          if (values.sign === false || edition !== "learner") return undefined;
          key = await (await import("../../signing/learner-key.ts")).learnerKey(checked.workspace, () => passphrase("for your signing key"));
          if (key.made) io.err(`Made a local signing key in the name of ${checked.workspace.config!.learner.name} for trying the tool: ${relative(process.cwd(), key.file)} (kept out of the workspace; name your own key in portfolio.yaml as signing.key to sign as yourself)`);
          // Signed at the real time: SOURCE_DATE_EPOCH makes the unsigned PDF reproducible, but a
          // signature says when it was made (and a key made today is not valid on an older date).
          return { keyFile: key.file, passphrase: key.passphrase, date: new Date() };
        },
      });
    };
    const { pages, pdf } = browser ? await browser.unless(build) : await build();
    if (pdf?.signed) io.err(`Signed portfolio.pdf as the learner with ${key!.local ? "the local key" : relative(process.cwd(), key!.file)}; verified`);
    if (pdf?.warnings.length) io.err(formatReport(pdf.warnings, { color: io.color }));
    const took = ((performance.now() - started) / 1000).toFixed(1);
    const where = relative(process.cwd(), out) || ".";
    io.err(`Built ${pages} pages into ${where}/` + (pdf ? ` and ${where}/portfolio.pdf (${pdf.result.pageCount} pages)` : "") + ` in ${took} s`);
    return EXIT.ok;
  });
}
