import type MarkdownIt from "markdown-it";
import type { CheckResult } from "../check/check-workspace.ts";
import { escapeHtml, html, trustedHtml, type SafeHtml } from "../html/html.ts";
import { htmlText } from "../evidence/formats/markup.ts";
import { renderReflectionBody } from "../reflections/read-reflection.ts";
import type { LoadedReflection } from "../workspace/workspace.ts";
import { printIds, type PageNumbers } from "./print-ids.ts";
import type { Rendering } from "../evidence/evidence.ts";
import { renderedEvidence } from "./evidence-layout.ts";
import { citationsText, formatDate } from "../text/format.ts";
import { monitoring } from "../network/monitoring.ts";
import { monitoringSections } from "../network/monitoring-html.ts";
import { sourceChanges } from "../assessment/since.ts";

/** An evidence file as an appendix: its number, kind, and where the print server has it. */
export interface Appendix {
  n: number;
  path: string;
  /** The file, already checked to be inside the workspace. */
  absolute: string;
  sha256: string;
  bytes: number;
  kind: "pdf" | "image" | "rendered" | "other";
  /** The print server's URL path, for images. */
  src: string | undefined;
  /** Pages merged after the appendix's own page, for PDFs. */
  mergedPages: number;
  citedBy: LoadedReflection[];
  /** Why the file is not shown (a PDF that could not be merged, a recording), when it is not. */
  problem: string | undefined;
  /** What the print draws of a file that is neither a PDF nor a picture. */
  rendering: Rendering | undefined;
}

export interface PrintFacts {
  checked: CheckResult;
  md: MarkdownIt;
  buildId: string;
  /** YYYY-MM-DD: SOURCE_DATE_EPOCH's day, or today. */
  date: string;
  finals: LoadedReflection[];
  drafts: LoadedReflection[];
  appendices: Appendix[];
  stylesheet: string;
  /** SHA-256 of each source file, by path, for what changed since an assessment. */
  sources: Readonly<Record<string, string>>;
}

