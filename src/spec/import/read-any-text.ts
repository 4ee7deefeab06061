import { isEnglishWord } from "../../text/english-words.ts";
import { normaliseSpace, type RawCriterion, type RawGuidance, type RawOutcome, type RawSection, type RawSpec, type Sourced } from "./raw-spec.ts";

/**
 * Reads a unit spec in whatever layout an awarding body printed it, as text copied from a
 * browser or a PDF viewer: the reader for everything the OCR forms' readers do not know.
 *
 * It knows the spec's parts by what they say, not by where they sit:
 * - metadata by label, in any of the names awarding bodies use ("Unit reference number",
 *   "UAN", "Unit accreditation number", "Unit code"...), with the value after the label on
 *   its line, on the next line, or (labels all first) in the same order after them;
 * - outcomes written `1`, `1.`, `LO1`, `Outcome 1`, `Learning outcome 1:` or a BTEC learning
 *   aim (`Learning aim A:`), the text on the same line or the next;
 * - criteria written `1.1`, `AC1.1`, `• 1.1`, split over two lines (`3` / `.2`), numbered
 *   afresh under each outcome (`1.`, `2.` under "Outcome 3" are 3.1 and 3.2), or BTEC
 *   grading criteria (`P1`, `M1`, `D1`, `A.P1`), each with its grade;
 * - lettered sub-items (`a)`, `(b)`) kept in the text of the criterion they belong to;
 * - table rows as `|` cells, tabs, or columns a wide gap apart: each cell continues the
 *   outcome or the criterion of its own column, so columns merged line by line are not
 *   interleaved.
 * The table ends at the first section heading after it (assessment, range, guidance...).
 */
export function readAnyText(source: string | readonly TextLine[]): RawSpec {
  const lines = typeof source === "string" ? toLines(source) : fromCells(source);
  const { fields, used } = readFields(lines);
  const { outcomes, end, start } = readOutcomes(lines, used);
  const sections = readSections(lines, start, end);
  return { form: "text", fields, sections, outcomes, lineCount: lines.length };
}

/** A line already in cells, each in the column its position on the page gives it (a PDF's text). */
export interface TextLine {
  cells: string[];
  /** The column of each cell, counted from the left. */
  columns: number[];
  /** The end of a table (a web page's): what follows continues nothing in it. */
  tableEnd?: boolean;
}

interface Line {
  /** Cells of the line: split at `|`, tabs, or a gap of three spaces or more; trimmed, none empty. */
  cells: string[];
  /** Each cell's column: its place in the line, or (a PDF's) its place across the page. */
  columns: number[];
  /** Whether the columns are places across the page, so a cell alone on its line still has its column. */
  positioned: boolean;
  tableEnd?: boolean;
  /** The cells that started with a bullet (taken off the cell's text). */
  bulleted: boolean[];
  text: string;
  line: number;
}

const ID_CELL = /^(?:\d{1,2}(?:\s*\.\s*\d{1,2})?\.?|(?:[A-F]\.)?[PMD]\d{1,2})$/;
const BULLET = /^[\uf0b7\uf0a7\uf076\uf0d8\u2022\u25aa\u25cf\u25e6\u2023\u2043\u00b7*]\s*/;

/** Ligatures and soft hyphens as PDF text leaves them: the letters a reader sees. */
const plain = (text: string) => text.replace(/\u00ad/g, "").replace(/\ufb01/g, "fi").replace(/\ufb02/g, "fl").replace(/\ufb00/g, "ff");

function toLines(source: string): Line[] {
  const text = plain(source.startsWith("\uFEFF") ? source.slice(1) : source);
  return text.split(/\r\n|\r|\n/).map((raw, index) => {
    const bare = raw.replace(/^\s*\|/, "").replace(/\|\s*$/, "");
    // A row copied with its cells joined by " / " ("1 / Understand ... / 1.1 / Explain ...",
    // "Level / 3"): split only where the line starts with an id or a label, since "and / or"
    // is ordinary text.
    const slashed = /^\s*(?:\d{1,2}(?:\.\d{1,2})?|(?:[A-F]\.)?[PMD]\d{1,2})\s+\/\s+\S/.test(bare) || (/\s\/\s/.test(bare) && labelOf(bare.split(/\s+\/\s+/)[0]!) !== undefined);
    const cells = bare.split(slashed ? /\s+\/\s+|\t+/ : /\s*\|\s*|\t+|\u00a0{3,}| {3,}/);
    return toLine(cells, cells.map((_, i) => i), false, index + 1);
  });
}

