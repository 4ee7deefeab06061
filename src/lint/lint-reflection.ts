import type { Heading, Nodes, Root } from "mdast";
import { remark } from "remark";
import remarkLint from "remark-lint";
import headingIncrement from "remark-lint-heading-increment";
import listItemBulletIndent from "remark-lint-list-item-bullet-indent";
import noBlockquoteWithoutMarker from "remark-lint-no-blockquote-without-marker";
import noDuplicateHeadings from "remark-lint-no-duplicate-headings";
import noEmptyUrl from "remark-lint-no-empty-url";
import noHeadingContentIndent from "remark-lint-no-heading-content-indent";
import noUndefinedReferences from "remark-lint-no-undefined-references";
import noUnusedDefinitions from "remark-lint-no-unused-definitions";
import { lintRule } from "unified-lint-rule";
import { visit } from "unist-util-visit";
import { VFile } from "vfile";
import { finding, type Diagnostic, type Position } from "../diagnostics/diagnostic.ts";
import headingEmptyRule from "../diagnostics/rules/heading-empty.ts";
import headingIncrementRule from "../diagnostics/rules/heading-increment.ts";
import linkRefusedRule from "../diagnostics/rules/link-refused.ts";
import listItemBulletIndentRule from "../diagnostics/rules/list-item-bullet-indent.ts";
import lintCommentInvalid from "../diagnostics/rules/lint-comment-invalid.ts";
import markdownTooComplex, { type Facts as TooComplex } from "../diagnostics/rules/markdown-too-complex.ts";
import markersMissingRule from "../diagnostics/rules/markers-missing.ts";
import noBlockquoteWithoutMarkerRule from "../diagnostics/rules/no-blockquote-without-marker.ts";
import noDuplicateHeadingsRule from "../diagnostics/rules/no-duplicate-headings.ts";
import noEmptyUrlRule from "../diagnostics/rules/no-empty-url.ts";
import noHeadingContentIndentRule from "../diagnostics/rules/no-heading-content-indent.ts";
import noUndefinedReferencesRule from "../diagnostics/rules/no-undefined-references.ts";
import noUnusedDefinitionsRule from "../diagnostics/rules/no-unused-definitions.ts";
import placeholderLeftRule from "../diagnostics/rules/placeholder-left.ts";
import sectionEmptyRule from "../diagnostics/rules/section-empty.ts";
import { isSafeUrl } from "../markdown/safe-url.ts";
import { report, reportedFinding } from "./lint-report.ts";
import { PLACEHOLDER, type LintInput, type Severities } from "./lint-rules.ts";
import { personNames } from "./person-names-rule.ts";


const text = (node: Nodes): string => ("value" in node && typeof node.value === "string" ? node.value : "children" in node ? (node.children as Nodes[]).map(text).join("") : "");

const headingEmpty = lintRule({ origin: "portfolio:heading-empty" }, (tree: Root, file) => {
  visit(tree, "heading", (node: Heading) => {
    if (!text(node).trim()) report(file, node, headingEmptyRule);
  });
});

const sectionEmpty = lintRule({ origin: "portfolio:section-empty" }, (tree: Root, file) => {
  tree.children.forEach((node, i) => {
    if (node.type !== "heading") return;
    const next = tree.children[i + 1];
    if (!next || (next.type === "heading" && next.depth <= node.depth)) {
      report(file, node, sectionEmptyRule, { heading: text(node).trim() });
    }
  });
});

const placeholderLeft = lintRule({ origin: "portfolio:placeholder-left" }, (tree: Root, file) => {
  if (file.data.status !== "final") return;
  visit(tree, "text", (node) => {
    if (node.value.includes(PLACEHOLDER)) report(file, node, placeholderLeftRule);
  });
});

const linkRefused = lintRule({ origin: "portfolio:link-refused" }, (tree: Root, file) => {
  visit(tree, (node) => {
    if ((node.type === "link" || node.type === "image" || node.type === "definition") && !isSafeUrl(node.url)) {
      const scheme = node.url.replace(/[\u0000-\u0020\u007f]+/g, "").split(":")[0]!.toLowerCase();
      report(file, node, linkRefusedRule, scheme === "file" ? { kind: "file", url: node.url } : { kind: "scheme", scheme });
    }
  });
});

const markersMissing = lintRule({ origin: "portfolio:markers-missing" }, (tree: Root, file) => {
  let found = false;
  visit(tree, "text", (node) => { if (node.value.includes("{ac=")) found = true; });
  const first = tree.children[0];
  if (!found && first) report(file, first, markersMissingRule);
});

/**
 * The lint for reflections: remark-lint's rules that fit a reflective account (headings,
 * lists, links and definitions) and the project's own. One processor for the whole
 * workspace; findings come back as diagnostics with the file's own lines.
 */
const processor = remark()
  .use(remarkLint)
  .use(headingIncrement)
  .use(noDuplicateHeadings)
  .use(noHeadingContentIndent)
  .use(listItemBulletIndent)
  .use(noBlockquoteWithoutMarker)
  .use(noUndefinedReferences)
  .use(noUnusedDefinitions)
  .use(noEmptyUrl)
  .use(linkRefused)
  .use(headingEmpty)
  .use(sectionEmpty)
  .use(placeholderLeft)
  .use(markersMissing)
  .use(personNames)
  .freeze();

