import type { X509Certificate } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { EvidenceMap } from "../assessment/evidence-map.ts";
import type { RecordedAssessment } from "../assessment/recorded.ts";
import { PortfolioError, whyUnreadable } from "../errors.ts";
import { isZip } from "../bundle/is-zip.ts";
import { pdfFacts } from "../signing/attached-facts.ts";
import { UnverifiablePdfError, type VerifyReport } from "../signing/verify-pdf.ts";

/**
 * What the PDF's signatures say: all hold; something changed after a signature; they do
 * not hold; there are none (a PDF built unsigned, as CI builds it); or, for a workspace,
 * no PDF has been built beside it.
 */
export type VerifyState = "valid" | "changed after signing" | "invalid" | "not signed" | "no PDF";

/** States that say something is wrong with a PDF; "not signed" (a draft, as CI builds them) and "no PDF" are progress. */
export const FAILED_STATES: readonly VerifyState[] = ["changed after signing", "invalid"];

/** One learner of a cohort, from their signed PDF. */
export interface CohortLearner {
  /** What the row was read from: a PDF (a built output's portfolio.pdf), or a workspace. */
  source: string;
  candidateNumber: string;
  /** Only with --names: a cohort view shared with a centre need not name anyone. */
  name?: string;
  buildId?: string;
  units: Array<{ urn: string; title: string; criteria: number; evidenced: number; gaps: string[] }>;
  /** The assessment methods of the evidence (the reflections' evidence_type: observation, professional discussion...). */
  methods: string[];
  learnerSigned: boolean;
  verify: { state: VerifyState; reason?: string };
  assessment?: Decision;
  iqa?: Decision;
}

/** A recorded decision in brief: outcome, by whom, when. */
export interface Decision {
  outcome: string;
  by: string;
  date: string;
}

export interface Cohort {
  learners: CohortLearner[];
  /** Sources that could not be read as a portfolio PDF, and why. */
  unread: Array<{ source: string; reason: string }>;
  /** Per unit and criterion, how many learners still have it as a gap. */
  gaps: Array<{ urn: string; title: string; learners: number; criteria: Array<{ id: string; text: string; learners: number }> }>;
}

/** What the centre's CI writes in a learner's folder instead of a site, saying why (see ci/templates.ts). */
export const NOT_BUILT = "not-built.txt";

/**
 * The PDF a source names: a PDF itself, or a built output (a folder holding portfolio.pdf,
 * as `portfolio build` writes it).
 */
export async function pdfOfSource(source: string): Promise<string> {
  const info = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `${source} cannot be read: ${whyUnreadable(error)}`);
  });
  if (!info.isDirectory()) return source;
  const pdf = join(source, "portfolio.pdf");
  if (await stat(pdf).then((s) => s.isFile(), () => false)) return pdf;
  // The centre's CI leaves a note where a learner's repository could not be cloned or built.
  const why = await readFile(join(source, NOT_BUILT), "utf8").then((text) => text.trim().split("\n")[0], () => undefined);
  if (why) throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `${source} holds no portfolio.pdf: ${why}`);
  throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `${source} holds no portfolio.pdf: give a built output (the folder \`portfolio build\` writes) or a signed PDF`);
}

/** A workspace: a folder holding portfolio.yaml. */
async function isWorkspace(source: string): Promise<boolean> {
  return stat(join(source, "portfolio.yaml")).then((s) => s.isFile(), () => false);
}

/**
 * A workspace's row: progress and gaps as its sources stand now (the check's coverage),
 * and signatures, assessment and verify state from the PDF built beside it (`_site/`, where
 * `portfolio build` puts it), when there is one.
 */
