import type { RuleDefinition } from "./rule.ts";
import encodingInvalid from "./rules/encoding-invalid.ts";
import fileTooLarge from "./rules/file-too-large.ts";
import tableTooLarge from "./rules/table-too-large.ts";
import fileNameInvalid from "./rules/file-name-invalid.ts";
import reflectionLink from "./rules/reflection-link.ts";
import fileLink from "./rules/file-link.ts";
import reflectionClash from "./rules/reflection-clash.ts";
import frontMatterMissing from "./rules/front-matter-missing.ts";
import frontMatterUnclosed from "./rules/front-matter-unclosed.ts";
import frontMatterLanguage from "./rules/front-matter-language.ts";
import yamlSyntax from "./rules/yaml-syntax.ts";
import yamlDuplicateKey from "./rules/yaml-duplicate-key.ts";
import yamlUnsupportedTag from "./rules/yaml-unsupported-tag.ts";
import fieldMissing from "./rules/field-missing.ts";
import fieldInvalid from "./rules/field-invalid.ts";
import fieldUnknown from "./rules/field-unknown.ts";
import dateInvalid from "./rules/date-invalid.ts";
import criteriaEmpty from "./rules/criteria-empty.ts";
import criteriaUnitMissing from "./rules/criteria-unit-missing.ts";
import criterionUnknown from "./rules/criterion-unknown.ts";
import criterionDuplicate from "./rules/criterion-duplicate.ts";
import unitNotRegistered from "./rules/unit-not-registered.ts";
import unitSpecMissing from "./rules/unit-spec-missing.ts";
import unitSpecDuplicate from "./rules/unit-spec-duplicate.ts";
import evidenceMissing from "./rules/evidence-missing.ts";
import evidenceOutsideWorkspace from "./rules/evidence-outside-workspace.ts";
import evidenceOutsideFolder from "./rules/evidence-outside-folder.ts";
import evidenceTooLarge from "./rules/evidence-too-large.ts";
import simulationNotAllowed from "./rules/simulation-not-allowed.ts";
import criterionNotMarked from "./rules/criterion-not-marked.ts";
import markerNotCited from "./rules/marker-not-cited.ts";
import markerAmbiguous from "./rules/marker-ambiguous.ts";
import markerInvalid from "./rules/marker-invalid.ts";
import contactNameInText from "./rules/contact-name-in-text.ts";
import contactEmailInText from "./rules/contact-email-in-text.ts";
import contactPhoneInText from "./rules/contact-phone-in-text.ts";
import contactUnknown from "./rules/contact-unknown.ts";
import contactNameInEvidence from "./rules/contact-name-in-evidence.ts";
import contactFirstNameInText from "./rules/contact-first-name-in-text.ts";
import personNotInRegister from "./rules/person-not-in-register.ts";
import evidenceNotChecked from "./rules/evidence-not-checked.ts";
import evidenceLocation from "./rules/evidence-location.ts";
import pdfRequestBlocked from "./rules/pdf-request-blocked.ts";
import headingIncrement from "./rules/heading-increment.ts";
import noDuplicateHeadings from "./rules/no-duplicate-headings.ts";
import noHeadingContentIndent from "./rules/no-heading-content-indent.ts";
import listItemBulletIndent from "./rules/list-item-bullet-indent.ts";
import noBlockquoteWithoutMarker from "./rules/no-blockquote-without-marker.ts";
import noUndefinedReferences from "./rules/no-undefined-references.ts";
import noUnusedDefinitions from "./rules/no-unused-definitions.ts";
import noEmptyUrl from "./rules/no-empty-url.ts";
import linkRefused from "./rules/link-refused.ts";
import headingEmpty from "./rules/heading-empty.ts";
import sectionEmpty from "./rules/section-empty.ts";
import placeholderLeft from "./rules/placeholder-left.ts";
import markersMissing from "./rules/markers-missing.ts";
import markdownTooComplex from "./rules/markdown-too-complex.ts";
import lintCommentInvalid from "./rules/lint-comment-invalid.ts";
import criterionUncovered from "./rules/criterion-uncovered.ts";
import assessmentNotYet from "./rules/assessment-not-yet.ts";
import assessmentFileInvalid from "./rules/assessment-file-invalid.ts";
import specNotRecognised from "./rules/spec-not-recognised.ts";
import specCriterionEmpty from "./rules/spec-criterion-empty.ts";
import specNumbering from "./rules/spec-numbering.ts";
import specFieldMissing from "./rules/spec-field-missing.ts";
import decisionUnknown from "./rules/decision-unknown.ts";
import decisionMissing from "./rules/decision-missing.ts";
import decisionFeedbackMissing from "./rules/decision-feedback-missing.ts";
import decisionOutcomeInconsistent from "./rules/decision-outcome-inconsistent.ts";

/**
 * Every rule the tool can report, one module each under rules/ with its docs and examples
 * (see rule.ts), in the order the README's table lists them: by where the rule applies.
 * Ids are stable: tools and tests match on them. tests/rules.test.ts runs each rule's
 * examples; `npm run docs:rules` writes the README's table from this list.
 */
export const ruleList = [
  // Files: whether they are read at all
  encodingInvalid, fileTooLarge, tableTooLarge, fileNameInvalid, reflectionLink, fileLink, reflectionClash,
  // Front matter and YAML
  frontMatterMissing, frontMatterUnclosed, frontMatterLanguage, yamlSyntax, yamlDuplicateKey, yamlUnsupportedTag, fieldMissing, fieldInvalid, fieldUnknown, dateInvalid,
  // Criteria and units
  criteriaEmpty, criteriaUnitMissing, criterionUnknown, criterionDuplicate, unitNotRegistered, unitSpecMissing, unitSpecDuplicate,
  // Evidence paths
  evidenceMissing, evidenceOutsideWorkspace, evidenceOutsideFolder, evidenceTooLarge, simulationNotAllowed,
  // Markers
  criterionNotMarked, markerNotCited, markerAmbiguous, markerInvalid,
  // Privacy: contacts and people, in reflections and evidence
  contactNameInText, contactEmailInText, contactPhoneInText, contactUnknown, contactNameInEvidence, contactFirstNameInText, personNotInRegister, evidenceNotChecked, evidenceLocation,
  // The PDF's print
  pdfRequestBlocked,
  // Lint: remark-lint's rules and the project's own
  headingIncrement, noDuplicateHeadings, noHeadingContentIndent, listItemBulletIndent, noBlockquoteWithoutMarker, noUndefinedReferences, noUnusedDefinitions, noEmptyUrl, linkRefused, headingEmpty, sectionEmpty, placeholderLeft, markersMissing, markdownTooComplex, lintCommentInvalid,
  // Coverage
  criterionUncovered,
  // An assessment stored by `portfolio feedback`
  assessmentNotYet, assessmentFileInvalid,
  // `spec import`
  specNotRecognised, specCriterionEmpty, specNumbering, specFieldMissing,
  // `assess`: an assessor's decisions file
  decisionUnknown, decisionMissing, decisionFeedbackMissing, decisionOutcomeInconsistent,
] as const satisfies readonly RuleDefinition[];

export type RuleListId = (typeof ruleList)[number]["id"];

/** Each rule's whole definition by its id (docs and examples included): for the docs and the tests. */
export const ruleDefinitions = Object.fromEntries(ruleList.map((rule) => [rule.id, rule])) as { readonly [R in (typeof ruleList)[number] as R["id"]]: R };
