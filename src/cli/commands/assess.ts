import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { UsageError, whyUnreadable } from "../../errors.ts";
import type { EvidenceMap } from "../../assessment/evidence-map.ts";
import { needsFeedback, type Decisions, type RecordedAssessment } from "../../assessment/recorded.ts";
import { roleTitles } from "../../signing/roles.ts";
import { assertSafePdfOutput, lockTargetOf } from "../../site/output-dir.ts";
import { DEFAULT_WAIT_SECONDS, withOutputLock } from "../../site/output-lock.ts";
import { EXIT, oneOf, parseFlags, seconds, type Io } from "../cli-io.ts";
import { passphrase } from "../passphrase.ts";

export const assessHelp = `Usage: portfolio assess FILE.pdf [--role iqa] --template [--out FILE.yaml]
       portfolio assess FILE.pdf [--role iqa] --decisions FILE.yaml --check
       portfolio assess FILE.pdf [--role iqa] --decisions FILE.yaml --key KEY.p12 [--out OUT.pdf]

For an assessor with the signed PDF alone. --template writes a decisions file to fill in:
every criterion of every unit in the portfolio with its decision left blank, and beside
each its text and the reflections and PDF pages that evidence it, so you can work through
it with the PDF open. The PDF is verified first: a portfolio changed after the learner
signed is refused. The file is written beside the PDF as NAME-decisions.yaml (or --out;
--out - prints it), never over an existing file. Its fields are described by
schemas/assessment-decisions.schema.json.

--decisions FILE.yaml --check checks a filled-in file against the PDF: every criterion
decided, a not-yet with feedback, nothing the portfolio does not have, an outcome that
agrees; each finding at its line and column.

--decisions FILE.yaml --key KEY.p12 records the decisions and signs them as the assessor:
the record (outcome, feedback, each criterion's decision) is drawn on the page the
portfolio keeps for it, as the appearance of your signature, and carried in the signature
for \`portfolio verify\` to show. The learner's signature stays valid, and the comments a
PDF reader added are kept. Nothing is written if the decisions have errors, the PDF is not
signed by the learner, or the signed PDF does not verify. The PDF is signed in place, or
written to --out.

--role iqa is the internal quality assurer's, after the assessor: the template lists each
criterion with the assessor's recorded decision beside it; write agree or disagree for
those you sample (feedback required to disagree) and leave the rest blank. The sampling is
drawn on the page kept for the IQA and signed as the IQA.

Options:
  --template         write the decisions file to fill in
  --decisions FILE   a filled-in decisions file
  --check            check it against the PDF, and write nothing
  --key FILE         your signing key (.p12) to record and sign the decisions with
  --role ROLE        assessor (the default) or iqa
  --out FILE         where to write the decisions file, or the signed PDF
  --wait SECONDS     wait this long for a build or signing writing the same file (default 30)
  -h, --help         show this help

Exit status: 0 written, or the decisions hold; 1 the PDF fails verification or carries no
evidence map (made by an older portfolio or another tool), or the decisions have errors;
2 the command could not run (a bad flag, a file that cannot be read, a decisions file
already there); 70 a bug in portfolio.`;