/**
 * remark-lint's rules, by id: they report in their own words, which their modules
 * (src/diagnostics/rules/<id>.ts) pass on.
 */
const REMARK_LINT_RULES = new Map([headingIncrementRule, noDuplicateHeadingsRule, noHeadingContentIndentRule, listItemBulletIndentRule, noBlockquoteWithoutMarkerRule, noUndefinedReferencesRule, noUnusedDefinitionsRule, noEmptyUrlRule].map((rule) => [rule.id as string, rule]));

export function lintReflection({ file, body, bodyStartLine, status }: LintInput, severities: Severities): Diagnostic[] {
  // portfolio.yaml's `lint:` may set a rule's severity; else the registry's.
  const withSeverity = (found: Diagnostic): Diagnostic[] => {
    const severity = severities.get(found.rule) ?? found.severity;
    return severity === "off" ? [] : [{ ...found, severity }];
  };
  const tooComplex = (line: number, facts: TooComplex) => withSeverity(finding(file, markdownTooComplex, { line, column: 1 }, facts));
  // remark slows down steeply with nesting (seconds at a few thousand levels) and then
  // overflows the stack; markdown-it stops nesting at 100, so the pages do not show more.
  const deepest = deepestNesting(body);
  if (deepest.depth > MAX_NESTING) return tooComplex(bodyStartLine + deepest.line, { kind: "nested", depth: deepest.depth, limit: MAX_NESTING });
  const vfile = new VFile({ value: defuseAttention(body), data: { status } });
  try {
    processor.runSync(processor.parse(vfile), vfile);
  } catch (error) {
    // Nesting built up over many lines can still overflow remark's recursion: a finding
    // about the file, not a crash of the whole check.
    if (error instanceof RangeError) return tooComplex(bodyStartLine, { kind: "overflow" });
    // remark-lint stops at a `<!--lint ...-->` comment it cannot read (`<!--lint off-->`).
    const stopped = error as { fatal?: boolean; line?: number; column?: number };
    if (stopped.fatal === true && stopped.line) {
      const comment = /<!--\s*lint\s+(\S*?)(?:\s|-->)/.exec(body.split("\n")[stopped.line - 1] ?? "");
      const at = { line: stopped.line + bodyStartLine - 1, column: comment ? comment.index + 1 : (stopped.column ?? 1) };
      return withSeverity(finding(file, lintCommentInvalid, at, { keyword: comment?.[1] ?? "" }));
    }
    throw error;
  }
  return vfile.messages.flatMap((message) => {
    const at: Position = { line: (message.line ?? 1) + bodyStartLine - 1, column: message.column ?? 1 };
    const own = reportedFinding(message);
    if (own) return withSeverity(own(file, at));
    const rule = REMARK_LINT_RULES.get(message.ruleId ?? "");
    if (!rule) throw new Error(`The lint reported \`${message.ruleId}\`, which has no module in src/diagnostics/rules/`);
    return withSeverity(finding(file, rule, at, { reason: message.reason.replace(/\.$/, "") }));
  });
}

/**
 * remark's parser (micromark) matches emphasis by searching back from each closing `*` or
 * `_` for its opener, so a paragraph of thousands of unmatched ones (`a* ` 20,000 times)
 * takes seconds and hundreds of megabytes. No lint rule looks at emphasis: in a paragraph
 * with more than this many runs of `*` or `_`, they are read as spaces (the same length,
 * so every position stays; code, link addresses and list bullets are left as written).
 */
const MAX_ATTENTION_RUNS = 500;

function defuseAttention(body: string): string {
  if (!/[*_][^*_]*[*_]/.test(body)) return body;
  return body.replace(/(^|\n[ \t]*\n)([\s\S]*?)(?=\n[ \t]*\n|$)/g, (whole, gap: string, paragraph: string) => {
    if ((paragraph.match(/[*_]+/g)?.length ?? 0) <= MAX_ATTENTION_RUNS) return whole;
    return gap + paragraph.replace(/(`+)[\s\S]*?\1|\]\([^)\n]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|^[ \t]*(?:[*_][ \t]*){3,}$|^[ \t]*[*+-](?=[ \t])|[*_]+/gm, (match) => (/^[*_]+$/.test(match) ? " ".repeat(match.length) : match));
  });
}

const MAX_NESTING = 100;
/** Quote and list markers at the start of a line, each one a level of nesting. */
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])(?=[ \t]|$))+/;
const MARKER = />|[-*+]|\d{1,9}[.)]/g;

/** The deepest nesting of quotes and list items opened on one line, and that line (0-based). */
function deepestNesting(body: string): { depth: number; line: number } {
  let deepest = { depth: 0, line: 0 };
  body.split("\n").forEach((text, line) => {
    const prefix = CONTAINERS.exec(text)?.[0];
    if (!prefix) return;
    const depth = prefix.match(MARKER)!.length;
    if (depth > deepest.depth) deepest = { depth, line };
  });
  return deepest;
}