function document(title: string, stylesheet: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${stylesheet}"></head>
<body>${body}</body></html>`.value;
}


/**
 * The front, as several documents printed apart: the cover, declaration and contents, then
 * one evidence map per unit (a long map is a long print of its own). Page numbers fill in
 * once known.
 */
export function frontDocuments(facts: PrintFacts, pages: PageNumbers): string[] {
  const { config } = facts.checked.workspace;
  const { units } = facts.checked.coverage;
  const c = config!;
  const link = (id: string, text: SafeHtml | string) => html`<a href="#${id}">${text}</a>`;
  const entry = (id: string, label: SafeHtml | string, level = 1) =>
    html`<li class="toc-${level}">${link(id, html`<span class="toc-label">${label}</span><span class="toc-page">${pages.of(id)}</span>`)}</li>`;

  const opening = html`
<section class="cover" id="${printIds.cover}">
  <p class="cover-kicker">${c.qualification}</p>
  <h1>Portfolio of evidence</h1>
  <dl class="cover-facts">
    <dt>Learner</dt><dd>${c.learner.name}</dd>
    <dt>Candidate number</dt><dd>${c.learner.candidateNumber}</dd>
    <dt>Centre</dt><dd>${c.centre.name} (${c.centre.number})</dd>
    ${c.assessor ? html`<dt>Assessor</dt><dd>${c.assessor.name}</dd>` : ""}
    <dt>Units</dt><dd><ul>${units.map(({ unit }) => html`<li>${unit.urn} ${unit.title} (level ${unit.level}, ${unit.credit} credits)</li>`)}</ul></dd>
    <dt>Date</dt><dd>${formatDate(facts.date)}</dd>
    <dt>Build</dt><dd><code>${facts.buildId}</code> <span class="note">(a hash of the sources this PDF was made from)</span></dd>
  </dl>
</section>

<section class="page" id="${printIds.declaration}">
  <h1>Declaration</h1>
  <p>I, ${c.learner.name}, candidate number ${c.learner.candidateNumber}, declare that the evidence in this portfolio is my own work,
  produced independently from my real work activities, and that where others are involved they are not named without their consent.</p>
  <p>The assessor's and internal quality assurer's signatures record their decision on this portfolio as it stands on the date of signing:
  here, or with their decisions on each criterion on the assessment records (page ${pages.of(printIds.recordPage("assessor"))}).
  The signatures are digital: a PDF reader shows whether the document has changed since each was made.</p>
  ${(["learner", "assessor", "iqa"] as const).map((role) => html`
  <div class="signature" id="${printIds.signature(role)}">
    <p class="signature-role">${role === "learner" ? "Learner" : role === "assessor" ? "Assessor" : "Internal quality assurer"}</p>
    <p class="signature-name">${role === "learner" ? c.learner.name : role === "assessor" ? (c.assessor?.name ?? "") : ""}</p>
    <div class="signature-box" aria-label="Place for the ${role}'s digital signature"></div>
  </div>`)}
  <p class="stubs">${(["learner", "assessor", "iqa"] as const).map((role) => html`<a href="#${printIds.signature(role)}" tabindex="-1"></a>`)}</p>
</section>

<nav class="page" id="${printIds.contents}" aria-labelledby="contents-heading">
  <h1 id="contents-heading">Contents</h1>
  <ol class="toc">
    ${entry(printIds.declaration, "Declaration")}
    ${facts.checked.assessment ? entry(printIds.sinceAssessment, "Changes since the assessment") : ""}
    ${units.map(({ unit }) => entry(printIds.map(unit.slug), `Evidence map: ${unit.urn} ${unit.title}`))}
    ${entry(printIds.reflections, "Reflections")}
    ${facts.finals.map((r) => entry(printIds.reflection(r.slug), html`${r.title} <span class="note">(${formatDate(r.date)})</span>`, 2))}
    ${facts.checked.workspace.register.contacts.length ? entry(printIds.network, "Network monitoring") : ""}
    ${entry(printIds.leftOut, "Drafts left out")}
    ${RECORD_ROLES.map(({ role, title }) => entry(printIds.recordPage(role), title))}
    ${facts.appendices.length ? entry(printIds.appendices, "Appendices: evidence files") : ""}
    ${facts.appendices.map((a) => entry(printIds.appendix(a.n), `Appendix ${a.n}: ${a.path}`, 2))}
  </ol>
</nav>
${sinceAssessment(facts, pages, link)}`;

  // Headings and lists, not table rows: a criterion with hundreds of entries runs over
  // pages, which lists do cheaply and table rows do not.
  const maps = units.map(({ unit, criteria, evidenced, total }) => html`
<section class="evidence-map" id="${printIds.map(unit.slug)}" aria-labelledby="${printIds.map(unit.slug)}-h">
  <h1 id="${printIds.map(unit.slug)}-h">Evidence map: ${unit.urn} ${unit.title}</h1>
  <p>${evidenced} of ${total} criteria evidenced. Each entry gives the reflection and the page where the criterion is addressed.</p>
  ${criteria.map(({ criterion, outcome, evidence }, i) => html`
  ${i === 0 || criteria[i - 1]!.outcome !== outcome ? html`<h2 class="map-outcome">Learning outcome ${outcome.id}: ${outcome.text}</h2>` : ""}
  <section class="map-criterion" id="${printIds.mapCriterion(unit.slug, criterion.id)}">
    <h3><span class="ac">${criterion.id}</span> ${criterion.text}</h3>
    ${evidence.length === 0
      ? html`<p class="gap">Gap: no final reflection evidences this criterion.</p>`
      : html`<ul class="map-evidence">${evidence.map((e) => html`<li>${link(printIds.reflection(e.reflection.slug), e.reflection.title)}
          ${e.anchors.length
            ? html`<span class="pages">p. ${onePerPage(e.anchors.map((a) => printIds.marker(e.reflection.slug, a)), pages).map((id, k) => html`${k ? ", " : ""}${link(id, pages.of(id))}`)}</span>`
            : html`<span class="pages">from p. ${link(printIds.reflection(e.reflection.slug), pages.of(printIds.reflection(e.reflection.slug)))}</span>`}</li>`)}</ul>`}
  </section>`)}
</section>`);
  // Each print has a fixed cost, and a long one slows Chromium down: the maps go with the
  // contents into as few documents as keep each to about PRINT_ENTRIES lines.
  const sizes = [facts.finals.length + facts.appendices.length, ...units.map(({ criteria }) => criteria.reduce((n, c) => n + 1 + c.evidence.length, 0))];
  const sections = [opening, ...maps];
  const groups: SafeHtml[][] = [];
  let size = Number.POSITIVE_INFINITY;
  sections.forEach((section, i) => {
    if (size + sizes[i]! > PRINT_ENTRIES) { groups.push([]); size = 0; }
    groups.at(-1)!.push(section);
    size += sizes[i]!;
  });
  return groups.map((group, i) => document(i === 0 ? "Portfolio: cover and contents" : "Portfolio: evidence maps", facts.stylesheet, html`${group}`));
}

/**
 * When the workspace holds an assessment (`portfolio feedback`): what changed since the PDF
 * that was assessed, for the assessor reading the resubmission. Each criterion judged not
 * yet met with the reflections now evidencing it that changed or are new, and every
 * reflection and evidence file changed, added or removed, with the pages to read.
 */
function sinceAssessment(facts: PrintFacts, pages: PageNumbers, link: (id: string, text: SafeHtml | string) => SafeHtml): SafeHtml | "" {
  const follow = facts.checked.assessment;
  if (!follow) return "";
  const { stored } = follow;
  const since = sourceChanges(stored.assessed.sources, facts.sources);
  const states = new Map((["changed", "added", "removed"] as const).flatMap((state) => since[state].map((f) => [f, state] as const)));
  const state = (f: string) => states.get(f);
  const touched = [...states.keys()].sort().filter((f) => f.startsWith("reflections/") || f.startsWith("evidence/"));
  const byFile = new Map(facts.finals.map((r) => [r.file, r]));
  /** A reflection with its page: where `anchor` marks a criterion in it, else where it starts. */
  const reflectionLink = (file: string, anchor?: string) => {
    const r = byFile.get(file);
    const at = anchor ? printIds.marker(r?.slug ?? "", anchor) : printIds.reflection(r?.slug ?? "");
    return r ? html`${link(at, r.title)} <span class="note">(p. ${pages.of(at)})</span>` : html`<code>${file}</code>`;
  };
  const notYet = stored.criteria.filter((c) => c.decision === "not-yet");
  const evidencing = (unit: string, id: string) => facts.checked.coverage.units.find((u) => u.unit.urn === unit)?.criteria.find((c) => c.criterion.id === id)?.evidence ?? [];
  return html`
<section class="page since-assessment" id="${printIds.sinceAssessment}" aria-labelledby="${printIds.sinceAssessment}-h">
  <h1 id="${printIds.sinceAssessment}-h">Changes since the assessment</h1>
  <p>Assessed by ${stored.assessor} on ${formatDate(stored.date)} (the PDF of build <code>${stored.assessed.build}</code>): ${stored.outcome === "met" ? "met" : "not yet met"}, ${stored.criteria.length - notYet.length} of ${stored.criteria.length} criteria met.</p>
  ${notYet.length ? html`<h2>Criteria judged not yet met</h2>
  <ul class="since-criteria">${notYet.map((c) => {
    const fresh = evidencing(c.unit, c.id).filter((e) => state(e.reflection.file));
    return html`<li><strong>${c.unit} ${c.id}</strong>${c.feedback ? html`: <q>${c.feedback}</q>` : ""}<br>
      ${fresh.length ? html`Now evidenced by ${fresh.map((e, i) => html`${i ? "; " : ""}${reflectionLink(e.reflection.file, e.anchors[0])}, ${state(e.reflection.file)}`)}.` : html`<span class="gap">No reflection evidencing it has changed since.</span>`}</li>`;
  })}</ul>` : ""}
  <h2>Reflections and evidence changed since</h2>
  ${touched.length === 0
    ? html`<p>None: every reflection and evidence file is as it was in the PDF assessed.</p>`
    : html`<ul class="since-files">${touched.map((f) => html`<li>${f.startsWith("reflections/") && state(f) !== "removed" ? reflectionLink(f) : html`<code>${f}</code>`}: ${state(f)}</li>`)}</ul>`}
</section>`;
}

/** Lines (contents entries, map entries) per front document. */
const PRINT_ENTRIES = 2000;

/** Markers on the same page are listed once, as the first of them. */
function onePerPage(ids: readonly string[], pages: PageNumbers): string[] {
  if (!pages.known) return [...ids];
  const seen = new Set<string>();
  return ids.filter((id) => {
    const page = pages.of(id);
    if (seen.has(page)) return false;
    seen.add(page);
    return true;
  });
}

/** A run of final reflections, each from a new page, badges linking back to the evidence map. */
export function reflectionsDocument(facts: PrintFacts, run: readonly LoadedReflection[], first: boolean): string {
  const body = html`
${first ? html`<h1 class="part-title" id="${printIds.reflections}">Reflections</h1>` : ""}
${run.map((r) => html`
<article class="reflection" id="${printIds.reflection(r.slug)}" aria-labelledby="${printIds.reflection(r.slug)}-h">
  <h2 id="${printIds.reflection(r.slug)}-h">${r.title}</h2>
  <p class="meta">${formatDate(r.date)}${r.evidenceType ? ` · ${r.evidenceType.value.replace(/-/g, " ")}` : ""} · criteria ${citationsText(r.citations)}</p>
  <div class="body">${trustedHtml(printedBody(facts, r))}</div>
</article>`)}`;
  return document("Portfolio: reflections", facts.stylesheet, body);
}

/** A reflection's body as printed: contacts as the PDF names them, markers linking to the evidence maps. */
function printedBody(facts: PrintFacts, r: LoadedReflection): string {
  const links = { anchor: (base: string) => printIds.marker(r.slug, base), href: (unit: { slug: string }, id: string) => `#${printIds.mapCriterion(unit.slug, id)}` };
  return renderReflectionBody(r, facts.md, facts.checked.workspace.units, links, new Map(facts.checked.workspace.register.contacts.map((c) => [c.id, c])));
}