export async function assessCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags("assess", args, {
    template: { type: "boolean" }, out: { type: "string" }, decisions: { type: "string" }, check: { type: "boolean" }, key: { type: "string" }, role: { type: "string" }, wait: { type: "string" }, help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) { io.out(assessHelp); return EXIT.ok; }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(file ? `One PDF at a time, not ${positionals.length}` : "No PDF to assess", "portfolio assess portfolio.pdf --template");
  const role = values.role === undefined ? "assessor" : oneOf("role", values.role, ["assessor", "iqa"] as const, "assessor");
  const roleFlag = role === "iqa" ? " --role iqa" : "";
  if (values.template && values.decisions) throw new UsageError("--template and --decisions are two steps: give one", "First --template, to write the file to fill in; then --decisions FILE --check.");
  if (values.decisions && !values.check && !values.key) throw new UsageError("--key is needed to record and sign the decisions: the .p12 file you sign with", `portfolio assess ${file}${roleFlag} --decisions ${values.decisions} --key YOUR-KEY.p12 (or --check, to check the file and write nothing)`);
  if (values.check && values.key) throw new UsageError("--check writes nothing, so it takes no --key", "Check first with --check; then record with --key.");
  const wait = seconds("wait", values.wait, DEFAULT_WAIT_SECONDS);
  if (values.key && values.out) await assertSafePdfOutput(values.out, { unsigned: false, report: false });
  if (values.check && !values.decisions) throw new UsageError("--check checks a decisions file: give it with --decisions", `portfolio assess ${file}${roleFlag} --decisions ${file.replace(/\.pdf$/i, "")}-${role === "iqa" ? "iqa" : "decisions"}.yaml --check`);
  if (!values.template && !values.decisions) throw new UsageError("Nothing to do: give --template, or --decisions FILE with --check or --key", `portfolio assess ${file}${roleFlag} --template writes the decisions file to fill in; --decisions FILE --key KEY.p12 records it.`);
  const decisionsText = values.decisions === undefined ? undefined : await readFile(values.decisions, "utf8").catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${values.decisions}: ${whyUnreadable(error)}`, "Give the decisions file you filled in."); });
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => { throw new UsageError(`Cannot read ${file}: ${whyUnreadable(error)}`, "Give the path of the learner's signed PDF."); });

  const [{ verifyPdf, UnverifiablePdfError }, { pdfFacts }, { decisionsTemplate }, { isEvidenceMap }] = await Promise.all([
    import("../../signing/verify-pdf.ts"), import("../../signing/attached-facts.ts"), import("../../assessment/decisions-template.ts"), import("../../assessment/evidence-map.ts"),
  ]);
  // What is assessed must be what the learner signed: a failed signature stops here.
  let learnerSigned: string | undefined;
  let signedAs = new Set<string>();
  let assessed: RecordedAssessment | undefined;
  let comments = 0;
  try {
    const report = await verifyPdf(bytes, file);
    if (!report.valid) {
      io.err(`portfolio: ${file} fails verification, so it is not what the learner signed: ${[...report.problems, ...report.signatures.flatMap((s) => s.problems)].join("; ")}\n  Run \`portfolio verify ${file}\` for the whole report, and ask the learner for the PDF as they signed it.`);
      return EXIT.contentErrors;
    }
    learnerSigned = report.signatures.find((s) => s.role === "learner" && s.valid)?.signer;
    signedAs = new Set(report.signatures.flatMap((s) => (s.role ? [s.role] : [])));
    assessed = report.assessment;
    comments = report.comments.length;
  } catch (error) {
    if (!(error instanceof UnverifiablePdfError)) throw error;
    // Unsigned: the template says so; recording decisions will need the learner's signature.
  }
  const map = pdfFacts(bytes);
  if (!Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-")) {
    io.err(`portfolio: ${file} is not a PDF\n  Give the learner's signed PDF first: portfolio assess portfolio.pdf${roleFlag} --template (or --decisions FILE).`);
    return EXIT.cannotRun;
  }
  if (!map?.evidenceMap || !isEvidenceMap(map.evidenceMap)) {
    io.err(`portfolio: ${file} carries no evidence map, so its criteria and pages cannot be listed\n  It was made by an older version of portfolio or by another tool; ask the learner to build it again.`);
    return EXIT.contentErrors;
  }
  // The IQA samples the assessor's recorded decisions: there must be some to sample.
  if (role === "iqa" && !assessed) {
    io.err(`portfolio: ${file} holds no assessment recorded by the assessor, so there is nothing to sample\n  The IQA samples after the assessor has recorded their decisions with \`portfolio assess ${basename(file)} --decisions FILE --key KEY.p12\`.`);
    return EXIT.contentErrors;
  }
  // A decisions file says which PDF it was made for (the template's second line): decisions
  // are bound to what was assessed, so a file made for an earlier build is not recorded on a later one.
  const madeFor = decisionsText === undefined ? undefined : /^# .*: build ([0-9a-f]{16}), SHA-256 [0-9a-f]{64}$/m.exec(decisionsText)?.[1];
  if (madeFor && map.buildId && madeFor !== map.buildId) {
    io.err(`portfolio: ${values.decisions} was made for the PDF of build ${madeFor} (its first lines say so), but ${file} is build ${map.buildId}: the portfolio has changed since\n  Make a template from this PDF (\`portfolio assess ${file}${roleFlag} --template\`) and decide again; \`portfolio changes\` shows what changed. Nothing was recorded.`);
    return EXIT.contentErrors;
  }
  // The other role's file (an IQA's agree/disagree given as the assessor's, or the reverse) is one slip, not twenty findings.
  const otherKind = role === "iqa" ? /^(?:outcome| +decision): *(?:met|not-yet) *(?:#.*)?$/m : /^(?:outcome| +decision): *(?:agree|disagree) *(?:#.*)?$/m;
  if (decisionsText !== undefined && otherKind.test(decisionsText)) {
    io.err(role === "iqa"
      ? `portfolio: ${values.decisions} decides met or not-yet, as the assessor does, but --role iqa samples the assessor's decisions with agree or disagree\n  For the assessor's decisions, leave out --role iqa; for the IQA's, make a template with \`portfolio assess ${file} --role iqa --template\`.`
      : `portfolio: ${values.decisions} says agree or disagree, as the IQA does\n  If it is the IQA's sampling, add --role iqa; the assessor decides met or not-yet.`);
    return EXIT.contentErrors;
  }
  if (decisionsText !== undefined && values.check) return checkDecisions(values.decisions!, decisionsText, map.evidenceMap, role, io);
  if (decisionsText !== undefined) {
    if (!learnerSigned) {
      io.err(`portfolio: ${file} is not signed by the learner, so decisions cannot be recorded on it\n  Decisions are bound to the portfolio the learner signed: ask the learner for their signed PDF (\`portfolio build\` signs it).`);
      return EXIT.contentErrors;
    }
    if (signedAs.has(role)) {
      io.err(`portfolio: ${file} already has the ${roleTitles[role].toLowerCase()}'s signature, so no record can be added to it\n  Each role signs once. To record decisions, start from the PDF as it was before that signature.`);
      return EXIT.contentErrors;
    }
    return recordDecisions({ file, bytes, role, assessed, comments, decisionsFile: values.decisions!, text: decisionsText, map: map.evidenceMap, buildId: map.buildId, keyFile: values.key!, out: values.out ?? file, wait }, io);
  }
  const out = values.out ?? join(dirname(file), `${basename(file).replace(/\.pdf$/i, "")}-${role === "iqa" ? "iqa" : "decisions"}.yaml`);
  const shown = out === "-" ? "decisions.yaml" : relative(dirname(file), out) || out;
  const text = decisionsTemplate(map.evidenceMap, { file: basename(file), sha256: createHash("sha256").update(bytes).digest("hex"), buildId: map.buildId, learnerSigned }, shown, role === "iqa" ? assessed : undefined);
  if (out === "-") { io.out(text.trimEnd()); return EXIT.ok; }
  await writeFile(out, text, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw new UsageError(`${out} is already there, and is never written over`, "Fill in that one, or give another file with --out.");
    throw new UsageError(`Cannot write ${out}: ${whyUnreadable(error)}`, "Give another file with --out.");
  });
  const criteria = map.evidenceMap.units.reduce((n, u) => n + u.criteria.length, 0);
  if (signedAs.has(role)) io.err(`Note: ${file} already has the ${roleTitles[role].toLowerCase()}'s signature, so decisions cannot be recorded on it; start from the PDF as it was before.`);
  io.err(role === "iqa"
    ? `Wrote ${relative(process.cwd(), out) || out}: ${criteria} criteria of ${map.evidenceMap.units.map((u) => u.urn).join(", ")}, each with the assessor's decision (${assessed!.assessor}, ${assessed!.date}) and its evidence, to sample.`
    : `Wrote ${relative(process.cwd(), out) || out}: ${criteria} criteria of ${map.evidenceMap.units.map((u) => u.urn).join(", ")} to decide, each with its evidence and pages${learnerSigned ? `; signed by the learner, ${learnerSigned}` : "; the PDF is not signed by the learner"}.`);
  return EXIT.ok;
}