async function workspaceLearner(source: string, trust: readonly X509Certificate[], names: boolean): Promise<{ learner: CohortLearner; texts: Map<string, string> }> {
  const [{ loadWorkspace }, { checkWorkspace }, { evidenceMapOf }] = await Promise.all([import("../workspace/load-workspace.ts"), import("../check/check-workspace.ts"), import("../assessment/evidence-map.ts")]);
  const checked = checkWorkspace(await loadWorkspace(source));
  const learner = checked.workspace.config?.learner;
  if (!learner) throw new PortfolioError("PORTFOLIO_NOT_A_PORTFOLIO", `${source}: its portfolio.yaml names no learner; run \`portfolio check --dir ${source}\` to see why`);
  const map = evidenceMapOf(checked.coverage, learner, () => undefined);
  const pdf = join(dirname(source), "_site", "portfolio.pdf");
  const built = await stat(pdf).then((s) => s.isFile(), () => false);
  const fromPdf = built ? (await learnerOf(pdf, trust, names)).learner : undefined;
  const texts = new Map(map.units.flatMap((unit) => unit.criteria.map((c) => [`${unit.urn} ${c.id}`, c.text] as const)));
  return {
    texts,
    learner: {
      source,
      candidateNumber: learner.candidateNumber,
      ...(names ? { name: learner.name } : {}),
      units: unitsOf(map),
      methods: methodsOf(map),
      learnerSigned: fromPdf?.learnerSigned ?? false,
      verify: fromPdf?.verify ?? { state: "no PDF", reason: `nothing built at ${pdf}` },
      ...(fromPdf?.buildId ? { buildId: fromPdf.buildId } : {}),
      ...(fromPdf?.assessment ? { assessment: fromPdf.assessment } : {}),
      ...(fromPdf?.iqa ? { iqa: fromPdf.iqa } : {}),
    },
  };
}

/** Each unit's progress from an evidence map: criteria, how many evidenced, the ids not yet. */
function unitsOf(map: EvidenceMap): CohortLearner["units"] {
  return map.units.map((unit) => {
    const gaps = unit.criteria.filter((c) => c.evidence.length === 0).map((c) => c.id);
    return { urn: unit.urn, title: unit.title, criteria: unit.criteria.length, evidenced: unit.criteria.length - gaps.length, gaps };
  });
}

/** The assessment methods the evidence uses, each once, in order. */
function methodsOf(map: EvidenceMap): string[] {
  return [...new Set(map.units.flatMap((u) => u.criteria.flatMap((c) => c.evidence.flatMap((e) => (e.method ? [e.method] : [])))))].sort();
}

/**
 * One learner's row: the PDF verified as `verify` does, and read for its evidence map;
 * with each criterion's text by "URN id", for the cohort's gap counts.
 */
export async function learnerOf(source: string, trust: readonly X509Certificate[], names: boolean): Promise<{ learner: CohortLearner; texts: Map<string, string> }> {
  const file = await pdfOfSource(source);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new PortfolioError("PORTFOLIO_FILE_UNREADABLE", `${file} cannot be read: ${whyUnreadable(error)}`);
  });
  let report: VerifyReport | undefined;
  let failure: string | undefined;
  let unsigned = false;
  let pdf: Uint8Array = bytes;
  if (isZip(bytes)) {
    // An EQA bundle: its signed PDF, judged with everything bound to it.
    const { judgeBundle, BUNDLE_FILES } = await import("../bundle/bundle.ts");
    const { report: bundle, signed } = await judgeBundle(bytes, file, trust);
    if (!signed) throw new PortfolioError("PORTFOLIO_NOT_A_PORTFOLIO", `${file} is a zip without a ${BUNDLE_FILES.signed} that can be read: not an EQA bundle made by \`portfolio bundle\``);
    pdf = signed;
    report = bundle.pdf;
    if (!bundle.valid) failure = bundle.checks.find((c) => !c.ok)?.text;
    if (report && failure) report = { ...report, valid: false, problems: [failure, ...report.problems] };
  } else {
    const { verifyPdf } = await import("../signing/verify-pdf.ts");
    try {
      report = await verifyPdf(bytes, file, trust);
    } catch (error) {
      if (!(error instanceof PortfolioError)) throw error;
      failure = error.message.replace(/^.*? cannot be verified: /, "");
      unsigned = error instanceof UnverifiablePdfError && error.unsigned;
    }
  }
  const facts = pdfFacts(pdf);
  const map = facts?.evidenceMap;
  if (!map) throw new PortfolioError("PORTFOLIO_NOT_A_PORTFOLIO", `${file} carries no evidence map: it is not a portfolio PDF this tool built (or was built by an older version of portfolio)`);
  const texts = new Map(map.units.flatMap((unit) => unit.criteria.map((c) => [`${unit.urn} ${c.id}`, c.text] as const)));
  const learner: CohortLearner = {
    source: file,
    candidateNumber: map.candidateNumber,
    ...(names ? { name: map.learner } : {}),
    buildId: facts.buildId,
    units: unitsOf(map),
    methods: methodsOf(map),
    // Signed by the learner at all; whether that signature still holds is `verify`.
    learnerSigned: report?.signatures.some((s) => s.role === "learner") ?? false,
    verify: report ? verifyState(report) : unsigned ? { state: "not signed" } : { state: "invalid", reason: failure },
    ...(report?.assessment ? { assessment: decision(report.assessment) } : {}),
    ...(report?.iqa ? { iqa: decision(report.iqa) } : {}),
  };
  return { learner, texts };
}

