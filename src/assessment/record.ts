import { readFile } from "node:fs/promises";
import { PortfolioError } from "../errors.ts";
import { html } from "../html/html.ts";
import { packageFile } from "../package-root.ts";
import { PrintBrowser } from "../pdf/browser.ts";
import { PrintServer } from "../pdf/print-server.ts";
import { roleTitles, type Role } from "../signing/roles.ts";
import type { EvidenceMap } from "./evidence-map.ts";
import { needsFeedback, type Decision, type RecordedAssessment } from "./recorded.ts";

const SAID: Record<Decision, string> = { met: "Met", "not-yet": "Not yet met", agree: "Agree", disagree: "Disagree" };

/**
 * The record as a page: outcome, feedback, each unit's criteria with decision and feedback,
 * then who signed it. An IQA's shows the criteria they sampled, the assessor's decision
 * (from `assessed`, the assessor's record) beside their own.
 */
export function recordHtml(record: RecordedAssessment, map: EvidenceMap, buildId: string | undefined, stylesheet: string, assessed?: RecordedAssessment): string {
  const decided = new Map(record.criteria.map((c) => [`${c.unit} ${c.id}`, c]));
  const byAssessor = new Map((assessed?.criteria ?? []).map((c) => [`${c.unit} ${c.id}`, c]));
  const iqa = record.role === "iqa";
  const against = record.criteria.filter((c) => needsFeedback(c.decision)).length;
  const tally = iqa
    ? `${record.criteria.length} ${record.criteria.length === 1 ? "criterion" : "criteria"} sampled: agrees with ${record.criteria.length - against}, disagrees with ${against}`
    : `${record.criteria.length} criteria decided: ${record.criteria.length - against} met, ${against} not yet met`;
  const units = map.units.map((unit) => ({ unit, criteria: unit.criteria.filter((c) => !iqa || decided.has(`${unit.urn} ${c.id}`)) })).filter((u) => u.criteria.length);
  const body = html`
<main class="assessment-record">
  <header>
    <p class="record-outcome record-${record.outcome}">${iqa ? `${SAID[record.outcome]}s with the assessment` : SAID[record.outcome]}</p>
    <h1>${iqa ? "Internal quality assurance" : "Assessment"}: ${map.learner}${map.candidateNumber ? `, candidate ${map.candidateNumber}` : ""}</h1>
    <p class="note">${tally}${iqa && assessed ? html`, of the assessment by ${assessed.assessor} on <span class="nowrap">${assessed.date}</span>` : ""}${buildId ? html`. Portfolio build <code>${buildId}</code>` : ""}.</p>
  </header>
  ${record.feedback ? html`<p class="record-feedback">${record.feedback}</p>` : ""}
  ${units.map(({ unit, criteria }) => html`
  <table${iqa ? html` class="sampled"` : ""}>
    <caption>${unit.urn} ${unit.title}</caption>
    <thead><tr><th scope="col" class="record-ac">AC</th><th scope="col">Criterion</th>${iqa ? html`<th scope="col" class="decision">Assessor</th>` : ""}<th scope="col" class="decision">${iqa ? "IQA" : "Decision"}</th><th scope="col">Feedback</th></tr></thead>
    <tbody>${criteria.map((c) => {
      const d = decided.get(`${unit.urn} ${c.id}`);
      const a = byAssessor.get(`${unit.urn} ${c.id}`);
      return html`<tr><td class="record-ac">${c.id}</td><td>${c.text}</td>${iqa ? html`<td class="decision record-${a?.decision ?? "none"}">${a ? SAID[a.decision] : "None"}</td>` : ""}<td class="decision record-${d?.decision ?? "none"}">${d ? SAID[d.decision] : "Not decided"}</td><td>${d?.feedback ?? ""}</td></tr>`;
    })}</tbody>
  </table>`)}
  ${record.reflections.length ? html`<h2>On the reflections</h2><ul class="record-reflections">${record.reflections.map((r) => html`<li><code>${r.file}</code>: ${r.feedback}</li>`)}</ul>` : ""}
  <p class="record-signed">Signed digitally by ${record.assessor}, ${roleTitles[record.role].toLowerCase()}, on <span class="nowrap">${record.date}</span>. This record is the appearance of that signature:
  a PDF reader shows the signature when the record is clicked, and <code>portfolio verify</code> checks it.</p>
</main>`;
  return `<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8"><title>${iqa ? "Internal quality assurance record" : "Assessment record"}</title><link rel="stylesheet" href="${stylesheet}"></head><body class="record-page">${body}</body></html>`;
}

/**
 * The sizes the record is drawn at, as shares of the portfolio's type size, largest first:
 * in steps of 2%, so that a record a little too long is drawn a little smaller, down to 60%
 * before it is refused as too long.
 */
const SCALES = Array.from({ length: 21 }, (_, i) => Math.round(100 - 2 * i) / 100);

export class RecordTooLongError extends PortfolioError {
  override readonly exitCode = 1;
  constructor(record: RecordedAssessment) {
    const longest = [...record.criteria.map((c) => ({ what: `${c.unit} ${c.id}`, text: c.feedback })), ...record.reflections.map((r) => ({ what: r.file, text: r.feedback })), { what: "the overall feedback", text: record.feedback }]
      .sort((a, b) => b.text.length - a.text.length)[0];
    super("PORTFOLIO_RECORD_TOO_LONG", `The record of ${record.criteria.length} decisions does not fit the page kept for it, even in small type`, {
      hint: `Shorten the feedback, the longest first${longest?.text ? ` (${longest.what}: ${longest.text.split(/\s+/).length} words)` : ""}: the full text can go to the learner with the decisions file. Nothing was written.`,
    });
  }
}

/**
 * The record printed by Chromium as one page the size of its box (in points), in the
 * portfolio's type: any script the feedback is written in is drawn with the fonts
 * Chromium embeds. A record longer than the box is printed smaller, down to 60%.
 */
export async function printRecord(record: RecordedAssessment, page: (stylesheet: string) => string, box: { width: number; height: number }): Promise<Uint8Array> {
  const server = await PrintServer.start();
  let browser: PrintBrowser | undefined;
  try {
    const stylesheet = server.put("/print.css", { type: "text/css", body: await readFile(packageFile("src", "pdf", "print.css"), "utf8") });
    const html = page(stylesheet);
    const url = server.put("/record.html", { type: "text/html; charset=utf-8", body: html });
    browser = await PrintBrowser.launch();
    const printed = await browser.printOnOnePage(url, (u) => server.has(u), { size: box, scales: SCALES, timeout: 60_000 });
    if (!printed) throw new RecordTooLongError(record);
    return printed.bytes;
  } finally {
    await browser?.close();
    await server.close();
  }
}
