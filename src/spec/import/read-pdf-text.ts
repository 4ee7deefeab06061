import { METADATA_LABELS, normaliseSpace, SECTION_HEADINGS, type RawGuidance, type RawOutcome, type RawSection, type RawSpec, type Sourced } from "./raw-spec.ts";

/** The outcomes table's header, repeated at each page break, sometimes glued to a line. */
const TABLE_HEADER = /Learning Outcomes\s+Assessment Criteria(?:\s+(?:Additional Guidance|Teaching Content|Guidance|Exemplification))?/i;
/** Private-use and ordinary bullet characters that PDF extraction leaves at an item's start. */
const BULLET = /^[\uf0b7\uf0a7\uf076\uf0d8\u2022\u25aa\u25cf\u2013\u00b7*-]\s*/;
const OUTCOME = /^(\d{1,2})\s+(\S.*)$/;
const CRITERION = /^(\d{1,2}\.\d{1,2})\s*(.*)$/;
const GUIDANCE_HEADING = /^(.{1,60}?(?:may include|may relate to|could include|might include|includes?|e\.g\.)):$/i;
const CONTINUES_ITEM = /^(?:example|examples|e\.g\.|for example|such as)\b/i;
const LEARNER_WILL = /^the learner (?:will|can):?$/i;

interface Line {
  text: string;
  /** Starts with a bullet character, or with the indent a lost bullet leaves. */
  bulleted: boolean;
  indented: boolean;
  line: number;
}

/**
 * Reads text extracted from a unit spec PDF: metadata lines, the aim, the outcomes table
 * flattened column by column (outcome, then its criteria, then the guidance column), and
 * the sections after it.
 */
export function readPdfText(source: string): RawSpec {
  const lines = toLines(source);
  const fields = new Map<string, Sourced>();
  const sections: RawSection[] = [];
  const outcomes: RawOutcome[] = [];

  const headerAt = lines.findIndex((l) => TABLE_HEADER.test(l.text));
  const tableStart = headerAt === -1 ? lines.findIndex((l) => LEARNER_WILL.test(l.text)) : headerAt;
  const preamble = tableStart === -1 ? lines : lines.slice(0, tableStart);
  const rest = tableStart === -1 ? [] : lines.slice(tableStart).map(stripHeader);
  const tableEnd = rest.findIndex((l, i) => i > 0 && isSectionHeading(l.text));
  const table = tableEnd === -1 ? rest : rest.slice(0, tableEnd);
  const after = tableEnd === -1 ? [] : rest.slice(tableEnd);

  // Metadata lines, then any sections (the aim) before the table.
  let current: RawSection | undefined;
  for (const line of [...preamble, ...after]) {
    if (line.text === "") { current && breakParagraph(current); continue; }
    const field = readField(line);
    if (field && !current) { fields.set(field.label, { text: field.value, line: line.line }); continue; }
    if (isSectionHeading(line.text)) {
      current = { heading: line.text.replace(/:$/, ""), line: line.line, paragraphs: [], items: [] };
      sections.push(current);
      continue;
    }
    if (field) { fields.set(field.label, { text: field.value, line: line.line }); continue; }
    if (!current) continue;
    addToSection(current, line);
  }

  readTable(table, outcomes);
  return { form: "pdf-text", fields, sections, outcomes, lineCount: lines.length };
}

function toLines(source: string): Line[] {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  return text.split(/\r\n|\r|\n/).map((raw, index) => {
    const trimmedStart = raw.replace(/^[ \t\u00a0]+/, "");
    const bulleted = BULLET.test(trimmedStart) && !/^-\d/.test(trimmedStart);
    const body = bulleted ? trimmedStart.replace(BULLET, "") : trimmedStart;
    return { text: normaliseSpace(body), bulleted, indented: trimmedStart.length < raw.length && normaliseSpace(raw) !== "", line: index + 1 };
  });
}

/** Removes a page's repeated table header; a bullet or indent at the line's start still counts. */
function stripHeader(line: Line): Line {
  if (!TABLE_HEADER.test(line.text)) return line;
  return { ...line, text: normaliseSpace(line.text.replace(TABLE_HEADER, "")) };
}

/** Headings are capitalised; a wrapped line reading "resources" is not the Resources section. */
function isSectionHeading(text: string): boolean {
  return /^[A-Z]/.test(text) && SECTION_HEADINGS.includes(text.toLowerCase().replace(/:$/, ""));
}

