import { html, type SafeHtml } from "../../src/html/html.ts";
import { located, type Diagnostic } from "../../src/diagnostics/diagnostic.ts";
import type { SiteData } from "../../src/site/site-data.ts";
import { relativeUrl, urls } from "../../src/site/urls.ts";
import { formatDate, isRealDate } from "../../src/text/format.ts";

export interface PageOptions {
  /** The page's own URL (Eleventy's `page.url`), for relative links. */
  url: string;
  title: string;
  portfolio: SiteData;
  body: SafeHtml;
}

/** The shell of every page: landmarks, skip link, navigation, footer. Works without JavaScript. */
export function page({ url, title, portfolio, body }: PageOptions): string {
  const link = (to: string) => relativeUrl(url, to);
  const { config } = portfolio;
  const nav = [
    { href: urls.dashboard(), label: "Dashboard" },
    ...portfolio.units.map(({ unit }) => ({ href: urls.unit(unit.slug), label: `Unit ${unit.urn}` })),
    { href: urls.matrix(), label: "Coverage matrix" },
    ...(portfolio.monitoring ? [{ href: urls.network(), label: "Network" }] : []),
    ...(portfolio.preview ? [{ href: urls.findings(), label: "Findings" }] : []),
  ];
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${config.learner.name}'s portfolio</title>
<link rel="stylesheet" href="${link(urls.asset("site.css"))}">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <p class="site-title"><a href="${link(urls.dashboard())}">${config.learner.name} · ${config.qualification}</a></p>
  <nav aria-label="Portfolio">
    <ul>${nav.map((item) => html`<li><a href="${link(item.href)}"${item.href === url ? html` aria-current="page"` : ""}>${item.label}</a></li>`)}</ul>
  </nav>
</header>
${portfolio.preview ? previewBanner(portfolio.preview.findings, link) : ""}
<main id="main">
${body}
</main>
<footer class="site-footer">
  <p>Candidate ${config.learner.candidateNumber} · ${config.centre.name} (centre ${config.centre.number}) · built ${portfolio.builtAt} with portfolio ${portfolio.version}</p>
</footer>
</body>
</html>
`.value;
}

/** The preview's banner: it is a preview, and what the check found, kept in sight while writing. */
function previewBanner(findings: readonly Diagnostic[], link: (to: string) => string) {
  const errors = findings.filter((f) => f.severity === "error");
  const warnings = findings.filter((f) => f.severity === "warning");
  const tally = `${errors.length} ${errors.length === 1 ? "error" : "errors"}, ${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}`;
  return html`<aside class="preview-banner${errors.length ? " has-errors" : ""}" aria-label="Preview" ${errors.length ? html`role="alert"` : html`role="status"`}>
  <p><strong>Preview</strong>, with your private notes; not what you submit. <a href="${link(urls.findings())}">${tally}</a></p>
  ${findings.length
    ? html`<ul>${[...errors, ...warnings].slice(0, 5).map((f) => html`<li><span class="finding-${f.severity}">${f.severity}</span> <code>${located(f)}</code> ${findingMessage(f.message)}</li>`)}</ul>`
    : html`<p>The check finds nothing.</p>`}
</aside>`;
}

/**
 * A finding's message as the page shows it: what it quotes between backticks (an id, a
 * field, what the learner wrote) set as code, as the terminal shows it between backticks.
 */
export function findingMessage(message: string): SafeHtml {
  const parts = message.split("`");
  // With an odd number of backticks the last opens nothing: it and what follows are text.
  const spans = parts.length % 2 === 0 ? [...parts.slice(0, -2), `${parts.at(-2)}\`${parts.at(-1)}`] : parts;
  return html`${spans.map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** "7 of 7" with a meter a screen reader announces. */
export function progress(evidenced: number, total: number, label: string): SafeHtml {
  const percent = total === 0 ? 100 : Math.round((evidenced / total) * 100);
  return html`<div class="progress">
  <progress max="${total}" value="${evidenced}" aria-label="${label}">${percent}%</progress>
  <span>${evidenced} of ${total} criteria evidenced${evidenced === total ? html` <strong class="complete">✓ complete</strong>` : ""}</span>
</div>`;
}

/**
 * A reflection's date for people, as a `<time>`. The preview also shows reflections whose
 * date the check refuses (`14/03/2026`, `2026-02-30`, none at all): those read as written,
 * or "no date", and are not marked up as a time.
 */
export function shownDate(date: string): SafeHtml {
  if (!isRealDate(date)) return html`${date || "no date"}`;
  return html`<time datetime="${date}">${formatDate(date)}</time>`;
}