function fromCells(lines: readonly TextLine[]): Line[] {
  return lines.map((line, index) => ({ ...toLine(line.cells.map(plain), line.columns, true, index + 1), ...(line.tableEnd ? { tableEnd: true } : {}) }));
}

/**
 * Cells trimmed, bullets taken off (and noted), empty cells dropped, an id alone joined to
 * the text after it. A cell holding two criteria ("1.1 I can ... 2.1 I can ...", two
 * columns a copy put on one line) is two cells; a link's marker left by a print view
 * ("[2]") and an id printed twice ("1. 1. Plan") are taken off.
 */
function toLine(raw: readonly string[], rawColumns: readonly number[], positioned: boolean, line: number): Line {
  const split = raw
    .flatMap((cell, i) => normaliseSpace(cell).replace(/\s*\[\d{1,3}\](?=\s|$)/g, "").split(/(?<=\S)\s+(?=\d{1,2}\.\d{1,2}\s+[A-Z])/).map((part, j) => ({ cell: part.replace(/^(\d{1,2})\.\s+\1\.\s+/, "$1. "), column: rawColumns[i]! + j })))
    .map(({ cell, column }) => ({ text: normaliseSpace(cell.replace(BULLET, "")), bulleted: BULLET.test(cell), column }))
    // A bullet drawn apart from its text (a PDF's list) marks the cell after it.
    .map((cell, i, all) => ({ ...cell, bulleted: cell.bulleted || (i > 0 && all[i - 1]!.bulleted && all[i - 1]!.text === "") }))
    .filter((cell) => cell.text !== "" && !/^[-:=|\s]+$/.test(cell.text));
  // An id in a cell of its own ("| 1.1 | Explain ... |") goes with the text in the next.
  const cells: string[] = [];
  const bulleted: boolean[] = [];
  const columns: number[] = [];
  for (const cell of split) {
    const previous = cells.at(-1);
    if (previous !== undefined && ID_CELL.test(previous)) cells[cells.length - 1] = `${previous} ${cell.text}`;
    else {
      cells.push(cell.text);
      bulleted.push(cell.bulleted);
      columns.push(positioned ? cell.column : cells.length - 1);
    }
  }
  return { cells, bulleted, columns, positioned, text: cells.join(" "), line };
}

// --- Metadata -------------------------------------------------------------------------

/** Each field by its canonical label (the builder's), and the labels bodies use for it. */
const LABELS: Array<[string, RegExp]> = [
  ["unit title", /^(?:unit\s+title|title\s+of\s+unit|unit\s+name|title|unit)$/i],
  ["unit reference number", /^(?:unit\s+reference\s+(?:number|no\.?)|unit\s+ref(?:erence)?\.?|unit\s+accreditation\s+number|uan|unit\s+(?:number|no\.?)|(?:ofqual|rqf|qcf)\s+(?:unit\s+)?(?:reference\s+)?(?:number|no\.?|code|ref(?:erence)?)|ofqual\s+unit\s+reference\s+number|unit\s+code|reference\s+number|urn)$/i],
  ["level", /^(?:(?:unit|rqf|qcf|nqf)\s+)?level(?:\s+of\s+(?:the\s+)?unit)?$/i],
  ["credit value", /^(?:(?:unit\s+)?credit\s+value|credits?|credit\s+points)$/i],
  ["guided learning hours", /^(?:guided\s+learning\s+hours?(?:\s*\(glh\))?|glh)$/i],
];

const URN = /\b([A-HJ-NP-Z])\s*\/\s*(\d{3})\s*\/\s*(\d{4})\b/;

function labelOf(text: string): string | undefined {
  const bare = text.replace(/[:\s]+$/, "").trim();
  return LABELS.find(([, pattern]) => pattern.test(bare))?.[0];
}