function readField(line: Line): { label: string; value: string } | undefined {
  const lower = line.text.toLowerCase();
  const label = METADATA_LABELS.find((l) => lower.startsWith(l) && /^[:\s]/.test(line.text.slice(l.length)));
  if (!label) return undefined;
  const value = normaliseSpace(line.text.slice(label.length).replace(/^\s*:/, ""));
  return value ? { label, value } : undefined;
}

/** Paragraphs are runs of lines; a bulleted line starts an item, which unbulleted lines continue. */
function addToSection(section: RawSection & { open?: "paragraph" | "item" | undefined }, line: Line): void {
  if (line.bulleted || (line.indented && section.open !== "paragraph")) {
    section.items.push({ text: line.text, line: line.line });
    section.open = "item";
  } else if (section.open === "item") {
    const item = section.items.at(-1)!;
    item.text = `${item.text} ${line.text}`;
  } else if (section.open === "paragraph") {
    const paragraph = section.paragraphs.at(-1)!;
    paragraph.text = `${paragraph.text} ${line.text}`;
  } else {
    section.paragraphs.push({ text: line.text, line: line.line });
    section.open = "paragraph";
  }
}

/** A blank line ends the open paragraph or item (outside the table, wrapped text has no blank lines). */
function breakParagraph(section: RawSection & { open?: "paragraph" | "item" | undefined }): void {
  section.open = undefined;
}

/**
 * The table, flattened: an outcome ("1 Understand ..."), its criteria ("1.1 ..."), then the
 * guidance column's blocks ("This may include:" and bullets, or a free paragraph), until
 * the next outcome. Wrapped lines continue whatever they follow; after a blank line, a line
 * starting with a capital letter (and not a number) starts a new paragraph instead.
 */
function readTable(lines: readonly Line[], outcomes: RawOutcome[]): void {
  type Open = { kind: "outcome" } | { kind: "criterion" } | { kind: "item"; block: RawGuidance } | { kind: "paragraph"; block: RawGuidance } | { kind: "heading"; block: RawGuidance } | { kind: "none" };
  let open: Open = { kind: "none" };
  let afterBlank = false;
  const outcome = () => outcomes.at(-1);
  const appendTo = (target: Sourced, text: string) => { target.text = target.text ? `${target.text} ${text}` : text; };

  for (const line of lines) {
    const { text } = line;
    if (text === "") { afterBlank = true; continue; }
    if (LEARNER_WILL.test(text)) { afterBlank = true; continue; }

    const criterion = CRITERION.exec(text);
    const outcomeMatch = OUTCOME.exec(text);
    const heading = GUIDANCE_HEADING.exec(text);
    if (criterion && !line.bulleted && outcome()) {
      outcome()!.criteria.push({ id: criterion[1]!, text: criterion[2]!, line: line.line });
      open = { kind: "criterion" };
    } else if (outcomeMatch && !line.bulleted && /^[A-Z]/.test(outcomeMatch[2]!) && (open.kind === "none" || afterBlank || open.kind === "item")) {
      outcomes.push({ id: outcomeMatch[1]!, text: outcomeMatch[2]!, line: line.line, criteria: [], guidance: [] });
      open = { kind: "outcome" };
    } else if (heading && outcome()) {
      const block: RawGuidance = { heading: heading[1]!, items: [], line: line.line };
      outcome()!.guidance.push(block);
      open = { kind: "heading", block };
    } else if (!outcome()) {
      // Text before the first outcome (a stray caption): nothing to attach it to.
    } else if ((open.kind === "heading" || open.kind === "item") && (line.bulleted || line.indented)) {
      open.block.items.push({ text, line: line.line });
      open = { kind: "item", block: open.block };
    } else if (open.kind === "item" && (CONTINUES_ITEM.test(text) || !(afterBlank && /^[A-Z]/.test(text)))) {
      appendTo(open.block.items.at(-1)!, text);
    } else if (open.kind === "heading") {
      open.block.items.push({ text, line: line.line });
      open = { kind: "item", block: open.block };
    } else if (afterBlank && /^[A-Z(]/.test(text) && open.kind !== "none") {
      const block: RawGuidance = { heading: undefined, items: [{ text, line: line.line }], line: line.line };
      outcome()!.guidance.push(block);
      open = { kind: "paragraph", block };
    } else if (open.kind === "paragraph") {
      appendTo(open.block.items.at(-1)!, text);
    } else if (open.kind === "criterion") {
      appendTo(outcome()!.criteria.at(-1)!, text);
    } else if (open.kind === "outcome") {
      appendTo(outcome()!, text);
    }
    afterBlank = false;
  }
}
