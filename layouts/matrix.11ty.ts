import { html } from "../src/html/html.ts";
import { scrollRegion } from "../src/html/scroll-region.ts";
import { criterionAnchor, relativeUrl, urls } from "../src/site/urls.ts";
import { page, shownDate } from "./_lib/page.ts";
import type { PageData } from "./_lib/page-data.ts";

/**
 * Criteria by reflections, one table per unit: real tables with row and column headers,
 * so a screen reader announces "1.2, Mapping the network: evidenced".
 */
export default class MatrixPage {
  data() {
    return { permalink: "/matrix/index.html" };
  }

  render({ portfolio, page: { url } }: PageData): string {
    const link = (to: string) => relativeUrl(url, to);
    const chronological = [...portfolio.reflections].reverse();

    const body = html`
<h1>Coverage matrix</h1>
<p>Each table shows a unit's criteria (rows) against the reflections that cite them (columns).
<span aria-hidden="true">●</span> marks a final reflection that evidences the criterion, <span aria-hidden="true">○</span> a draft, which does not count.</p>
${portfolio.units.map(({ unit, criteria, evidenced, total }) => {
  const columns = chronological.filter((r) => r.citations.some((c) => c.urn === unit.urn));
  return html`
<section aria-labelledby="matrix-${unit.slug}">
<h2 id="matrix-${unit.slug}">${unit.urn} ${unit.title}</h2>
${scrollRegion(`matrix-${unit.slug}-caption`, html`<table class="matrix">
  <caption id="matrix-${unit.slug}-caption">${unit.urn}: ${evidenced} of ${total} criteria evidenced, by reflection</caption>
  <thead><tr>
    <th scope="col">Criterion</th>
    ${columns.map((r) => html`<th scope="col"><a href="${link(urls.reflection(r.slug))}">${r.title}</a><span class="meta">${shownDate(r.date)}${r.status === "draft" ? " (draft)" : ""}</span></th>`)}
    <th scope="col">Total</th>
  </tr></thead>
  <tbody>
  ${criteria.map((entry) => html`<tr class="${entry.evidence.length === 0 ? "is-gap" : ""}">
    <th scope="row"><a href="${link(`${urls.unit(unit.slug)}#${criterionAnchor(entry.criterion.id)}`)}">${entry.criterion.id}</a> <span class="criterion-text">${entry.criterion.text}</span></th>
    ${columns.map((r) => {
      const final = entry.evidence.find((e) => e.reflection === r);
      const draft = entry.drafts.find((e) => e.reflection === r);
      const hit = final ?? draft;
      if (!hit) return html`<td><span class="visually-hidden">not cited</span></td>`;
      const href = `${urls.reflection(r.slug)}${hit.anchors[0] ? `#${hit.anchors[0]}` : ""}`;
      return html`<td class="${final ? "hit" : "hit-draft"}"><a href="${link(href)}"><span aria-hidden="true">${final ? "●" : "○"}</span><span class="visually-hidden">${final ? "evidenced" : "draft, does not count"}</span></a></td>`;
    })}
    <td>${entry.evidence.length === 0 ? html`<span class="gap-flag">Gap</span>` : entry.evidence.length}</td>
  </tr>`)}
  </tbody>
</table>`)}
</section>`;
})}`;
    return page({ url, title: "Coverage matrix", portfolio, body });
  }
}
