import { decodeHTML } from "entities";
import { METADATA_LABELS, normaliseSpace, type RawGuidance, type RawOutcome, type RawSection, type RawSpec, type Sourced } from "./raw-spec.ts";

const SECTION = /^##\s+(.+?)\s*#*$/;
const RULE = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const BLOCK = /<(p|li)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;
const LEARNER = /^the learner (?:will|can):?$/i;
const GUIDANCE_HEADING = /^(.{1,60}?(?:may include|may relate to|could include|might include|includes?)):$/i;
const TABLE_HEADER = /^Learning Outcomes\s+Assessment Criteria(?:\s+(?:Additional Guidance|Teaching Content|Guidance|Exemplification))?$/i;

/** Text of an HTML fragment: tags removed, entities decoded, white space collapsed. */
export function htmlText(fragment: string): string {
  return normaliseSpace(decodeHTML(fragment.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, " ")));
}

/** Paragraphs and list items of a table cell, in order. */
function blocksOf(cell: string): Array<{ kind: "p" | "li"; text: string }> {
  const blocks: Array<{ kind: "p" | "li"; text: string }> = [];
  for (const match of cell.matchAll(BLOCK)) {
    const text = htmlText(match[2]!);
    if (text) blocks.push({ kind: match[1]!.toLowerCase() as "p" | "li", text });
  }
  if (blocks.length === 0 && htmlText(cell)) blocks.push({ kind: "p", text: htmlText(cell) });
  return blocks;
}

/**
 * Reads the awarding body's web page saved as text: `Label:<TAB>value` metadata (labels
 * sometimes in tags), `## Section` headings each followed by a `---` rule, and the
 * outcomes table as one line per learning outcome, its cells split by tabs, each cell a run
 * of `<p>` paragraphs (and `<li>` items in a guidance cell).
 */
export function readWebPage(source: string): RawSpec {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const lines = text.split(/\r\n|\r|\n/);
  const fields = new Map<string, Sourced>();
  const sections: RawSection[] = [];
  const outcomes: RawOutcome[] = [];
  let section: (RawSection & { open: boolean }) | undefined;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const heading = SECTION.exec(raw);
    if (heading) {
      section = { heading: htmlText(heading[1]!), line, paragraphs: [], items: [], open: false };
      sections.push(section);
      return;
    }
    if (RULE.test(raw)) return;
    // The outcomes table's header row ("Learning Outcomes<TAB>Assessment Criteria") ends the section before it.
    if (TABLE_HEADER.test(htmlText(raw))) {
      if (section) section.open = false;
      return;
    }
    if (raw.includes("\t") && /<p\b/i.test(raw)) {
      readRow(raw, line, outcomes);
      return;
    }
    const plain = htmlText(raw);
    if (plain === "") { if (section) section.open = false; return; }
    const field = readField(raw);
    if (field && !section) { fields.set(field.label, { text: field.value, line }); return; }
    if (!section) return;
    if (/^\s*(?:[-*•]\s+|<li\b)/i.test(raw)) {
      section.items.push({ text: htmlText(raw.replace(/^\s*[-*•]\s+/, "")), line });
      section.open = false;
    } else if (section.open) {
      const last = section.paragraphs.at(-1)!;
      last.text = `${last.text} ${plain}`;
    } else {
      // A line of several <p> paragraphs is several paragraphs.
      const blocks = /<p\b/i.test(raw) ? blocksOf(raw) : [{ kind: "p" as const, text: plain }];
      for (const block of blocks) (block.kind === "li" ? section.items : section.paragraphs).push({ text: block.text, line });
      section.open = !/<p\b/i.test(raw);
    }
  });

  // The table's own section holds no prose.
  const prose = sections.filter((s) => s.paragraphs.length > 0 || s.items.length > 0);
  return { form: "web-page", fields, sections: prose.map(({ heading, line, paragraphs, items }) => ({ heading, line, paragraphs, items })), outcomes, lineCount: lines.length };
}

function readField(raw: string): { label: string; value: string } | undefined {
  const [labelPart, ...valueParts] = raw.includes("\t") ? raw.split("\t") : [raw];
  const labelText = htmlText(labelPart!).toLowerCase().replace(/:$/, "").trim();
  const label = METADATA_LABELS.find((l) => l === labelText || (valueParts.length === 0 && labelText.startsWith(`${l}:`)));
  if (!label) return undefined;
  const value = valueParts.length > 0 ? htmlText(valueParts.join(" ")) : htmlText(raw).slice(label.length + 1);
  return value.trim() ? { label, value: value.trim() } : undefined;
}

function readRow(raw: string, line: number, outcomes: RawOutcome[]): void {
  const [left = "", right = "", ...rest] = raw.split("\t");
  const outcomeText = blocksOf(left).filter((b) => !LEARNER.test(b.text)).map((b) => b.text).join(" ");
  const match = /^(\d{1,2})\.?\s+(.*)$/.exec(outcomeText);
  if (!match) return;
  const outcome: RawOutcome = { id: match[1]!, text: match[2]!, line, criteria: [], guidance: [] };
  for (const block of blocksOf(right)) {
    if (LEARNER.test(block.text)) continue;
    const criterion = /^(\d{1,2}\.\d{1,2})\s*(.*)$/.exec(block.text);
    if (criterion) outcome.criteria.push({ id: criterion[1]!, text: criterion[2]!, line });
    else if (outcome.criteria.length > 0) outcome.criteria.at(-1)!.text += ` ${block.text}`;
  }
  let open: RawGuidance | undefined;
  for (const block of blocksOf(rest.join(" "))) {
    const heading = GUIDANCE_HEADING.exec(block.text);
    if (heading) {
      open = { heading: heading[1]!, items: [], line };
      outcome.guidance.push(open);
    } else if (block.kind === "li" && open) {
      open.items.push({ text: block.text, line });
    } else {
      open = undefined;
      outcome.guidance.push({ heading: undefined, items: [{ text: block.text, line }], line });
    }
  }
  outcomes.push(outcome);
}
