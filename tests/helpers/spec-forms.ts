import { escapeHtml } from "../../src/html/html.ts";
import type { Guidance, UnitSpec } from "../../src/spec/unit-spec.ts";

/** Greedy word wrap, each line ending in a space as PDF extraction leaves them. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) { lines.push(`${line} `); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${line} `);
  return lines;
}

export interface PdfTextOptions {
  width: number;
  /** How bullets survived extraction: U+F0B7, or only as a one-space indent. */
  bullet: "private-use" | "indent";
  crlf?: boolean;
  /** Put a blank line before wrapped lines that start in lower case, as some extractions do. */
  blankInsideWraps?: boolean;
}

/**
 * Lays a spec's content out as text extracted from an OCR unit spec PDF: metadata lines,
 * the aim, the outcomes table flattened column by column with the page header repeated
 * (glued to the line before it) in the middle of a guidance list, then the sections.
 */
export function asPdfText(spec: UnitSpec, options: PdfTextOptions): string {
  const out: string[] = [];
  const para = (text: string) => {
    wrap(text, options.width).forEach((line, i) => {
      if (i > 0 && options.blankInsideWraps && /^[a-z]/.test(line)) out.push("");
      out.push(line);
    });
    out.push("");
  };
  const bullet = (text: string) => {
    const [first, ...more] = wrap(text, options.width - 2);
    out.push(options.bullet === "private-use" ? `\uf0b7 ${first}` : ` ${first}`, ...more);
    out.push("");
  };
  let headerGlued = false;
  const blocks = (list: readonly Guidance[]) => {
    for (const block of list) {
      if (block.heading === "Guidance") { para(block.items.join(" ")); continue; }
      out.push(`${block.heading}: `, "");
      block.items.forEach((item, i) => {
        bullet(item);
        if (!headerGlued && i === 1 && block.items.length > 2) {
          out.pop();
          out[out.length - 1] += "Learning Outcomes Assessment Criteria Teaching Content ";
          out.push("");
          headerGlued = true;
        }
      });
    }
  };

  out.push(` Unit Title:  ${spec.title} `, "");
  if (spec.ocrUnitNumber) out.push(`OCR unit number: ${spec.ocrUnitNumber} `, "");
  if (spec.sectorUnitNumber) out.push(`Sector unit number: ${spec.sectorUnitNumber} `, "");
  out.push(`Level:   ${spec.level} `, "", `Credit value:  ${spec.credit} `, "", `Guided learning hours:  ${spec.glh} `, "");
  out.push(`Unit reference number ${spec.urn} `, "", "Unit purpose and aim ", "");
  para(spec.aim);
  out.push("Learning Outcomes Assessment Criteria Teaching Content ", "", "The Learner will: ", "");
  spec.outcomes.forEach((outcome, index) => {
    para(`${outcome.id} ${outcome.text}`);
    if (index === 0) out.push("The Learner can: ", "");
    for (const criterion of outcome.criteria) para(`${criterion.id} ${criterion.text}`);
    blocks(outcome.guidance);
    blocks(outcome.criteria.flatMap((c) => c.guidance));
  });
  out.push(" Assessment ", "");
  if (spec.assessment) para(spec.assessment);
  if (spec.evidence.requirements) { out.push("Evidence requirements ", ""); para(spec.evidence.requirements); }
  if (spec.evidence.examples.length) {
    out.push("Guidance on assessment and evidence requirements ", "");
    para("Examples of possible sources of evidence are shown below:");
    for (const example of spec.evidence.examples) bullet(example);
  }
  if (spec.nos.length) {
    out.push("National Occupational Standards (NOS) mapping/signposting ", "");
    para("The mapping in the table below provides an indication of where evidence might be available against the national occupational standards (NOS).");
    out.push("Occupational standards Unit number Title ");
    for (const nos of spec.nos) out.push(`${nos.standard} ${nos.code} ${nos.title} `);
    out.push("");
  }
  out.push("Additional information ", "", "For further information please refer to the OCR website. ");
  return out.join(options.crlf ? "\r\n" : "\n");
}

/**
 * Lays a spec's content out as the awarding body's web page saved as text: tab-separated
 * metadata (one label in tags), `## Section` headings with a rule, and one table line per
 * outcome whose cells are runs of <p> paragraphs, with entities and full stops.
 */
