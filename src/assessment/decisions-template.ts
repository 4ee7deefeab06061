import { pagesText } from "../text/format.ts";
import { shellWord } from "../text/shell-word.ts";
import type { EvidenceMap } from "./evidence-map.ts";
import type { RecordedAssessment } from "./recorded.ts";

/** What the assessor is told about the PDF at the top of the file. */
export interface TemplateSource {
  /** The PDF's file name, as the assessor gave it. */
  file: string;
  sha256: string;
  buildId: string;
  /** Who signed it as the learner, if anyone: "Priya Shah", verified. */
  learnerSigned: string | undefined;
}

/** One line of a comment: a title may hold anything the learner wrote, but never a line break here. */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, " ");

/**
 * The decisions file an assessor fills in (schemas/assessment-decisions.schema.json): every
 * criterion of every unit in the PDF with its decision left blank, and beside each, as
 * comments, its text and the reflections and pages that evidence it, so the file can be
 * filled in with the PDF open at those pages. YAML, as the learner's own files are.
 */
export function decisionsTemplate(map: EvidenceMap, source: TemplateSource, decisionsFile: string, assessed?: RecordedAssessment): string {
  if (assessed) return samplingTemplate(map, source, decisionsFile, assessed);
  const lines = [
    `# Assessment of the portfolio of ${oneLine(map.learner)} (candidate number ${map.candidateNumber})`,
    `# ${oneLine(source.file)}: build ${source.buildId}, SHA-256 ${source.sha256}`,
    `# ${source.learnerSigned ? `Signed by the learner, ${oneLine(source.learnerSigned)}; the signature holds.` : "Not signed by the learner: ask for the signed PDF before you record decisions."}`,
    "#",
    "# For each criterion, write `decision: met` or `decision: not-yet`, and feedback where it helps",
    "# (it is required for not-yet). Beside each: its evidence, and the pages of the PDF to read.",
    "# Then record and sign your decisions, bound to this exact PDF:",
    `#   portfolio assess ${shellWord(source.file)} --decisions ${shellWord(decisionsFile)} --key YOUR-KEY.p12`,
    "",
    "outcome:            # met | not-yet, for the portfolio as a whole",
    'feedback: ""',
    "criteria:",
  ];
  for (const unit of map.units) {
    lines.push(`  # ${unit.urn} ${oneLine(unit.title)}`, `  ${unit.urn}:`);
    for (const criterion of unit.criteria) {
      lines.push(`    # ${criterion.id} ${oneLine(criterion.text)}`);
      if (criterion.evidence.length === 0) lines.push("    #   Evidence: none (a gap in the portfolio)");
      for (const e of criterion.evidence) {
        const where = e.pages.length === 0 ? "no page found" : e.marked ? pagesText(e.pages) : `from page ${e.pages[0]} (cited, but not marked in the text)`;
        lines.push(`    #   Evidence: "${oneLine(e.title)}" (${e.file}), ${where}`);
      }
      lines.push(`    ${JSON.stringify(criterion.id)}:`, "      decision:       # met | not-yet", '      feedback: ""');
    }
  }
  lines.push(
    "",
    "# Feedback on a reflection, by its file name (optional), for example:",
    '#   2026-01-14-mapping-the-network-i-already-have.md: "Good use of the monitoring log."',
    "reflections: {}",
    "",
  );
  return lines.join("\n");
}

const SAID = { met: "met", "not-yet": "not yet met", agree: "agree", disagree: "disagree" } as const;

/**
 * The IQA's file: every criterion with the assessor's decision and feedback beside it, and
 * its evidence; the IQA writes agree or disagree for those they sample and leaves the rest
 * blank (not sampled).
 */
function samplingTemplate(map: EvidenceMap, source: TemplateSource, decisionsFile: string, assessed: RecordedAssessment): string {
  const decided = new Map(assessed.criteria.map((c) => [`${c.unit} ${c.id}`, c]));
  const lines = [
    `# Internal quality assurance of the assessment of ${oneLine(map.learner)} (candidate number ${map.candidateNumber})`,
    `# ${oneLine(source.file)}: build ${source.buildId}, SHA-256 ${source.sha256}`,
    `# Assessed by ${oneLine(assessed.assessor)} on ${assessed.date}: ${SAID[assessed.outcome]}; their record is on the assessment record page.`,
    "#",
    "# For each criterion you sample, write `decision: agree` or `decision: disagree` with the",
    "# assessor's decision (feedback, for the assessor, is required for disagree); leave the",
    "# rest blank: they were not sampled. Then record and sign your sampling:",
    `#   portfolio assess ${shellWord(source.file)} --role iqa --decisions ${shellWord(decisionsFile)} --key YOUR-KEY.p12`,
    "",
    "outcome:            # agree | disagree, with the assessment as you sampled it",
    'feedback: ""',
    "criteria:",
  ];
  for (const unit of map.units) {
    lines.push(`  # ${unit.urn} ${oneLine(unit.title)}`, `  ${unit.urn}:`);
    for (const criterion of unit.criteria) {
      const by = decided.get(`${unit.urn} ${criterion.id}`);
      lines.push(`    # ${criterion.id} ${oneLine(criterion.text)}`);
      lines.push(`    #   Assessor: ${by ? `${SAID[by.decision]}${by.feedback ? ` (“${oneLine(by.feedback)}”)` : ""}` : "no decision recorded"}`);
      for (const e of criterion.evidence) lines.push(`    #   Evidence: "${oneLine(e.title)}" (${e.file}), ${e.pages.length === 0 ? "no page found" : pagesText(e.pages)}`);
      lines.push(`    ${JSON.stringify(criterion.id)}:`, "      decision:       # agree | disagree, or blank if not sampled", '      feedback: ""');
    }
  }
  lines.push("", "reflections: {}", "");
  return lines.join("\n");
}
