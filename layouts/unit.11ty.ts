import type { CriterionCoverage, UnitCoverage } from "../src/coverage/coverage.ts";
import { html, type SafeHtml } from "../src/html/html.ts";
import type { Guidance } from "../src/spec/unit-spec.ts";
import { criterionAnchor, relativeUrl, urls } from "../src/site/urls.ts";
import { decisionNote } from "./_lib/assessment.ts";
import { page, progress, shownDate } from "./_lib/page.ts";
import type { PageData } from "./_lib/page-data.ts";

/** A page per unit: its outcomes and criteria with guidance, and what evidences each criterion. */
export default class UnitPage {
  data() {
    return {
      pagination: { data: "portfolio.units", size: 1, alias: "coverage" },
      permalink: ({ coverage }: { coverage: UnitCoverage }) => `${urls.unit(coverage.unit.slug)}index.html`,
    };
  }

  render({ portfolio, page: { url }, coverage }: PageData): string {
    const { unit, evidenced, total, criteria } = coverage!;
    const link = (to: string) => relativeUrl(url, to);
    const entries = new Map(criteria.map((c) => [c.criterion, c]));

    const evidenceList = (entry: CriterionCoverage): SafeHtml => {
      const item = (e: CriterionCoverage["evidence"][number], draft: boolean) => {
        const href = urls.reflection(e.reflection.slug);
        return html`<li${draft ? html` class="draft"` : ""}>
          <a href="${link(e.anchors[0] ? `${href}#${e.anchors[0]}` : href)}">${e.reflection.title}</a>
          <span class="meta">(${shownDate(e.reflection.date)}${draft ? html`, <span class="draft-flag">Draft</span> does not count` : ""})</span>
          ${e.anchors.length > 1 ? html`<span class="meta">also marked at ${e.anchors.slice(1).map((a, i) => html`<a href="${link(`${href}#${a}`)}">place ${i + 2}</a> `)}</span>` : ""}
          ${e.anchors.length === 0 ? html`<span class="meta">(cited, not marked in the text)</span>` : ""}
        </li>`;
      };
      if (entry.evidence.length === 0 && entry.drafts.length === 0) {
        return html`<p class="gap"><span class="gap-flag">Gap</span> No final reflection evidences this criterion yet.</p>`;
      }
      return html`${entry.evidence.length === 0 ? html`<p class="gap"><span class="gap-flag">Gap</span> Only a draft cites this criterion; drafts do not count.</p>` : ""}
        <ul class="evidence">${entry.evidence.map((e) => item(e, false))}${entry.drafts.map((e) => item(e, true))}</ul>`;
    };

    const body = html`
<h1><span class="urn">${unit.urn}</span> ${unit.title}</h1>
${progress(evidenced, total, `${unit.urn} progress`)}
<dl class="facts">
  <div><dt>Level</dt><dd>${unit.level}</dd></div>
  <div><dt>Credit value</dt><dd>${unit.credit}</dd></div>
  <div><dt>Guided learning hours</dt><dd>${unit.glh}</dd></div>
  ${unit.ocrUnitNumber ? html`<div><dt>OCR unit number</dt><dd>${unit.ocrUnitNumber}</dd></div>` : ""}
  ${unit.sectorUnitNumber ? html`<div><dt>Sector unit number</dt><dd>${unit.sectorUnitNumber}</dd></div>` : ""}
</dl>
${unit.aim ? html`<h2>Aim</h2><p>${unit.aim}</p>` : ""}
${unit.evidence.simulationAllowed ? "" : html`<p class="notice"><strong>Simulation is not allowed for this unit.</strong> Evidence must come from real work activities.</p>`}

${unit.outcomes.map((outcome) => html`
<section class="outcome" aria-labelledby="lo-${outcome.id}">
  <h2 id="lo-${outcome.id}">Learning outcome ${outcome.id}: ${outcome.text}</h2>
  ${guidanceBlocks(outcome.guidance)}
  ${outcome.criteria.map((criterion) => {
    const entry = entries.get(criterion)!;
    return html`
  <article class="criterion${entry.evidence.length === 0 ? " is-gap" : ""}" id="${criterionAnchor(criterion.id)}" aria-labelledby="${criterionAnchor(criterion.id)}-title">
    <h3 id="${criterionAnchor(criterion.id)}-title"><span class="ac-id">${criterion.id}</span> ${criterion.text}</h3>
    ${decisionNote(portfolio.assessment, unit.urn, criterion.id)}
    ${guidanceBlocks(criterion.guidance)}
    <h4 class="evidence-heading">Evidence</h4>
    ${evidenceList(entry)}
  </article>`;
  })}
</section>`)}

${unit.guidance.length ? html`<h2>Guidance</h2>${guidanceBlocks(unit.guidance)}` : ""}
${unit.evidence.requirements || unit.evidence.examples.length ? html`<h2>Evidence requirements</h2>
  ${unit.evidence.requirements ? html`<p>${unit.evidence.requirements}</p>` : ""}
  ${unit.evidence.examples.length ? html`<p>Examples of possible sources of evidence:</p><ul>${unit.evidence.examples.map((e) => html`<li>${e}</li>`)}</ul>` : ""}` : ""}
${unit.assessment ? html`<h2>Assessment</h2><p>${unit.assessment}</p>` : ""}
${unit.nos.length ? html`<h2>National Occupational Standards</h2>
<table><caption>NOS mapping</caption><thead><tr><th scope="col">Standards</th><th scope="col">Unit</th><th scope="col">Title</th></tr></thead>
<tbody>${unit.nos.map((n) => html`<tr><td>${n.standard}</td><td>${n.code}</td><td>${n.title}</td></tr>`)}</tbody></table>` : ""}`;
    return page({ url, title: `${unit.urn} ${unit.title}`, portfolio, body });
  }
}

function guidanceBlocks(blocks: readonly Guidance[]): SafeHtml {
  return html`${blocks.map((block) => html`<div class="guidance">
    <p class="guidance-heading">${block.heading}:</p>
    <ul>${block.items.map((item) => html`<li>${item}</li>`)}</ul>
  </div>`)}`;
}
