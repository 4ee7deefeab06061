import { html } from "../src/html/html.ts";
import { scrollRegion } from "../src/html/scroll-region.ts";
import { findingMessage, page } from "./_lib/page.ts";
import { where } from "../src/diagnostics/diagnostic.ts";
import type { PageData } from "./_lib/page-data.ts";

/** Every finding of the check, in the preview only: grouped by file, in file order. */
export default class FindingsPage {
  data() {
    return { permalink: ({ portfolio }: PageData) => (portfolio.preview ? "/findings/index.html" : false) };
  }

  render({ portfolio, page: { url } }: PageData): string {
    if (!portfolio.preview) return "";
    const findings = portfolio.preview.findings;
    const files = [...new Set(findings.map((f) => f.file))];
    const body = html`<h1>Findings</h1>
${findings.length === 0
  ? html`<p>The check finds nothing.</p>`
  : files.map((file, i) => html`<section><h2 id="findings-${i + 1}"><code>${file}</code></h2>
  ${scrollRegion(`findings-${i + 1}`, html`<table><thead><tr><th scope="col">Where</th><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Rule</th></tr></thead>
  <tbody>${findings.filter((f) => f.file === file).map((f) => html`<tr><td>${where(f)}</td><td class="finding-${f.severity}">${f.severity}</td><td>${findingMessage(f.message)}</td><td><code>${f.rule}</code></td></tr>`)}</tbody></table>`)}
</section>`)}`;
    return page({ url, title: "Findings", portfolio, body });
  }
}
