import { html, type SafeHtml } from "../html/html.ts";
import { recordTable } from "../html/record-table.ts";
import type { Monitoring } from "./monitoring.ts";

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/**
 * Given and received by month, as bars: given solid, received hatched, each labelled with
 * its count, so the chart reads in grey and in print. The table beside it has the figures.
 */
export function exchangeChart(m: Monitoring, id: string): SafeHtml {
  const width = 640;
  const height = 220;
  const left = 36;
  const bottom = 40;
  // Room above the tallest bar for its count, also at the larger labels of a phone's width (site.css).
  const top = 24;
  const max = Math.max(1, ...m.months.flatMap((x) => [x.given.count, x.received.count]));
  const slot = m.months.length ? (width - left - 8) / m.months.length : 0;
  const bar = Math.min(22, slot / 2.6);
  const y = (n: number) => height - bottom - ((height - bottom - top) * n) / max;
  const ticks = Array.from({ length: Math.min(max, 5) + 1 }, (_, i) => Math.round((max * i) / Math.min(max, 5)));
  return html`<figure class="chart">
<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">
  <title id="${id}-title">Exchanges given and received by month</title>
  <desc id="${id}-desc">${m.months.map((x) => `${monthName(x.month)}: ${x.given.count} given, ${x.received.count} received`).join("; ")}</desc>
  <defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="2"/></pattern></defs>
  ${ticks.map((t) => html`<line x1="${left}" x2="${width - 8}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#bbb" stroke-width="0.5"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`)}
  ${m.months.map((x, i) => {
    const cx = left + slot * i + slot / 2;
    return html`<g>
    <rect x="${(cx - bar - 1).toFixed(1)}" y="${y(x.given.count).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(x.given.count)).toFixed(1)}" fill="#222"/>
    <rect x="${(cx + 1).toFixed(1)}" y="${y(x.received.count).toFixed(1)}" width="${bar.toFixed(1)}" height="${(height - bottom - y(x.received.count)).toFixed(1)}" fill="url(#${id}-hatch)" stroke="#222"/>
    ${x.given.count ? html`<text x="${(cx - bar / 2 - 1).toFixed(1)}" y="${(y(x.given.count) - 3).toFixed(1)}" text-anchor="middle">${x.given.count}</text>` : ""}
    ${x.received.count ? html`<text x="${(cx + bar / 2 + 1).toFixed(1)}" y="${(y(x.received.count) - 3).toFixed(1)}" text-anchor="middle">${x.received.count}</text>` : ""}
    <text x="${cx.toFixed(1)}" y="${height - bottom + 14}" text-anchor="middle">${monthName(x.month).split(" ")[0]}</text>
  </g>`;
  })}
  <g transform="translate(${left},${height - 12})"><rect width="12" height="10" fill="#222"/><text x="16" y="9">given</text><rect x="78" width="12" height="10" fill="url(#${id}-hatch)" stroke="#222"/><text x="94" y="9">received</text></g>
</svg>
<figcaption>Exchanges given and received each month (the numbers are counts; the table gives their value too).</figcaption>
</figure>`;
}

/** The monitoring sections, shared by the site page and the PDF. */
export function monitoringSections(m: Monitoring, level: 2 | 3, idPrefix: string): SafeHtml {
  const h = (text: string, id: string) => (level === 2 ? html`<h2 id="${idPrefix}-${id}">${text}</h2>` : html`<h3 id="${idPrefix}-${id}">${text}</h3>`);
  const flow = (f: { count: number; value: number }) => html`${f.count} <span class="meta">(value ${f.value})</span>`;
  const balance = (given: { value: number }, received: { value: number }) => {
    const b = received.value - given.value;
    return b === 0 ? "even" : b > 0 ? `+${b} received` : `${-b} more given`;
  };
  return html`
<p>${m.contacts.length} contacts; ${m.given.count} exchanges given (value ${m.given.value}) and ${m.received.count} received (value ${m.received.value}). Contacts who have not agreed to be named are shown by role and kind of organisation.</p>

${h("Exchanges over time", "time")}
${exchangeChart(m, `${idPrefix}-chart`)}
<table>
  <caption>Exchanges by month</caption>
  <thead><tr><th scope="col">Month</th><th scope="col">Given</th><th scope="col">Received</th></tr></thead>
  <tbody>${m.months.map((x) => html`<tr><th scope="row">${monthName(x.month)}</th><td>${flow(x.given)}</td><td>${flow(x.received)}</td></tr>`)}</tbody>
</table>

${h("Give and receive by contact", "contacts")}
${recordTable({
  id: `${idPrefix}-contacts-caption`,
  caption: "The register, with each contact's exchanges",
  headings: ["Contact", "Networks", "Given", "Received", "Balance of value", "Last exchange"],
  long: ["Networks"],
  rows: m.contacts.map((c) => ({ header: c.shown, cells: [c.contact.networks.join("; "), flow(c.given), flow(c.received), balance(c.given, c.received), c.last ?? "none"] })),
})}

${h("Cost against value by network", "networks")}
${recordTable({
  id: `${idPrefix}-networks-caption`,
  caption: "Each network's cost a year, the learner's rating, and what passed through it",
  headings: ["Network", "Kind", "Cost a year", "Rating (1–5)", "Contacts", "Given", "Received", "Value received per £100"],
  rows: m.networks.map((n) => ({
    header: n.name,
    cells: [
      n.network?.kind ?? "",
      n.network?.costPerYear === undefined ? "" : `£${n.network.costPerYear}`,
      n.network?.value ?? "",
      n.contacts,
      flow(n.given),
      flow(n.received),
      n.valuePer100 === undefined ? (n.network?.costPerYear === 0 ? "free" : "") : n.valuePer100,
    ],
  })),
})}`;
}
