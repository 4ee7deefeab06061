import type { Severity } from "./diagnostic.ts";

/**
 * Every rule the check can report, named from the learner's side. Ids are stable: tools
 * and tests match on them, and the README's table of rules is checked against this list.
 */
export const rules = {
  "front-matter-missing": { severity: "error", summary: "A reflection does not start with a `---` YAML front matter block." },
  "front-matter-unclosed": { severity: "error", summary: "The front matter block is opened with `---` but never closed." },
  "front-matter-language": { severity: "error", summary: "Front matter in a language other than YAML (`---js`, `---json`, ...); it is refused, never run." },
  "yaml-syntax": { severity: "error", summary: "A YAML syntax error, at the line and column of the fault." },
  "yaml-duplicate-key": { severity: "error", summary: "The same key appears twice in one YAML mapping." },
  "yaml-unsupported-tag": { severity: "error", summary: "A YAML tag such as `!!js/function`; only plain YAML data is read." },
  "field-missing": { severity: "error", summary: "A required field is missing (reflection `title`, `date`, `criteria`; portfolio.yaml and unit spec fields)." },
  "field-invalid": { severity: "error", summary: "A field has the wrong kind of value (a list where text is expected, an unknown `status` or `evidence_type`)." },
  "field-unknown": { severity: "warning", summary: "A field the tool does not read, often a misspelling (`critera`)." },
  "date-invalid": { severity: "error", summary: "A date that is not a real calendar date written YYYY-MM-DD." },
  "criteria-empty": { severity: "error", summary: "`criteria` is present but lists no criterion." },
  "criteria-unit-missing": { severity: "error", summary: "`criteria` is a list but no `unit:` says which unit, and more than one unit is registered." },
  "criterion-unknown": { severity: "error", summary: "A cited criterion id that the unit does not have; the nearest valid id is suggested." },
  "criterion-duplicate": { severity: "warning", summary: "The same criterion is cited twice for one unit in one reflection." },
  "unit-not-registered": { severity: "error", summary: "A reflection cites a unit that portfolio.yaml does not register." },
  "unit-spec-missing": { severity: "error", summary: "portfolio.yaml registers a unit that has no spec in units/." },
  "unit-spec-duplicate": { severity: "error", summary: "Two files in units/ describe the same unit." },
  "evidence-missing": { severity: "error", summary: "An evidence file listed in front matter does not exist." },
  "evidence-outside-workspace": { severity: "error", summary: "An evidence path leaves the workspace (`..`, an absolute path, or a link pointing outside)." },
  "evidence-outside-folder": { severity: "error", summary: "An evidence path is inside the workspace but not under `evidence/`." },
  "simulation-not-allowed": { severity: "error", summary: "`evidence_type: simulation` for a unit whose spec does not allow simulation." },
  "criterion-not-marked": { severity: "warning", summary: "A criterion cited in front matter is never marked in the body with `{ac=...}`." },
  "marker-not-cited": { severity: "warning", summary: "A `{ac=...}` marker for a criterion the front matter does not cite." },
  "marker-ambiguous": { severity: "warning", summary: "A marker's id is cited for several units; qualify it as `{ac=URN:id}`." },
  "marker-invalid": { severity: "warning", summary: "A `{ac=...}` marker that cannot be read as criterion ids." },
  "contact-name-in-text": { severity: "warning", summary: "A contact's name (or surname) written out instead of `@id`; what is shared shows it as the reference would." },
  "contact-email-in-text": { severity: "warning", summary: "An email address in a reflection or an evidence file's name." },
  "contact-phone-in-text": { severity: "warning", summary: "A phone number in a reflection or an evidence file's name." },
  "contact-unknown": { severity: "error", summary: "`@id` for a contact that network/contacts.yaml does not have." },
  "criterion-uncovered": { severity: "warning", summary: "A gap: a registered criterion that no final reflection evidences (an error under --strict)." },
  "pdf-request-blocked": { severity: "warning", summary: "An image in a reflection points outside the workspace; the PDF did not load it." },
  "spec-not-recognised": { severity: "error", summary: "`spec import`: the text has no unit reference number or no assessment criteria." },
  "spec-criterion-empty": { severity: "error", summary: "`spec import`: a criterion id with no text after it." },
  "spec-numbering": { severity: "warning", summary: "`spec import`: outcome or criterion numbering that skips or repeats (1.1 then 1.3)." },
  "spec-field-missing": { severity: "warning", summary: "`spec import`: a unit title, level, credit value or guided learning hours not found." },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleId = keyof typeof rules;