/**
 * Metadata: `Label: value`, `Label<TAB>value`, a label alone with its value on the next line,
 * or a run of labels alone followed by as many values. A reference number is taken only
 * when it looks like one (a letter, three digits, four digits); else the first one written
 * anywhere. Guided learning hours may be a sentence ("30 guided learning hours").
 */
function readFields(lines: readonly Line[]): { fields: Map<string, Sourced>; used: Set<number> } {
  const fields = new Map<string, Sourced>();
  /** Lines that are labels or their values: never outcomes ("Credits:" then "3"). */
  const used = new Set<number>();
  const set = (label: string, value: string, line: number) => {
    const text = normaliseSpace(value);
    used.add(line);
    if (!text || fields.has(label)) return;
    if (label === "unit reference number") {
      const urn = URN.exec(text);
      if (!urn) return;
      fields.set(label, { text: `${urn[1]}/${urn[2]}/${urn[3]}`, line });
      return;
    }
    if ((label === "level" || label === "credit value" || label === "guided learning hours") && !/\d/.test(text)) return;
    fields.set(label, { text, line });
  };
  const pending: Array<{ label: string; line: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const { cells, text, line } = lines[i]!;
    if (cells.length === 0) continue;
    // `Label: value` in one cell, or `Label` and `value` as two cells.
    // A value runs to the end of its cell: a cell of hundreds of characters is text, not a label and its value.
    const colon = cells[0]!.length <= 200 ? /^([^:]{2,45}):\s*(.*)$/.exec(cells[0]!) : null;
    const label = (cells[0]!.length <= 200 ? labelOf(cells[0]!) : undefined) ?? (colon ? labelOf(colon[1]!) : undefined);
    if (label) {
      used.add(line);
      const value = cells.length > 1 ? cells.slice(1).join(" ") : colon && labelOf(colon[1]!) ? colon[2]! : "";
      if (value) {
        set(label, value, line);
        continue;
      }
      pending.push({ label, line });
      continue;
    }
    // Values after their labels, in order.
    // Values after their labels, in order: each to the first waiting label it suits (a
    // reference number to the reference number, a number to a number). A label passed over
    // was a heading ("Unit" above the Register's details): it waits no longer.
    const suits = (label: string) => (label === "unit reference number" ? URN.test(text) : label === "unit title" ? !URN.test(text) && !/^\d+$/.test(text) && text.length <= 150 : /\d/.test(text));
    const waiting = pending.findIndex((p) => suits(p.label));
    if (waiting !== -1) {
      set(pending.splice(0, waiting + 1).at(-1)!.label, text, line);
      continue;
    }
  }
  const all = lines.map((l) => l.text).join("\n");
  if (!fields.has("unit reference number")) {
    // The first one written anywhere: found in a line, not taking the line.
    const at = lines.find((l) => URN.test(l.text));
    const urn = at && URN.exec(at.text);
    if (at && urn) fields.set("unit reference number", { text: `${urn[1]}/${urn[2]}/${urn[3]}`, line: at.line });
  }
  if (!fields.has("guided learning hours")) {
    // "Guided learning hours: 30" inside a longer line, else a sentence ("30 guided learning hours", "Guided learning hours ... 30").
    const sentence = /guided\s+learning\s+hours\s*(?:\(GLH\))?\s*:?\s*(\d+)/i.exec(all) ?? /(\d+)\s+(?:guided\s+learning\s+hours|hours\s+of\s+guided\s+learning|GLH)\b/i.exec(all) ?? /guided\s+learning\s+hours[^.\d]{0,60}?(\d+)/i.exec(all);
    if (sentence) fields.set("guided learning hours", { text: sentence[1]!, line: lineOfOffset(all, sentence.index) });
  }
  if (!fields.has("level")) {
    const level = /\b(?:RQF|QCF|NQF)?\s*Level\s*:?\s*(\d)\b(?!\s*\.\s*\d)/.exec(all);
    // An SCQF level is Scotland's, not the RQF's; an Entry level has no number of its own.
    if (level && !/(?:SCQF|Entry)\s*$/i.test(all.slice(Math.max(0, level.index - 6), level.index + 1))) fields.set("level", { text: level[1]!, line: lineOfOffset(all, level.index) });
  }
  if (!fields.has("unit title")) {
    // "Unit 1: Exploring Business", "Unit 201 Introduction to communication": the heading's text.
    // "Entry Level 1, Unit 1 - Improving Productivity Using IT (1 credit)": the credit too.
    const heading = lines.map((l) => ({ l, match: /(?:^|,\s*)Unit\s+[A-Z]?\d+[A-Z]?\s*[:.–-]?\s+([A-Z].*?)(?:\s*\((\d+)\s+credits?\))?$/.exec(l.text) })).find((h) => h.match);
    if (heading) {
      fields.set("unit title", { text: heading.match![1]!, line: heading.l.line });
      if (heading.match![2] && !fields.has("credit value")) fields.set("credit value", { text: heading.match![2], line: heading.l.line });
    }
  }
  return { fields, used };
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

// --- Outcomes and criteria --------------------------------------------------------------

/** Headings that end the outcomes table. */
const TABLE_END = /^(?:assessment(?:\s+(?:requirements|guidance|strategy|method|methods|information))?|evidence\s+requirements|range|range\s+statements?|additional\s+information|(?:unit\s+)?guidance(?:\s+for\s+delivery)?|indicative\s+content|unit\s+content|content|delivery(?:\s+guidance)?|resources|essential\s+(?:information|resources)|unit\s+amplification|amplification|knowledge\s+and\s+understanding|links?\s+to\s+(?:other\s+units|nos)|(?:national\s+occupational\s+standards|nos)(?:\s+mapping)?|suggested\s+(?:assessment|resources)|assessment\s+criteria\s+guidance|details\s+of\s+the\s+relationship.*|offer\s+this\s+unit|related\s+(?:qualifications|units)|qualifications\s+(?:containing|that\s+contain)\s+this\s+unit|equivalent\s+units|contact\s+us)$/i;
/** A table's column headings beside the outcomes' and criteria's: never guidance of their own. */
const COLUMN_HEADING = /^(?:teaching\s+content|additional\s+guidance|guidance|exemplification|amplification|indicative\s+content|range|unit\s+content|delivery\s+guidance)$/i;
const LEARNER_LEAD = /^(?:the\s+learner\s+(?:will|can|must|should)(?:\s+be\s+able\s+to)?|learners?\s+(?:will|can|must|should)(?:\s+be\s+able\s+to)?|on\s+completion\s+of\s+this\s+unit\s+(?:a|the)\s+learner\s+(?:should|will)|to\s+achieve\s+(?:a\s+)?(?:pass|merit|distinction).*|learning\s+outcomes?|assessment\s+criteria|pass|merit|distinction|grading\s+(?:criteria|grid))\s*:?$/i;

const OUTCOME_LABELLED = /^(?:LO|Learning\s+outcome|Outcome)\s*(\d{1,2})\s*[:.)–-]?\s*(.*)$/i;
const OUTCOME_BARE = /^(\d{1,2})\s*[.)]?\s+(?=[A-Z])(.*)$/;
const ID_ALONE = /^(\d{1,2})\s*[.)]?$/;
const AIM = /^Learning\s+aim\s+([A-F])\s*[:.–-]?\s*(.*)$/i;
const CRITERION = /^(?:AC\s*)?(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?(?=\s|$)\s*(.*)$/i;
const GRADED = /^(?:([A-F])\s*\.\s*)?([PMD])\s*(\d{1,2})(?=\s|$|[:.])\s*[:.]?\s*(.*)$/;
const SUB_ITEM = /^(?:\(?[a-hj-z]\)|[a-hj-z]\.|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))\s+\S/;

