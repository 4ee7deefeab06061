import { html } from "../src/html/html.ts";
import { located } from "../src/diagnostics/diagnostic.ts";
import { relativeUrl, urls, criterionAnchor } from "../src/site/urls.ts";
import { citationsText } from "../src/text/format.ts";
import { assessmentSummary } from "./_lib/assessment.ts";
import { findingMessage, page, progress, shownDate } from "./_lib/page.ts";
import type { PageData } from "./_lib/page-data.ts";

/** The dashboard: who, what for, progress per unit, the gaps, the reflections, the warnings. */
export default class Dashboard {
  data() {
    return { permalink: "/index.html" };
  }

  render({ portfolio, page: { url } }: PageData): string {
    const link = (to: string) => relativeUrl(url, to);
    const { config, units, reflections, warnings } = portfolio;
    const gaps = units.flatMap(({ unit, criteria }) => criteria.filter((c) => c.evidence.length === 0).map((entry) => ({ unit, entry })));
    const complete = gaps.length === 0;

    const body = html`
<h1>Portfolio of ${config.learner.name}</h1>
<dl class="facts">
  <div><dt>Candidate number</dt><dd>${config.learner.candidateNumber}</dd></div>
  <div><dt>Centre</dt><dd>${config.centre.name} (${config.centre.number})</dd></div>
  <div><dt>Qualification</dt><dd>${config.qualification}</dd></div>
  ${config.assessor ? html`<div><dt>Assessor</dt><dd>${config.assessor.name}</dd></div>` : ""}
</dl>

${portfolio.pdf ? html`<p class="pdf-link"><a href="${link("/portfolio.pdf")}">Download the portfolio as a PDF</a> <span class="meta">(for your assessor and the external verifier; <a href="${link("/report.json")}">report.json</a> lists its pages and checksums)</span></p>` : ""}

${assessmentSummary(portfolio.assessment)}

<section aria-labelledby="units-heading">
  <h2 id="units-heading">Units</h2>
  <ul class="unit-cards">
  ${units.map(({ unit, evidenced, total }) => html`<li class="card">
    <h3><a href="${link(urls.unit(unit.slug))}">${unit.urn} ${unit.title}</a></h3>
    <p class="meta">Level ${unit.level} · ${unit.credit} credits · ${unit.glh} guided learning hours</p>
    ${progress(evidenced, total, `${unit.urn} progress`)}
  </li>`)}
  </ul>
</section>

<section aria-labelledby="gaps-heading">
  <h2 id="gaps-heading">Gaps</h2>
  ${complete
    ? html`<p class="all-covered"><strong>✓ Every criterion of every registered unit is evidenced by a final reflection.</strong></p>`
    : html`<p>${gaps.length} ${gaps.length === 1 ? "criterion has" : "criteria have"} no final reflection yet:</p>
  <ul class="gap-list">${gaps.map(({ unit, entry }) => html`<li><span class="gap-flag">Gap</span> <a href="${link(`${urls.unit(unit.slug)}#${criterionAnchor(entry.criterion.id)}`)}">${unit.urn} ${entry.criterion.id}</a> ${entry.criterion.text}${entry.drafts.length ? html` <em>(only in a draft)</em>` : ""}</li>`)}</ul>`}
</section>

<section aria-labelledby="reflections-heading">
  <h2 id="reflections-heading">Reflections</h2>
  <table class="reflections">
    <caption>${reflections.length} reflections, newest first</caption>
    <thead><tr><th scope="col">Date</th><th scope="col">Reflection</th><th scope="col">Criteria</th><th scope="col">Status</th></tr></thead>
    <tbody>
    ${reflections.map((r) => html`<tr>
      <td class="date">${shownDate(r.date)}</td>
      <th scope="row"><a href="${link(urls.reflection(r.slug))}">${r.title}</a></th>
      <td class="criteria" data-label="Criteria">${citationsText(r.citations)}</td>
      <td class="status" data-label="Status">${r.status === "draft" ? html`<span class="draft-flag">Draft</span> does not count yet` : "Final"}</td>
    </tr>`)}
    </tbody>
  </table>
</section>

<section aria-labelledby="warnings-heading">
  <h2 id="warnings-heading">Warnings</h2>
  ${warnings.length === 0
    ? html`<p>No warnings.</p>`
    : html`<p>${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"} from the check; they do not stop the build but an assessor may ask about them.</p>
  <ul class="findings">${warnings.map((w) => html`<li><code>${located(w)}</code> ${findingMessage(w.message)} <span class="rule">${w.rule}</span></li>`)}</ul>`}
</section>`;
    return page({ url, title: "Dashboard", portfolio, body });
  }
}
