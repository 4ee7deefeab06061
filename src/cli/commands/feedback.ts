import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { UsageError, whyUnreadable } from "../../errors.ts";
import { sameName } from "../../text/same-name.ts";
import type { RecordedAssessment } from "../../assessment/recorded.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";
import { workspaceDir } from "../workspace-dir.ts";

export const feedbackHelp = `Usage: portfolio feedback FILE.pdf [--dir DIR]

For the learner, once the assessor has recorded their decisions with \`portfolio assess\`:
stores the assessment from the signed PDF in the workspace, as
assessment/DATE-assessor.json (and the IQA's sampling, when the PDF has it, as
assessment/DATE-iqa.json). The PDF is verified first: only an assessment under a
signature that holds is stored. From then on \`portfolio check\` (and every build and the
preview) warns of each criterion judged not yet met, with the assessor's feedback, until
a final reflection evidencing it is changed or written.

Options:
  --dir DIR      the workspace (default: the one you are in, or ./portfolio)
  -h, --help     show this help

Exit status: 0 stored (or stored already); 1 the PDF fails verification, carries no
recorded assessment, or is another learner's portfolio; 2 the command could not run (a bad
flag, a file that cannot be read, no workspace); 70 a bug in portfolio.`;

export async function feedbackCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("feedback", args, { dir: { type: "string" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) { io.out(feedbackHelp); return EXIT.ok; }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(file ? `One PDF at a time, not ${positionals.length}` : "No PDF to take the assessment from", "portfolio feedback portfolio-assessed.pdf");
  const dir = workspaceDir(values.dir);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${file}: ${whyUnreadable(error)}`, "Give the PDF the assessor sent back, signed."); });
  const [{ verifyPdf, UnverifiablePdfError }, { pdfFacts }, { assertWorkspace }, { readPortfolioConfig, CONFIG_FILE }, { ASSESSMENT_FOLDER, storedText, readStoredAssessment }] = await Promise.all([
    import("../../signing/verify-pdf.ts"), import("../../signing/attached-facts.ts"), import("../../workspace/load-workspace.ts"), import("../../workspace/portfolio-config.ts"), import("../../assessment/stored.ts"),
  ]);
  await assertWorkspace(dir);

  let report;
  try {
    report = await verifyPdf(bytes, file);
  } catch (error) {
    if (!(error instanceof UnverifiablePdfError)) throw error;
    io.err(`portfolio: ${file} is not signed, so it holds no assessment\n  Give the PDF the assessor sent back, after \`portfolio assess\`.`);
    return EXIT.contentErrors;
  }
  if (!report.valid) {
    io.err(`portfolio: ${file} fails verification, so its assessment is not stored: ${[...report.problems, ...report.signatures.flatMap((s) => s.problems)].join("; ")}\n  Run \`portfolio verify ${file}\` for the whole report, and ask the assessor for the PDF as they signed it.`);
    return EXIT.contentErrors;
  }
  const assessment = report.assessment;
  if (!assessment) {
    io.err(`portfolio: ${file} holds no recorded assessment${report.signatures.some((s) => s.role === "assessor") ? " (the assessor countersigned it without recording decisions)" : ""}\n  The assessor records decisions with \`portfolio assess ${basename(file)} --decisions FILE --key KEY.p12\`.`);
    return EXIT.contentErrors;
  }
  const facts = pdfFacts(bytes);
  const { config } = readPortfolioConfig(await readFile(join(dir, CONFIG_FILE), "utf8"));
  const learner = config?.learner.name;
  const of = facts?.evidenceMap?.learner;
  if (learner && typeof of === "string" && !sameName(of, learner)) {
    io.err(`portfolio: ${file} is the assessment of ${of}'s portfolio, and this workspace is ${learner}'s (portfolio.yaml)\n  Store it in ${of}'s workspace, or give --dir.`);
    return EXIT.contentErrors;
  }

  const assessed = { pdf: basename(file), sha256: createHash("sha256").update(bytes).digest("hex"), build: facts?.buildId ?? "", sources: facts?.sources ?? {} };
  const folder = join(dir, ASSESSMENT_FOLDER);
  await mkdir(folder, { recursive: true });
  /** Stored once: another of the same day goes beside it, never over it. Says where, or that it was stored already. */
  const store = async (record: RecordedAssessment): Promise<{ where: string; already: boolean }> => {
    const stored = { ...record, assessed };
    const name = `${record.date}-${record.role}`;
    let target = join(folder, `${name}.json`);
    for (let n = 2; ; n++) {
      const there = await readFile(target, "utf8").catch(() => undefined);
      if (there === undefined) break;
      const read = readStoredAssessment(there);
      if ("stored" in read && read.stored.assessed.sha256 === stored.assessed.sha256) return { where: relative(process.cwd(), target) || target, already: true };
      target = join(folder, `${name}-${n}.json`);
    }
    await writeFile(target, storedText(stored), { flag: "wx" });
    return { where: relative(process.cwd(), target) || target, already: false };
  };
  const lines: string[] = [];
  const mine = await store(assessment);
  const notYet = assessment.criteria.filter((c) => c.decision === "not-yet");
  lines.push(mine.already
    ? `Stored already: ${mine.where}.`
    : `Stored the assessment by ${assessment.assessor} of ${assessment.date} in ${mine.where}: ${assessment.outcome === "met" ? "met" : "not yet met"}, ${assessment.criteria.length - notYet.length} of ${assessment.criteria.length} criteria met.`);
  if (!mine.already) {
    if (assessment.feedback) lines.push(`  Feedback: ${assessment.feedback}`);
    for (const c of notYet) lines.push(`  ${c.unit} ${c.id} not yet met: ${c.feedback}`);
    for (const r of assessment.reflections) lines.push(`  ${r.file}: ${r.feedback}`);
  }
  // The IQA's sampling, when the PDF has it: the learner sees where the IQA disagreed.
  if (report.iqa) {
    const theirs = await store(report.iqa);
    const against = report.iqa.criteria.filter((c) => c.decision === "disagree");
    if (!theirs.already) {
      lines.push(`Stored the internal quality assurance by ${report.iqa.assessor} of ${report.iqa.date} in ${theirs.where}: ${report.iqa.outcome}s with the assessment, ${report.iqa.criteria.length} ${report.iqa.criteria.length === 1 ? "criterion" : "criteria"} sampled.`);
      for (const c of against) lines.push(`  ${c.unit} ${c.id} disagreed with: ${c.feedback}`);
    }
  }
  if (notYet.length && !mine.already) lines.push("`portfolio check` shows each criterion not yet met until a final reflection evidencing it is changed or written.");
  io.err(lines.join("\n"));
  return EXIT.ok;
}