function decision(record: RecordedAssessment): Decision {
  return { outcome: record.outcome, by: record.assessor, date: record.date };
}

/** Valid; changed after signing (signed bytes changed, or a change not allowed after a signature); or not valid, with the first reason. */
export function verifyState(report: VerifyReport): CohortLearner["verify"] {
  if (report.valid) return { state: "valid" };
  const changed = report.signatures.find((s) => !s.digestValid || s.laterChanges.some((c) => !c.allowed));
  const reason = report.problems[0] ?? (changed ?? report.signatures.find((s) => !s.valid))?.problems[0];
  return { state: changed ? "changed after signing" : "invalid", ...(reason ? { reason } : {}) };
}

/** Every source read in turn (one that cannot be read is listed, not fatal), then the gaps counted across learners. */
export async function readCohort(sources: readonly string[], options: { trust?: readonly X509Certificate[]; names?: boolean; onProgress?: (done: number, of: number) => void } = {}): Promise<Cohort> {
  const learners: CohortLearner[] = [];
  const unread: Cohort["unread"] = [];
  const texts = new Map<string, string>();
  for (const [i, source] of sources.entries()) {
    try {
      const read = await (await isWorkspace(source) ? workspaceLearner : learnerOf)(source, options.trust ?? [], options.names ?? false);
      learners.push(read.learner);
      for (const [key, text] of read.texts) if (!texts.has(key)) texts.set(key, text);
    } catch (error) {
      if (!(error instanceof PortfolioError)) throw error;
      unread.push({ source, reason: error.message });
    }
    options.onProgress?.(i + 1, sources.length);
  }
  learners.sort((a, b) => a.candidateNumber.localeCompare(b.candidateNumber, "en", { numeric: true }) || a.source.localeCompare(b.source));
  return { learners, unread, gaps: gapsAcross(learners, texts) };
}

/** Per unit and per criterion, how many learners have it as a gap (every unit any learner is registered for). */
function gapsAcross(learners: readonly CohortLearner[], texts: ReadonlyMap<string, string>): Cohort["gaps"] {
  const units = new Map<string, { urn: string; title: string; learners: number; criteria: Map<string, number> }>();
  for (const learner of learners) {
    for (const unit of learner.units) {
      const entry = units.get(unit.urn) ?? { urn: unit.urn, title: unit.title, learners: 0, criteria: new Map() };
      units.set(unit.urn, entry);
      if (unit.gaps.length) entry.learners++;
      for (const id of unit.gaps) entry.criteria.set(id, (entry.criteria.get(id) ?? 0) + 1);
    }
  }
  return [...units.values()].map((u) => ({
    urn: u.urn,
    title: u.title,
    learners: u.learners,
    criteria: [...u.criteria].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "en", { numeric: true })).map(([id, n]) => ({ id, text: texts.get(`${u.urn} ${id}`) ?? "", learners: n })),
  }));
}
