import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { UsageError, whyUnreadable } from "../../errors.ts";
import type { EvidenceMap } from "../../assessment/evidence-map.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";

export const assessHelp = `Usage: portfolio assess FILE.pdf --template [--out FILE.yaml]
       portfolio assess FILE.pdf --decisions FILE.yaml --check

For an assessor with the signed PDF alone. --template writes a decisions file to fill in:
every criterion of every unit in the portfolio with its decision left blank, and beside
each its text and the reflections and PDF pages that evidence it, so you can work through
it with the PDF open. The PDF is verified first: a portfolio changed after the learner
signed is refused. The file is written beside the PDF as NAME-decisions.yaml (or --out;
--out - prints it), never over an existing file. Its fields are described by
schemas/assessment-decisions.schema.json.

--decisions FILE.yaml --check checks a filled-in file against the PDF: every criterion
decided, a not-yet with feedback, nothing the portfolio does not have, an outcome that
agrees; each finding at its line and column. (Recording the decisions in the PDF, signed
by the assessor, is not built yet: countersign with \`portfolio sign --role assessor\`.)

Options:
  --template         write the decisions file to fill in
  --out FILE         where to write it (default: beside the PDF; - prints it)
  --decisions FILE   a filled-in decisions file
  --check            check it against the PDF
  -h, --help     show this help

Exit status: 0 written, or the decisions hold; 1 the PDF fails verification or carries no
evidence map (made by an older portfolio or another tool), or the decisions have errors;
2 the command could not run (a bad flag, a file that cannot be read, a decisions file
already there); 70 a bug in portfolio.`;

export async function assessCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("assess", args, {
    template: { type: "boolean" }, out: { type: "string" }, decisions: { type: "string" }, check: { type: "boolean" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(assessHelp); return EXIT.ok; }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(file ? `One PDF at a time, not ${positionals.length}` : "No PDF to assess", "portfolio assess portfolio.pdf --template");
  if (values.template && values.decisions) throw new UsageError("--template and --decisions are two steps: give one", "First --template, to write the file to fill in; then --decisions FILE --check.");
  if (values.decisions && !values.check) throw new UsageError("Recording decisions in the PDF, signed by the assessor, is not built yet", `Check the file with \`portfolio assess ${file} --decisions ${values.decisions} --check\`, and countersign with \`portfolio sign ${file} --key KEY.p12 --role assessor\`.`);
  if (values.check && !values.decisions) throw new UsageError("--check checks a decisions file: give it with --decisions", `portfolio assess ${file} --decisions ${file.replace(/\.pdf$/i, "")}-decisions.yaml --check`);
  if (!values.template && !values.decisions) throw new UsageError("Nothing to do: give --template, or --decisions FILE --check", "portfolio assess portfolio.pdf --template writes the decisions file to fill in.");
  const decisionsText = values.decisions === undefined ? undefined : await readFile(values.decisions, "utf8").catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${values.decisions}: ${whyUnreadable(error)}`, "Give the decisions file you filled in."); });
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${file}: ${whyUnreadable(error)}`, "Give the path of the learner's signed PDF."); });

  const [{ verifyPdf, UnverifiablePdfError }, { pdfFacts }, { decisionsTemplate }, { isEvidenceMap }] = await Promise.all([
    import("../../signing/verify-pdf.ts"), import("../../signing/attached-facts.ts"), import("../../assessment/decisions-template.ts"), import("../../assessment/evidence-map.ts"),
  ]);
  // What is assessed must be what the learner signed: a failed signature stops here.
  let learnerSigned: string | undefined;
  try {
    const report = await verifyPdf(bytes, file);
    if (!report.valid) {
      io.err(`portfolio: ${file} fails verification, so it is not what the learner signed: ${[...report.problems, ...report.signatures.flatMap((s) => s.problems)].join("; ")}\n  Run \`portfolio verify ${file}\` for the whole report, and ask the learner for the PDF as they signed it.`);
      return EXIT.contentErrors;
    }
    learnerSigned = report.signatures.find((s) => s.role === "learner" && s.valid)?.signer;
  } catch (error) {
    if (!(error instanceof UnverifiablePdfError)) throw error;
    // Unsigned: the template says so; recording decisions will need the learner's signature.
  }
  const map = pdfFacts(bytes);
  if (!map?.evidenceMap || !isEvidenceMap(map.evidenceMap)) {
    io.err(`portfolio: ${file} carries no evidence map, so its criteria and pages cannot be listed\n  It was made by an older version of portfolio or by another tool; ask the learner to build it again.`);
    return EXIT.contentErrors;
  }
  if (decisionsText !== undefined) return checkDecisions(values.decisions!, decisionsText, map.evidenceMap, io);
  const out = values.out ?? join(dirname(file), `${basename(file).replace(/\.pdf$/i, "")}-decisions.yaml`);
  const shown = out === "-" ? "decisions.yaml" : relative(dirname(file), out) || out;
  const text = decisionsTemplate(map.evidenceMap, { file: basename(file), sha256: createHash("sha256").update(bytes).digest("hex"), buildId: map.buildId, learnerSigned }, shown);
  if (out === "-") { io.out(text.trimEnd()); return EXIT.ok; }
  await writeFile(out, text, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw new UsageError(`${out} is already there, and is never written over`, "Fill in that one, or give another file with --out.");
    throw new UsageError(`Cannot write ${out}: ${whyUnreadable(error)}`, "Give another file with --out.");
  });
  const criteria = map.evidenceMap.units.reduce((n, u) => n + u.criteria.length, 0);
  io.err(`Wrote ${relative(process.cwd(), out) || out}: ${criteria} criteria of ${map.evidenceMap.units.map((u) => u.urn).join(", ")} to decide, each with its evidence and pages${learnerSigned ? `; signed by the learner, ${learnerSigned}` : "; the PDF is not signed by the learner"}.`);
  return EXIT.ok;
}

/** The decisions file checked against the portfolio: its findings, and what it decides. */
async function checkDecisions(file: string, text: string, map: EvidenceMap, io: Io): Promise<number> {
  const [{ readDecisions }, { formatReport }] = await Promise.all([import("../../assessment/read-decisions.ts"), import("../../diagnostics/reporter.ts")]);
  const { decisions, report } = readDecisions(relative(process.cwd(), file) || file, text, map);
  if (report.diagnostics.length) io.err(formatReport(report.diagnostics, { color: io.color }));
  if (!decisions) return EXIT.contentErrors;
  const notYet = decisions.criteria.filter((c) => c.decision === "not-yet");
  io.err(`${file}: ${decisions.criteria.length} criteria decided, ${decisions.criteria.length - notYet.length} met and ${notYet.length} not yet${notYet.length ? ` (${notYet.map((c) => `${c.urn} ${c.id}`).join(", ")})` : ""}; the outcome is ${decisions.outcome === "met" ? "met" : "not yet met"}.`);
  return EXIT.ok;
}
