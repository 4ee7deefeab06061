import { ruleList } from "./rule-list.ts";

/** The README's rules sit between these two lines, written by `npm run docs:rules`. */
export const RULES_START = "<!-- rules:start -->";
export const RULES_END = "<!-- rules:end -->";

/**
 * The README's tables of rules, made from the rules' modules in their order: the check's
 * rules, then those of `spec import` and of `assess`, each row the rule's id, severity and summary.
 */
export function rulesTable(): string {
  const table = (list: readonly (typeof ruleList)[number][]) => [
    "| rule | severity | what it finds |",
    "| --- | --- | --- |",
    ...list.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${rule.summary.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  const check = ruleList.filter((rule) => rule.reportedBy !== "spec import" && rule.reportedBy !== "assess");
  const specImport = ruleList.filter((rule) => rule.reportedBy === "spec import");
  const assess = ruleList.filter((rule) => rule.reportedBy === "assess");
  return `${table(check)}\n\n\`spec import\` reports on the text it reads in the same way:\n\n${table(specImport)}\n\n\`assess\` reports on an assessor's decisions file, read against the PDF:\n\n${table(assess)}`;
}

/** The README with the text between its two markers replaced by `rulesTable()`. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${RULES_START} ... ${RULES_END} lines to write the rules between`);
  return `${readme.slice(0, start + RULES_START.length)}\n${rulesTable()}\n${readme.slice(end)}`;
}

/** The README's text between its two markers, as `withRulesTable` writes it. */
export function readmeRulesTable(readme: string): string | undefined {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  return start === -1 || end < start ? undefined : readme.slice(start + RULES_START.length + 1, end - 1);
}

/**
 * src/diagnostics/rules.ts, the registry the check reads at run time: each rule's id,
 * severity and summary, made from the modules (loading the 62 modules with their docs and
 * examples at every start cost 18 ms). `npm run docs:rules` writes it; a test keeps it equal.
 */
export function registrySource(): string {
  const rows = ruleList.map((rule) => `  ${JSON.stringify(rule.id)}: { severity: ${JSON.stringify(rule.severity)}, summary: ${JSON.stringify(rule.summary)} },`);
  return `// Written by \`npm run docs:rules\` from src/diagnostics/rules/*.ts, one module per rule with
// its docs and examples; do not edit here (tests/rules.test.ts checks it is up to date).
import type { Severity } from "./diagnostic.ts";

/**
 * Every rule the check can report, named from the learner's side, with its severity: a
 * finding's severity is always its rule's here (portfolio.yaml's \`lint:\` and \`--strict\`
 * aside). Ids are stable: tools and tests match on them.
 */
export const rules = {
${rows.join("\n")}
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleId = keyof typeof rules;
`;
}
