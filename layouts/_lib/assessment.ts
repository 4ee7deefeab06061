import type { AssessmentFollowUp } from "../../src/check/check-assessments.ts";
import { html, type SafeHtml } from "../../src/html/html.ts";
import { shownDate } from "./page.ts";

/** The assessor's decision on a criterion, with feedback; a not-yet says whether it has been worked on since. */
export function decisionNote(assessment: AssessmentFollowUp | undefined, urn: string, id: string): SafeHtml | "" {
  const decision = assessment?.stored.criteria.find((c) => c.unit === urn && c.id === id);
  if (!assessment || !decision) return "";
  const { assessor, date } = assessment.stored;
  const revised = assessment.revised.has(`${urn} ${id}`);
  return html`<p class="decision decision-${decision.decision}"><span class="decision-flag">${decision.decision === "met" ? "Met" : "Not yet met"}</span>
    <span class="meta">${assessor}, ${shownDate(date)}</span>${decision.feedback ? html` <q>${decision.feedback}</q>` : ""}
    ${decision.decision === "not-yet" ? html`<span class="meta">${revised ? "A reflection evidencing it has changed since: build and resubmit." : "Not worked on since: revise or write a final reflection that evidences it."}</span>` : ""}</p>`;
}

/** The assessor's feedback on one reflection, if any. */
export function reflectionFeedback(assessment: AssessmentFollowUp | undefined, file: string): SafeHtml | "" {
  const said = assessment?.stored.reflections.find((r) => `reflections/${r.file}` === file || r.file === file);
  if (!assessment || !said) return "";
  return html`<aside class="assessor-feedback" aria-label="Assessor's feedback"><p><strong>Assessor's feedback</strong> <span class="meta">(${assessment.stored.assessor}, ${shownDate(assessment.stored.date)})</span></p><p>${said.feedback}</p></aside>`;
}

/** The dashboard's summary of the latest assessment. */
export function assessmentSummary(assessment: AssessmentFollowUp | undefined): SafeHtml | "" {
  if (!assessment) return "";
  const { stored } = assessment;
  const notYet = stored.criteria.filter((c) => c.decision === "not-yet");
  const open = notYet.filter((c) => !assessment.revised.has(`${c.unit} ${c.id}`));
  return html`<section class="assessment" aria-labelledby="assessment-heading">
  <h2 id="assessment-heading">Assessment</h2>
  <p class="decision decision-${stored.outcome}"><span class="decision-flag">${stored.outcome === "met" ? "Met" : "Not yet met"}</span>
    <span class="meta">${stored.assessor}, ${shownDate(stored.date)}: ${stored.criteria.length - notYet.length} of ${stored.criteria.length} criteria met${notYet.length ? `; ${open.length} of the ${notYet.length} not yet met still to work on` : ""}</span></p>
  ${stored.feedback ? html`<p><q>${stored.feedback}</q></p>` : ""}
</section>`;
}