/** What a decisions file decides: "23 criteria decided, 22 met and 1 not yet (R/600/9587 3.2)", and the outcome in words. */
function decided(decisions: Decisions, role: "assessor" | "iqa"): { tally: string; outcome: string } {
  const against = decisions.criteria.filter((c) => needsFeedback(c.decision));
  const which = against.length ? ` (${against.map((c) => `${c.urn} ${c.id}`).join(", ")})` : "";
  return role === "iqa"
    ? { tally: `${decisions.criteria.length} ${decisions.criteria.length === 1 ? "criterion" : "criteria"} sampled, ${decisions.criteria.length - against.length} agreed with and ${against.length} disagreed with${which}`, outcome: decisions.outcome }
    : { tally: `${decisions.criteria.length} criteria decided, ${decisions.criteria.length - against.length} met and ${against.length} not yet${which}`, outcome: decisions.outcome === "met" ? "met" : "not yet met" };
}

/** The decisions file checked against the portfolio: its findings, and what it decides. */
async function checkDecisions(file: string, text: string, map: EvidenceMap, role: "assessor" | "iqa", io: Io): Promise<number> {
  const [{ readDecisions }, { formatReport }] = await Promise.all([import("../../assessment/read-decisions.ts"), import("../../diagnostics/reporter.ts")]);
  const { decisions, report } = readDecisions(relative(process.cwd(), file) || file, text, map, role);
  if (report.diagnostics.length) io.err(formatReport(report.diagnostics, { color: io.color }));
  if (!decisions) return EXIT.contentErrors;
  const { tally, outcome } = decided(decisions, role);
  io.err(`${file}: ${tally}; the outcome is ${outcome}.`);
  return EXIT.ok;
}