const GRADES = { P: "pass", M: "merit", D: "distinction" } as const;

type Open =
  | { kind: "outcome"; column: number }
  | { kind: "criterion"; column: number }
  | { kind: "none" };

/**
 * The outcomes table: from the first outcome to the first heading that ends it. Each cell
 * of a line either starts an outcome or a criterion, or continues the open one of its
 * column (a line of one cell continues whatever is open).
 */
function readOutcomes(lines: readonly Line[], used: ReadonlySet<number>): { outcomes: RawOutcome[]; start: number; end: number } {
  const outcomes: RawOutcome[] = [];
  const graded = lines.some((l) => l.cells.some((c) => /^(?:[A-F]\s*\.\s*)?[PMD]\d{1,2}\s+\S/.test(c)));
  // Outcomes labelled "Outcome 1" / "LO1": numbers alone under them are criteria.
  const labelled = lines.some((l) => OUTCOME_LABELLED.test(l.cells[0] ?? ""));
  let open: Open = { kind: "none" };
  /** The column the last criterion started in: cells right of it (on a page, or in a web page's table) are guidance. */
  let criteriaColumn: number | undefined;
  let block: RawGuidance | undefined;
  let outcomeColumn = 0;
  let start = -1;
  let end = lines.length;
  /** An outcome's number on a line of its own, whose criterion's ".2" starts the next line. */
  let pendingId: string | undefined;

  const current = () => outcomes.at(-1);
  const append = (target: Sourced, text: string) => {
    target.text = target.text ? (target.text.endsWith("-") && /^[a-z]/.test(text) ? joinHyphenated(target.text, text) : `${target.text} ${text}`) : text;
  };
  const startOutcome = (id: string, text: string, line: number, column: number) => {
    // A summary list of outcomes first, then each outcome again with its criteria: one outcome.
    const again = outcomes.find((o) => o.id === id && o.criteria.length === 0);
    if (again) {
      if (text) again.text = text;
      outcomes.splice(outcomes.indexOf(again), 1);
      outcomes.push(again);
    } else {
      outcomes.push({ id, text, line, criteria: [], guidance: [] });
    }
    open = { kind: "outcome", column };
    outcomeColumn = column;
    block = undefined;
  };
  // A criterion belongs to an outcome read already, or starts the next ("2.1" with no
  // outcome 2 printed); "14.2 Preparation for Work" (a sector code) is neither.
  const ownerFits = (owner: string, n: number) => {
    if (outcomes.some((o) => o.id === owner)) return true;
    const numbered = outcomes.filter((o) => /^\d+$/.test(o.id)).map((o) => Number(o.id));
    return n === 1 && Number(owner) === (numbered.length ? Math.max(...numbered) + 1 : 1);
  };
  const startCriterion = (criterion: RawCriterion, column: number) => {
    let outcome = current();
    const owner = criterion.id.includes(".") && !/[PMD]/.test(criterion.id) ? criterion.id.split(".")[0]! : undefined;
    // Its own outcome, wherever that is; one not printed (or not read) is started for it.
    if (owner && outcome?.id !== owner) outcome = outcomes.find((o) => o.id === owner);
    if (!outcome) {
      outcome = { id: owner ?? "", text: "", line: criterion.line, criteria: [], guidance: [] };
      outcomes.push(outcome);
    }
    outcome.criteria.push(criterion);
    open = { kind: "criterion", column };
    criteriaColumn = column;
  };
  /**
   * A guidance cell: "This may include:" starts a block, a bulleted line an item in it, any
   * other line continues the last item (or starts a paragraph block). The builder attaches
   * each block to the criterion it names, or in turn, or to the outcome.
   */
  const addGuidance = (text: string, bulleted: boolean, line: number) => {
    const outcome = current()!;
    const heading = /^(.{1,80}):$/.exec(text);
    if (heading) {
      block = { heading: heading[1]!, items: [], line };
      outcome.guidance.push(block);
    } else if (bulleted || !block || block.items.length === 0) {
      if (!block) {
        block = { heading: undefined, items: [], line };
        outcome.guidance.push(block);
      }
      block.items.push({ text, line });
    } else {
      append(block.items.at(-1)!, text);
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const { cells, line, bulleted, columns, positioned, tableEnd } = lines[i]!;
    if (tableEnd) open = { kind: "none" };
    if (cells.length === 0 || used.has(line)) continue;
    // A heading that ends the table: capitalised ("resources" wrapped onto a line of its own is not one), and on a PDF's page at the left.
    if (outcomes.length > 0 && cells.length === 1 && /^[A-Z]/.test(cells[0]!) && (!positioned || columns[0] === 0) && TABLE_END.test(cells[0]!.replace(/:$/, "")) && outcomes.some((o) => o.criteria.length > 0)) {
      end = i;
      break;
    }
    for (const [k, raw] of cells.entries()) {
      const column = columns[k]!;
      let cell = raw;
      if (LEARNER_LEAD.test(cell) || (cells.length > 1 && COLUMN_HEADING.test(cell))) continue;
      if (positioned && criteriaColumn !== undefined && column > criteriaColumn && column > outcomeColumn && current()) {
        addGuidance(cell, bulleted[k]!, line);
        continue;
      }
      // An id split over two lines: "3" then ".2 Explain ...".
      if (pendingId && /^\.\s*\d/.test(cell)) {
        cell = `${pendingId}${cell}`;
        pendingId = undefined;
      }
      const criterion = CRITERION.exec(cell);
      if (criterion && ownerFits(String(Number(criterion[1])), Number(criterion[2])) && (criterion[3] === "" || /^[A-Za-z("‘“]/.test(criterion[3]!))) {
        if (start === -1) start = i;
        startCriterion({ id: `${Number(criterion[1])}.${Number(criterion[2])}`, text: criterion[3]!, line }, column);
        continue;
      }
      const grade = graded ? GRADED.exec(cell) : null;
      if (grade && (grade[4] === "" || /^[A-Za-z]/.test(grade[4]!))) {
        if (start === -1) start = i;
        const id = `${grade[1] ? `${grade[1]}.` : ""}${grade[2]}${Number(grade[3])}`;
        const aim = grade[1] ?? (current()?.id && /^[A-F]$/.test(current()!.id) ? current()!.id : undefined);
        let owner = aim ? outcomes.find((o) => o.id === aim) : current();
        if (!owner) {
          owner = { id: aim ?? "", text: "", line, criteria: [], guidance: [] };
          outcomes.push(owner);
        }
        owner.criteria.push({ id, text: grade[4]!, line, grade: GRADES[grade[2] as keyof typeof GRADES] });
        open = { kind: "criterion", column };
        continue;
      }
      const aim = graded ? AIM.exec(cell) : null;
      if (aim) {
        if (start === -1) start = i;
        startOutcome(aim[1]!.toUpperCase(), aim[2]!, line, column);
        continue;
      }
      const labelledOutcome = OUTCOME_LABELLED.exec(cell);
      if (labelledOutcome) {
        if (start === -1) start = i;
        startOutcome(String(Number(labelledOutcome[1])), labelledOutcome[2]!, line, column);
        continue;
      }
      const alone = ID_ALONE.exec(cell);
      if (alone && k === cells.length - 1 && i + 1 < lines.length && /^\.\s*\d/.test(lines[i + 1]!.cells[0] ?? "")) {
        pendingId = alone[1]!;
        continue;
      }
      // In a table row an outcome may start in lower case ("| 1 | recognise and deal with ... | 1.1 | ..."); an id alone has its text on the lines after.
      const bare = OUTCOME_BARE.exec(cell) ?? (cells.length > 1 && k === 0 ? /^(\d{1,2})\s*[.)]?\s+(\S.*)$/.exec(cell) : null) ?? (alone && k === 0 && nextText(lines, i) ? [cell, alone[1]!, ""] : null);
      if (bare && !graded) {
        // Under "Outcome 3", "2. Explain ..." is criterion 3.2; elsewhere a bare number starts an outcome.
        if (current() && (labelled || column > outcomeColumn)) {
          startCriterion({ id: `${current()!.id}.${Number(bare[1])}`, text: bare[2]!, line }, column);
          continue;
        }
        if (start === -1) start = i;
        startOutcome(String(Number(bare[1])), bare[2]!, line, column);
        continue;
      }
      if (start === -1 || open.kind === "none") continue;
      // A sub-item goes to the criterion open in its column or any column.
      if (SUB_ITEM.test(cell) && open.kind === "criterion") {
        append(current()!.criteria.at(-1) ?? lastCriterion(outcomes)!, cell);
        continue;
      }
      const into = positioned || cells.length > 1 ? (column === open.column ? open.kind : column === outcomeColumn ? "outcome" : undefined) : open.kind;
      // A bulleted line under a criterion is one of its items: kept with its bullet, as printed.
      if (into === "criterion") append(lastCriterion(outcomes)!, bulleted[k] ? `• ${cell}` : cell);
      else if (into === "outcome" && current()) append(current()!, cell);
    }
  }
  return { outcomes: outcomes.filter((o) => o.criteria.length > 0 || o.text), start: start === -1 ? lines.length : start, end };
}

/**
 * A line ending in a hyphen, and the next: a word broken by the line ("organ-" "isation")
 * is joined; a compound that happens to break at its hyphen ("relationship-" "building",
 * each a word of its own) keeps it.
 */
function joinHyphenated(before: string, after: string): string {
  const left = /([A-Za-z]+)-$/.exec(before)?.[1] ?? "";
  const right = /^[a-z]+/.exec(after)?.[0] ?? "";
  const broken = isEnglishWord(`${left}${right}`.toLowerCase()) && !(isEnglishWord(left.toLowerCase()) && isEnglishWord(right));
  return broken ? `${before.slice(0, -1)}${after}` : `${before}${after}`;
}

/** Whether a line with words (not a number, not a label) follows line i, before any number. */
function nextText(lines: readonly Line[], i: number): boolean {
  for (let j = i + 1; j < lines.length && j < i + 4; j++) {
    const text = lines[j]!.text;
    if (text === "") continue;
    return /^[A-Za-z]/.test(text) && !labelOf(text) && !LEARNER_LEAD.test(text);
  }
  return false;
}

function lastCriterion(outcomes: readonly RawOutcome[]): RawCriterion | undefined {
  for (let i = outcomes.length - 1; i >= 0; i--) {
    const criterion = outcomes[i]!.criteria.at(-1);
    if (criterion) return criterion;
  }
  return undefined;
}

// --- Sections ---------------------------------------------------------------------------

const AIM_HEADING = /^(?:unit\s+aims?(?:\s+and\s+purpose)?|unit\s+purpose(?:\s+and\s+aims?)?|aims?|purpose|unit\s+summary|unit\s+overview|summary|unit\s+introduction|introduction)\s*:?\s*(.*)$/i;

/** The aim, before the table (a heading with paragraphs under it, or `Unit aim: text`); the sections after the table by their headings. */
function readSections(lines: readonly Line[], start: number, end: number): RawSection[] {
  const sections: RawSection[] = [];
  let section: RawSection | undefined;
  for (let i = 0; i < lines.length; i++) {
    if (i >= start && i < end) {
      section = undefined;
      continue;
    }
    const { text, line, cells } = lines[i]!;
    if (text === "") {
      if (section?.paragraphs.length) section = { ...section, heading: section.heading };
      continue;
    }
    // The table's header row ("Learning Outcomes | Assessment Criteria"), or a row of cells, ends the aim.
    if (i < start && (cells.length > 1 || LEARNER_LEAD.test(text))) {
      section = undefined;
      continue;
    }
    const aim = AIM_HEADING.exec(text);
    if (aim && i < start && text.length < 200 && (!/:/.test(text) || aim[1])) {
      section = { heading: "unit aim", line, paragraphs: aim[1] ? [{ text: aim[1], line }] : [], items: [] };
      sections.push(section);
      continue;
    }
    if (i >= end && cells.length === 1 && TABLE_END.test(text.replace(/:$/, ""))) {
      section = { heading: text.replace(/:$/, "").toLowerCase(), line, paragraphs: [], items: [] };
      sections.push(section);
      continue;
    }
    if (!section || labelOf(cells[0]!) || /^[^:]{2,45}:/.test(text) && labelOf(text.split(":")[0]!)) {
      if (section && section.heading === "unit aim" && section.paragraphs.length > 0) section = undefined;
      continue;
    }
    const last = section.paragraphs.at(-1);
    if (last && !/[.!?:]$/.test(last.text)) last.text = `${last.text} ${text}`;
    else section.paragraphs.push({ text, line });
  }
  return sections;
}
