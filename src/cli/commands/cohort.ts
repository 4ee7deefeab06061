import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.ts";
import { replaceFile } from "../../interrupt.ts";
import { EXIT, parseFlags, type Io } from "../cli-io.ts";

export const cohortHelp = `Usage: portfolio cohort SOURCE... --out DIR [--names] [--trust CERT.pem]...
                        [--sample [--seed N] [--rate PERCENT] [--new-assessor NAME]...]

For a centre: every learner's signed portfolio at once. A SOURCE is a built output (the
folder portfolio build writes, holding portfolio.pdf), a signed PDF alone, an EQA
bundle (portfolio bundle's zip, judged whole as verify judges it), or a
workspace (progress as its sources stand; the PDF from _site/ beside it, if built). Each PDF is
verified as portfolio verify does and read for the evidence map it carries. Writes
DIR/cohort.json and DIR/index.html: a row per learner by candidate number (names only
with --names), each unit's progress and gaps, whether the learner signed, the assessment
and the IQA's sampling (outcome, who, when), and whether the PDF is valid, changed after
signing, or not valid; then, per unit and criterion, how many learners still have it as
a gap. A source that cannot be read is listed, and the rest are still read.

With --sample, an IQA's sampling plan too (DIR/sample.csv, and on the page): every
assessor, every unit and every assessment method (the evidence's evidence_type) sampled
at least once, then PERCENT (default 15) of each
assessor's assessed learners, or 50% for an assessor named with --new-assessor, one an
IQA disagreed with, or one with a learner's PDF not valid. The same cohort and --seed
give the same plan.

A PDF built unsigned (as the CI files of \`portfolio ci\` build it) is "not signed yet",
and a workspace with nothing built "no PDF built yet": progress, not failures.

Exit status: 0 when no PDF is changed after signing or not valid, and every source was
read; 1 otherwise; 2 when the command is used wrongly.`;

export async function cohortCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("cohort", args, {
    out: { type: "string" }, names: { type: "boolean", default: false }, trust: { type: "string", multiple: true }, help: { type: "boolean", short: "h" },
    sample: { type: "boolean", default: false }, seed: { type: "string" }, rate: { type: "string" }, "new-assessor": { type: "string", multiple: true },
  }, true);
  if (values.help) { io.out(cohortHelp); return EXIT.ok; }
  if (positionals.length === 0) throw new UsageError("No learners given", "Give each learner's built output or signed PDF: portfolio cohort learners/*/_site --out cohort");
  if (!values.out) throw new UsageError("--out is needed: the folder to write cohort.json and index.html into", "portfolio cohort learners/*/_site --out cohort");
  if (!values.sample && (values.seed !== undefined || values.rate !== undefined || values["new-assessor"])) throw new UsageError("--seed, --rate and --new-assessor shape the sampling plan: give --sample too");
  const seed = values.seed === undefined ? Date.now() % 100000 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number, not "${values.seed}"`);
  const rate = values.rate === undefined ? 15 : Number(values.rate);
  if (!(rate > 0 && rate <= 100)) throw new UsageError(`--rate is a percentage above 0 and at most 100, not "${values.rate}"`);
  const [{ readCohort, FAILED_STATES }, { cohortPage, repeatedCandidates }, { readTrust }] = await Promise.all([import("../../cohort/cohort.ts"), import("../../cohort/cohort-page.ts"), import("./verify.ts")]);
  const trust = [];
  for (const path of values.trust ?? []) trust.push(...(await readTrust(path)));
  const started = Date.now();
  const cohort = await readCohort(positionals, {
    trust,
    names: values.names,
    onProgress: (done, of) => { if (done === of || done % 25 === 0) io.err(`Read ${done} of ${of}`); },
  });
  await mkdir(values.out, { recursive: true });
  const generated = new Date().toISOString().slice(0, 10);
  const { samplePlan, samplePlanCsv } = await import("../../cohort/sample-plan.ts");
  const plan = values.sample ? samplePlan(cohort.learners, { seed, rate: rate / 100, newAssessors: values["new-assessor"] ?? [] }) : undefined;
  await replaceFile(join(values.out, "cohort.json"), `${JSON.stringify({ generated, ...cohort, ...(plan ? { sample: plan } : {}) }, null, 2)}\n`);
  if (plan) await replaceFile(join(values.out, "sample.csv"), samplePlanCsv(plan));
  await replaceFile(join(values.out, "index.html"), cohortPage(cohort, generated, plan));
  if (plan) io.err(`Sampling plan (seed ${plan.seed}, ${rate}%, new or flagged 50%): ${plan.picks.length} of ${cohort.learners.length - plan.notAssessed.length} assessed learners, in ${join(values.out, "sample.csv")}`);
  const count = (state: string) => cohort.learners.filter((l) => l.verify.state === state).length;
  const failed = cohort.learners.filter((l) => FAILED_STATES.includes(l.verify.state)).length;
  io.err(`Wrote ${join(values.out, "index.html")} and cohort.json: ${cohort.learners.length} ${cohort.learners.length === 1 ? "learner" : "learners"}, ${count("valid")} valid, ${count("changed after signing")} changed after signing, ${count("invalid")} not valid${count("not signed") ? `, ${count("not signed")} not signed yet` : ""}${count("no PDF") ? `, ${count("no PDF")} with no PDF built` : ""}${cohort.unread.length ? `, ${cohort.unread.length} not read` : ""}; in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const u of cohort.unread) io.err(`  not read: ${u.reason}`);
  for (const r of repeatedCandidates(cohort.learners)) io.err(`  candidate ${r.candidateNumber} has ${r.count} PDFs (a resubmission with the version assessed, or a candidate number typed twice): a row each`);
  return failed === 0 && cohort.unread.length === 0 ? EXIT.ok : EXIT.contentErrors;
}