interface Recording {
  file: string;
  /** The PDF as read and verified. */
  bytes: Uint8Array;
  role: "assessor" | "iqa";
  /** The assessor's record, which an IQA's samples. */
  assessed: RecordedAssessment | undefined;
  /** Comments readers added, kept. */
  comments: number;
  decisionsFile: string;
  text: string;
  map: EvidenceMap;
  buildId: string | undefined;
  keyFile: string;
  out: string;
  wait: number;
}

/**
 * The decisions checked, then drawn and signed into the PDF by their role: the record is
 * printed the size of the box the portfolio keeps for it, and becomes the signature's
 * appearance; signFile verifies the result before it replaces anything.
 */
async function recordDecisions(r: Recording, io: Io): Promise<number> {
  const [{ readDecisions }, { formatReport }] = await Promise.all([import("../../assessment/read-decisions.ts"), import("../../diagnostics/reporter.ts")]);
  const { decisions, report } = readDecisions(relative(process.cwd(), r.decisionsFile) || r.decisionsFile, r.text, r.map, r.role);
  if (report.diagnostics.length) io.err(formatReport(report.diagnostics, { color: io.color }));
  if (!decisions) {
    io.err(`Nothing was recorded: ${r.file} is as it was. Mend the decisions file and run again.`);
    return EXIT.contentErrors;
  }
  const [{ signFile, roleOfCertificate, SigningRefusedError }, { recordBox }, { printRecord, recordHtml }, { recordedAssessment }] = await Promise.all([
    import("../../signing/sign-file.ts"), import("../../signing/signature-boxes.ts"), import("../../assessment/record.ts"), import("../../assessment/recorded.ts"),
  ]);
  const title = roleTitles[r.role].toLowerCase();
  const box = recordBox(r.bytes, r.role);
  const secret = await passphrase(`for ${r.keyFile}`);
  let recorded: RecordedAssessment | undefined;
  await withOutputLock(await lockTargetOf(r.out), { command: "assess", wait: r.wait, say: io.err }, () => signFile({
    input: r.file, output: r.out, keyFile: r.keyFile, passphrase: secret, role: r.role,
    reason: r.role === "iqa" ? `Internal quality assurance: ${decisions.outcome}` : `Assessment: ${decisions.outcome === "met" ? "met" : "not yet met"}`,
    record: async ({ identity, role, date }) => {
      const made = roleOfCertificate(identity);
      if (made && made !== role) throw new SigningRefusedError(`The key in ${r.keyFile} was made for the ${roleTitles[made].toLowerCase()}, not the ${title}`, `Sign with the ${title}'s own key (\`portfolio keygen --role ${role}\`, or the one the centre issued).`);
      recorded = recordedAssessment(decisions, r.map, { name: identity.name, role, date });
      const page = await printRecord(recorded, (stylesheet) => recordHtml(recorded!, r.map, r.buildId, stylesheet, r.assessed), box.size);
      return { page, data: JSON.stringify(recorded) };
    },
  }));
  const tally = decided(decisions, r.role);
  io.err(`Recorded the ${r.role === "iqa" ? "internal quality assurance" : "assessment"} in ${relative(process.cwd(), r.out) || r.out} on page ${box.page}, signed as the ${title}, ${recorded!.assessor}: ${tally.outcome}; ${tally.tally}. The earlier signatures${r.comments ? ` and the ${r.comments} ${r.comments === 1 ? "comment" : "comments"}` : ""} are kept; every signature verified.`);
  return EXIT.ok;
}
