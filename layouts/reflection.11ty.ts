import { html, trustedHtml } from "../src/html/html.ts";
import { criterionAnchor, relativeUrl, urls } from "../src/site/urls.ts";
import { formatBytes } from "../src/text/format.ts";
import type { LoadedReflection } from "../src/workspace/workspace.ts";
import { decisionNote, reflectionFeedback } from "./_lib/assessment.ts";
import { page, shownDate } from "./_lib/page.ts";
import type { PageData } from "./_lib/page-data.ts";

const evidenceTypeLabels: Record<string, string> = {
  observation: "Observation",
  "professional-discussion": "Professional discussion",
  "witness-testimony": "Witness testimony",
  product: "Product",
  "reflective-account": "Reflective account",
  simulation: "Simulation",
};

/** A page per reflection: its metadata, evidence files, the criteria it evidences, and the body with AC badges. */
export default class ReflectionPage {
  data() {
    return {
      pagination: { data: "portfolio.reflections", size: 1, alias: "reflection" },
      permalink: ({ reflection }: { reflection: LoadedReflection }) => `${urls.reflection(reflection.slug)}index.html`,
    };
  }

  render({ portfolio, page: { url }, reflection }: PageData): string {
    const r = reflection!;
    const link = (to: string) => relativeUrl(url, to);
    const evidenced = portfolio.evidencedBy.get(r) ?? [];

    const body = html`
<article class="reflection">
  <header>
    <h1>${r.title}</h1>
    ${r.private ? html`<p class="notice"><span class="draft-flag">Private note</span> Only your preview shows this reflection; no build includes it, and it is not evidence.</p>` : ""}
    ${r.status === "draft" ? html`<p class="notice"><span class="draft-flag">Draft</span> This reflection is a draft: it is shown here but does not count towards coverage.</p>` : ""}
    <dl class="facts">
      <div><dt>Date</dt><dd>${shownDate(r.date)}</dd></div>
      <div><dt>Status</dt><dd>${r.status === "draft" ? "Draft" : "Final"}</dd></div>
      ${r.evidenceType ? html`<div><dt>Evidence type</dt><dd>${evidenceTypeLabels[r.evidenceType.value] ?? r.evidenceType.value}</dd></div>` : ""}
      <div><dt>Length</dt><dd>${r.words} words</dd></div>
      <div><dt>Source</dt><dd><code>${r.file}</code></dd></div>
    </dl>
  </header>
  ${reflectionFeedback(portfolio.assessment, r.file)}

  <section class="criteria-evidenced" aria-labelledby="criteria-heading">
    <h2 id="criteria-heading">Criteria evidenced</h2>
    <ul>
    ${evidenced.map(({ unit, entry }) => {
      const anchors = (r.status === "final" ? entry.evidence : entry.drafts).find((e) => e.reflection === r)?.anchors ?? [];
      return html`<li>
        <a href="${link(`${urls.unit(unit.slug)}#${criterionAnchor(entry.criterion.id)}`)}">${unit.urn} ${entry.criterion.id}</a> ${entry.criterion.text}
        ${anchors.length ? html`<span class="meta">(${anchors.map((a, i) => html`${i ? ", " : ""}<a href="#${a}">marked place${anchors.length > 1 ? ` ${i + 1}` : ""}</a>`)})</span>` : html`<span class="meta">(not marked in the text)</span>`}
        ${decisionNote(portfolio.assessment, unit.urn, entry.criterion.id)}
      </li>`;
    })}
    </ul>
  </section>

  ${r.evidenceFiles.length ? html`<section aria-labelledby="evidence-heading">
    <h2 id="evidence-heading">Evidence files</h2>
    <ul class="evidence-files">${r.evidenceFiles.map((e) => e.file.status === "ok"
      ? html`<li><a href="${link(urls.evidence(e.file.path))}"${ACTIVE_DOCUMENT.test(e.file.path) ? trustedHtml(" download") : ""}>${e.file.path}</a> <span class="meta">(${formatBytes(e.file.bytes)}${ACTIVE_DOCUMENT.test(e.file.path) ? ", to download" : ""})</span></li>`
      : html`<li>${e.value} <span class="meta">(not available)</span></li>`)}</ul>
  </section>` : ""}

  <section class="body" aria-labelledby="account-heading">
    <h2 id="account-heading" class="visually-hidden">Reflective account</h2>
    ${trustedHtml(r.html ?? "")}
  </section>
</article>`;
    return page({ url, title: r.title, portfolio, body });
  }
}

/**
 * Evidence a browser would open as a page able to run scripts (a saved web page, an SVG
 * drawing): downloaded, not opened, so that nothing in it runs as part of the site.
 */
const ACTIVE_DOCUMENT = /\.(?:html?|xht(?:ml)?|svgz?|xml|xsl|mht(?:ml)?)$/i;
