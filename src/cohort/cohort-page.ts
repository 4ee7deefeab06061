import { html, type SafeHtml } from "../html/html.ts";
import type { Cohort, CohortLearner } from "./cohort.ts";
import type { SamplePlan } from "./sample-plan.ts";

const STATE_MARK: Record<CohortLearner["verify"]["state"], string> = { valid: "✓ valid", "changed after signing": "✗ changed after signing", invalid: "✗ not valid", "not signed": "not signed yet", "no PDF": "no PDF built yet" };

/**
 * The centre's view of a cohort, one page: a row per learner by candidate number (names
 * only when asked for), each unit's progress as a bar with its gaps, whether the learner
 * signed, the assessment and IQA with who and when, and whether the PDF verifies; then,
 * per unit and criterion, how many learners still have it as a gap.
 */
export function cohortPage(cohort: Cohort, generated: string, plan?: SamplePlan): string {
  const units = cohort.gaps.map((g) => g.urn);
  const bar = (unit: CohortLearner["units"][number] | undefined): SafeHtml => {
    if (!unit) return html`<td class="none">not registered</td>`;
    const share = unit.criteria ? Math.round((100 * unit.evidenced) / unit.criteria) : 0;
    return html`<td><span class="bar" role="img" aria-label="${unit.evidenced} of ${unit.criteria} criteria evidenced"><span style="width:${share}%"></span></span> ${unit.evidenced}/${unit.criteria}${unit.gaps.length ? html`<br><small>gaps: ${unit.gaps.join(", ")}</small>` : ""}</td>`;
  };
  const decided = (d: CohortLearner["assessment"]) => (d ? html`${d.outcome}<br><small>${d.by}, ${d.date}</small>` : html`<span class="none">none</span>`);
  const rows = cohort.learners.map((l) => html`<tr class="state-${l.verify.state.replace(/ /g, "-")}">
  <th scope="row">${l.candidateNumber}${l.name ? html`<br><small>${l.name}</small>` : ""}</th>
  ${units.map((urn) => bar(l.units.find((u) => u.urn === urn)))}
  <td>${l.learnerSigned ? "yes" : html`<strong>no</strong>`}</td>
  <td>${decided(l.assessment)}</td>
  <td>${l.iqa ? decided(l.iqa) : html`<span class="none">not sampled</span>`}</td>
  <td>${STATE_MARK[l.verify.state]}${l.verify.reason ? html`<br><small>${l.verify.reason}</small>` : ""}</td>
</tr>`);
  const repeated = repeatedCandidates(cohort.learners);
  const body = html`<main class="cohort">
<h1>Cohort: ${cohort.learners.length} ${cohort.learners.length === 1 ? "learner" : "learners"}</h1>
<p class="note">Read from each learner's signed PDF on ${generated}: its evidence map, and every signature verified as <code>portfolio verify</code> does.${cohort.unread.length ? html` ${cohort.unread.length} could not be read (below).` : ""}</p>
${repeated.length ? html`<p class="warn">More than one PDF for ${repeated.map((r, i) => html`${i ? ", " : ""}candidate ${r.candidateNumber} (${r.count})`)}: a resubmission given with the version assessed, or a candidate number typed twice. Each is a row of its own.</p>` : ""}
<div class="scroll"><table>
<thead><tr><th scope="col">Candidate</th>${cohort.gaps.map((g) => html`<th scope="col">${g.urn}<br><small>${g.title}</small></th>`)}<th scope="col">Learner signed</th><th scope="col">Assessment</th><th scope="col">IQA</th><th scope="col">PDF</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<h2>Gaps across the cohort</h2>
${cohort.gaps.map((g) => html`<h3>${g.urn} ${g.title}: ${g.learners} of ${cohort.learners.length} ${cohort.learners.length === 1 ? "learner" : "learners"} with gaps</h3>
${g.criteria.length ? html`<table class="gaps"><thead><tr><th scope="col">AC</th><th scope="col">Criterion</th><th scope="col">Learners with it as a gap</th></tr></thead><tbody>${g.criteria.map((c) => html`<tr><td>${c.id}</td><td>${c.text}</td><td>${c.learners}</td></tr>`)}</tbody></table>` : html`<p>Every learner has evidenced every criterion.</p>`}`)}
${plan ? html`<h2>Sampling plan</h2>
<p>Seed ${plan.seed}: every assessor, every unit and every assessment method at least once, then ${Math.round(plan.rate * 100)}% of each assessor's assessed learners (${Math.round(plan.flaggedRate * 100)}% for a new or flagged assessor). The same cohort and seed give the same plan; <code>sample.csv</code> holds it for a spreadsheet.${plan.flagged.length ? html` Flagged: ${plan.flagged.map((f, i) => html`${i ? "; " : ""}${f.assessor} (${f.why})`)}.` : ""}</p>
${plan.picks.length === 0 ? html`<p>No learner's assessment is recorded yet, so there is no one to sample.</p>` : html`<div class="scroll"><table class="sample"><thead><tr><th scope="col">Candidate</th><th scope="col">Assessor</th><th scope="col">Units</th><th scope="col">Methods</th><th scope="col">Why sampled</th><th scope="col">IQA recorded</th></tr></thead>
<tbody>${plan.picks.map((p) => html`<tr><td>${p.candidateNumber}</td><td>${p.assessor}</td><td>${p.units.join(", ")}</td><td>${p.methods.map((m) => m.replace(/-/g, " ")).join(", ")}</td><td>${p.reasons.join("; ")}</td><td>${p.iqaDone ? "yes" : "no"}</td></tr>`)}</tbody></table></div>`}
${plan.notAssessed.length ? html`<p>Not yet assessed, so not sampled: ${plan.notAssessed.join(", ")}.</p>` : ""}` : ""}
${cohort.unread.length ? html`<h2>Not read</h2><ul>${cohort.unread.map((u) => html`<li><code>${u.source}</code>: ${u.reason}</li>`)}</ul>` : ""}
</main>`;
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cohort</title>
<style>
body { font: 16px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
.scroll td:last-child { min-width: 14rem; }
thead th { background: #f2f2f2; }
small { color: #555; }
.none { color: #777; }
.bar { display: inline-block; width: 5rem; height: 0.6rem; background: #e4e4e4; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #2e7d32; }
tr.state-changed-after-signing td:last-child, tr.state-invalid td:last-child { color: #b3261e; font-weight: 600; }
.note { color: #444; }
.warn { color: #8a4b00; font-weight: 600; }
</style></head><body>${body}</body></html>
`;
}

/** Candidate numbers given by more than one source, with how many. */
export function repeatedCandidates(learners: readonly CohortLearner[]): Array<{ candidateNumber: string; count: number }> {
  const counts = new Map<string, number>();
  for (const l of learners) counts.set(l.candidateNumber, (counts.get(l.candidateNumber) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([candidateNumber, count]) => ({ candidateNumber, count }));
}