/**
 * A final reflection's text as the PDF prints it (its title, then its body, names as
 * printed), which travels in the PDF so that `portfolio changes` can show what a
 * resubmission changed word by word without the sources, which may hold names.
 */
export function publishedText(facts: PrintFacts, r: LoadedReflection): string {
  return htmlText(`<h2>${escapeHtml(r.title)}</h2>${printedBody(facts, r)}`);
}

/** The pages kept for the records of decisions, in the order they are made. */
const RECORD_ROLES = [
  { role: "assessor", title: "Assessment record", who: "The assessor", what: "records a decision on each criterion, with feedback" },
  { role: "iqa", title: "Internal quality assurance record", who: "The internal quality assurer", what: "records their sampling of the assessor's decisions (agree or disagree, with feedback)" },
] as const;

/** The back: network monitoring, drafts left out, the pages kept for the assessment records, then each evidence file as an appendix. */
export function backDocument(facts: PrintFacts): string {
  const network = facts.checked.workspace.register.contacts.length ? monitoring(facts.checked.workspace.register) : undefined;
  const body = html`
${network ? html`<section class="page network" id="${printIds.network}" aria-labelledby="network-h">
  <h1 id="network-h">Network monitoring</h1>
  ${monitoringSections(network, 2, "print-network")}
</section>` : ""}
<section class="page" id="${printIds.leftOut}">
  <h1>Drafts left out</h1>
  ${facts.drafts.length === 0
    ? html`<p>None: every reflection in the workspace is final and included.</p>`
    : html`<p>These reflections are drafts. They are not part of this submission and do not count towards coverage.</p>
  <ul>${facts.drafts.map((d) => html`<li>${d.title} (${formatDate(d.date)}, <code>${d.file}</code>)</li>`)}</ul>`}
</section>
${RECORD_ROLES.map(({ role, title, who, what }) => html`<section class="page record" id="${printIds.recordPage(role)}" aria-labelledby="${printIds.recordPage(role)}-h">
  <h1 id="${printIds.recordPage(role)}-h">${title}</h1>
  <p class="note">${who} ${what}, in the box below: <code>portfolio assess</code> draws the record there and signs it,
  so that it cannot be changed without the change showing. Until then the box is empty.</p>
  <div class="record-box" id="${printIds.record(role)}" aria-label="Place for the ${title.toLowerCase()}"></div>
</section>`)}
<p class="stubs">${RECORD_ROLES.map(({ role }) => html`<a href="#${printIds.record(role)}" tabindex="-1"></a>`)}</p>
${facts.appendices.length ? html`<h1 class="part-title page" id="${printIds.appendices}">Appendices: evidence files</h1>` : ""}
${facts.appendices.map((a) => html`
<section class="appendix" id="${printIds.appendix(a.n)}" aria-labelledby="${printIds.appendix(a.n)}-h">
  <h2 id="${printIds.appendix(a.n)}-h">Appendix ${a.n}: ${a.path}</h2>
  <dl class="file-facts">
    <dt>SHA-256</dt><dd><code>${a.sha256}</code></dd>
    <dt>Size</dt><dd>${a.bytes.toLocaleString("en-GB")} bytes</dd>
    <dt>Cited by</dt><dd class="cited-by">${a.citedBy.map((r, i) => html`${i ? "; " : ""}<a href="#${printIds.reflection(r.slug)}">${r.title}</a>`)}</dd>
  </dl>
  ${a.kind === "rendered" && a.rendering ? renderedEvidence(a.rendering) : ""}
  ${a.kind === "image" ? html`<figure><img src="${a.src ?? ""}" alt="Evidence file ${a.path}"><figcaption>${a.path}</figcaption></figure>` : ""}
  ${a.kind === "pdf" && !a.problem ? html`<p>The ${a.mergedPages} ${a.mergedPages === 1 ? "page" : "pages"} of this PDF follow.</p>` : ""}
  ${a.kind === "pdf" && a.problem ? html`<p>This PDF could not be merged (${a.problem}); it is listed with its SHA-256 so that it can be checked against the file.</p>` : ""}
  ${a.kind === "other" ? html`<p class="not-shown">This file is not shown here${a.problem ? `: ${a.problem}` : ""}. Its SHA-256 identifies it, so the file submitted with this portfolio can be checked against it.</p>` : ""}
</section>`)}
`;
  return document("Portfolio: appendices", facts.stylesheet, body);
}

/** One page per footer, to be laid over the assembled pages: Chromium sets the text. */
export function footerDocument(footers: readonly string[], stylesheet: string, format: "A4" | "Letter"): string {
  // A hair under the page's height, so rounding never spills a footer onto an extra page.
  const height = format === "A4" ? "296.5mm" : "278.9mm";
  return document("Footers", stylesheet, html`${footers.map((f) => html`<div class="footer-page" style="--page-height: ${height}"><p class="footer">${f}</p></div>`)}`);
}
