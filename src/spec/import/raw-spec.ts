/**
 * What a reader makes of a published spec before any meaning is given to it: labelled
 * fields, sections of text, and the outcomes table, each piece with the line it came from.
 * Both forms (PDF text and the web page) read into this, and one builder makes the spec.
 */
export interface Sourced {
  text: string;
  /** 1-based line in the input file. */
  line: number;
}

export interface RawGuidance {
  /** "This may include", "Ethical issues may relate to"; absent for a free paragraph. */
  heading: string | undefined;
  items: Sourced[];
  line: number;
}

export interface RawCriterion extends Sourced {
  id: string;
  /** A BTEC grading criterion's grade (P1, M1, D1). */
  grade?: Grade;
}

export type Grade = "pass" | "merit" | "distinction";

export interface RawOutcome extends Sourced {
  id: string;
  criteria: RawCriterion[];
  /** Guidance found beside this outcome's criteria, in order; the builder attaches it. */
  guidance: RawGuidance[];
}

export interface RawSection {
  heading: string;
  line: number;
  paragraphs: Sourced[];
  items: Sourced[];
}

export interface RawSpec {
  form: "pdf-text" | "web-page" | "text";
  /** Metadata by label, lower case without the colon: `unit title`, `level`. */
  fields: Map<string, Sourced>;
  sections: RawSection[];
  outcomes: RawOutcome[];
  /** Lines of the input, for positions in findings. */
  lineCount: number;
}

/** The headings that end the outcomes table and start the spec's other sections. */
export const SECTION_HEADINGS = [
  "unit purpose and aim",
  "unit aim and purpose",
  "unit aim",
  "assessment",
  "evidence requirements",
  "guidance on assessment and evidence requirements",
  "guidance on assessment",
  "national occupational standards (nos) mapping/signposting",
  "functional skills signposting",
  "resources",
  "additional information",
  "teaching content",
  "delivery guidance",
];

export const METADATA_LABELS = [
  "unit title",
  "ocr unit number",
  "sector unit number",
  "level",
  "credit value",
  "guided learning hours",
  "unit reference number",
];

export function normaliseSpace(text: string): string {
  return text.replace(/[\u00a0\s]+/g, " ").trim();
}