export function asWebPage(spec: UnitSpec, options: { crlf?: boolean } = {}): string {
  const e = (text: string) => escapeHtml(text).replace(/’/g, "&rsquo;").replace(/‘/g, "&lsquo;");
  const stop = (text: string) => `${e(text)}.`;
  const guidanceCell = (list: readonly Guidance[]) =>
    list.map((b) => (b.heading === "Guidance" ? `<p>${stop(b.items.join(" "))}</p>` : `<p>${e(b.heading)}:</p> <ul>${b.items.map((i) => `<li>${stop(i)}</li>`).join("")}</ul>`)).join(" ");
  const out = [`<b>Unit Title:</b>\t${e(spec.title)}`];
  if (spec.ocrUnitNumber) out.push(`OCR unit number:\t${spec.ocrUnitNumber}`);
  if (spec.sectorUnitNumber) out.push(`Sector unit number:\t${spec.sectorUnitNumber}`);
  out.push(`<b>Level:</b>\t${spec.level}`, `Credit value:\t${spec.credit}`, `Guided learning hours:\t${spec.glh}`, `Unit reference number:\t${spec.urn}`, "");
  out.push("## Unit purpose and aim", "---", e(spec.aim), "");
  out.push("## Learning outcomes, assessment criteria and teaching content", "---");
  spec.outcomes.forEach((outcome, index) => {
    const left = `${index === 0 ? "<p><b>The Learner will:</b></p> " : ""}<p>${outcome.id} ${stop(outcome.text)}</p>`;
    const right = `${index === 0 ? "<p><b>The Learner can:</b></p> " : ""}${outcome.criteria.map((c) => `<p>${c.id} ${stop(c.text)}</p>`).join(" ")}`;
    const third = guidanceCell([...outcome.guidance, ...outcome.criteria.flatMap((c) => c.guidance)]);
    out.push(`${left}\t${right}${third ? `\t${third}` : ""}`);
  });
  out.push("");
  if (spec.assessment) out.push("## Assessment", "---", e(spec.assessment), "");
  if (spec.evidence.requirements) out.push("## Evidence requirements", "---", e(spec.evidence.requirements), "");
  if (spec.evidence.examples.length) {
    out.push("## Guidance on assessment and evidence requirements", "---", "Examples of possible sources of evidence:", "", ...spec.evidence.examples.map((x) => `- ${e(x)}`), "");
  }
  if (spec.nos.length) {
    out.push("## National Occupational Standards (NOS) mapping/signposting", "---", "Occupational standards\tUnit number\tTitle");
    for (const nos of spec.nos) out.push(`${e(nos.standard)}\t${e(nos.code)}\t${e(nos.title)}`);
    out.push("");
  }
  return out.join(options.crlf ? "\r\n" : "\n");
}

/**
 * A spec's content laid out as OCR prints its unit PDFs, for Chromium to print: the details
 * as a two-column table, the aim, the outcomes table in three columns (outcome, criteria,
 * teaching content) with its header row repeated on every page, the sections after it, and
 * a running footer on each page.
 */
export function asSpecPdfHtml(spec: UnitSpec, footer: string): string {
  const e = escapeHtml;
  // Bullets as characters, as OCR's PDFs draw them (their text holds one before each item).
  const guidance = (blocks: readonly Guidance[]) => blocks.map((b) => `${b.heading === "Guidance" ? "" : `<p>${e(b.heading)}:</p>`}<ul>${b.items.map((i) => `<li>•&#x2003;${e(i)}</li>`).join("")}</ul>`).join("");
  const rows = spec.outcomes.map((o) => `<tr><td><p>${e(o.id)} ${e(o.text)}</p></td><td>${o.criteria.map((c) => `<p>${e(c.id)} ${e(c.text)}</p>`).join("")}</td><td>${guidance([...o.guidance, ...o.criteria.flatMap((c) => c.guidance)])}</td></tr>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 18mm 15mm 22mm; @bottom-left { content: ${JSON.stringify(footer)}; font: 8pt Arial, sans-serif; } @bottom-right { content: "Page " counter(page); font: 8pt Arial, sans-serif; } }
  body { font: 10pt Arial, sans-serif; }
  table { border-collapse: collapse; width: 100%; margin: 4mm 0; }
  td, th { border: 1px solid #000; vertical-align: top; padding: 2mm 3mm; text-align: left; }
  thead { display: table-header-group; }
  tr { break-inside: auto; }
  p { margin: 0 0 2mm; }
  ul { margin: 0; padding-left: 0; list-style: none; }
  li { padding-left: 5mm; text-indent: -5mm; }
  .details td:first-child { width: 45mm; font-weight: bold; }
  .outcomes td:nth-child(1) { width: 28%; } .outcomes td:nth-child(2) { width: 34%; }
</style></head><body>
<table class="details">
<tr><td>Unit title</td><td>${e(spec.title)}</td></tr>
${spec.ocrUnitNumber ? `<tr><td>OCR unit number</td><td>${e(spec.ocrUnitNumber)}</td></tr>` : ""}
<tr><td>Level</td><td>${spec.level}</td></tr>
<tr><td>Credit value</td><td>${spec.credit}</td></tr>
<tr><td>Guided learning hours</td><td>${spec.glh}</td></tr>
<tr><td>Unit reference number</td><td>${e(spec.urn)}</td></tr>
</table>
<h3>Unit purpose and aim</h3>
<p>${e(spec.aim)}</p>
<table class="outcomes">
<thead><tr><th>Learning Outcomes</th><th>Assessment Criteria</th><th>Teaching Content</th></tr></thead>
<tbody><tr><td><p>The Learner will:</p></td><td><p>The Learner can:</p></td><td></td></tr>${rows}</tbody>
</table>
<h3>Assessment</h3>
<p>${e(spec.assessment ?? "This unit is centre assessed and externally verified.")}</p>
</body></html>`;
}
