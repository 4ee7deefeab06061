import { parseFragment } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import { escapeHtml } from "../html/html.ts";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Elements a document's layout needs; anything else is unwrapped (its text kept) or, for scripts and styles, dropped. */
const KEPT = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "strong", "b", "em", "i", "u", "s", "sup", "sub", "br", "blockquote", "pre", "code", "a", "img", "dl", "dt", "dd", "hr", "span"]);
const DROPPED = new Set(["script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "link", "meta", "base", "form", "input", "button", "textarea", "select"]);
/** Headings move down two levels, under the appendix's own heading. */
const HEADING = /^h([1-6])$/;

/**
 * HTML made from a document (by mammoth, or from OpenDocument) rebuilt with parse5 from
 * an allow-list: layout elements only; text escaped; links only to web pages and mail
 * addresses; images only from `allowImage` sources; table cells' spans as numbers. It is
 * printed with JavaScript off and every request blocked besides, but it is never trusted.
 */
export function sanitizeHtml(html: string, allowImage: (src: string) => boolean): string {
  const out: string[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 200) return;
    if (node.nodeName === "#text") { out.push(escapeHtml((node as { value: string }).value)); return; }
    if (!("tagName" in node)) { for (const child of "childNodes" in node ? node.childNodes : []) visit(child, depth + 1); return; }
    const element = node as Element;
    const tag = element.tagName;
    if (DROPPED.has(tag)) return;
    const keep = KEPT.has(tag);
    const heading = HEADING.exec(tag);
    const name = heading ? `h${Math.min(6, Number(heading[1]) + 2)}` : tag;
    const attribute = (n: string) => element.attrs.find((a) => a.name === n)?.value;
    if (keep) {
      const attrs: string[] = [];
      if (tag === "a") {
        const href = attribute("href")?.trim();
        if (href && /^(https?:|mailto:)/i.test(href)) attrs.push(`href="${escapeHtml(href)}"`);
      } else if (tag === "img") {
        const src = attribute("src");
        if (!src || !allowImage(src)) { out.push(`<span class="evidence-image">[picture: ${escapeHtml(attribute("alt") || "not shown")}]</span>`); return; }
        attrs.push(`src="${escapeHtml(src)}"`, `alt="${escapeHtml(attribute("alt") ?? "")}"`);
      } else if (tag === "td" || tag === "th") {
        for (const span of ["colspan", "rowspan"]) {
          const value = Number(attribute(span));
          if (Number.isInteger(value) && value > 1 && value < 1000) attrs.push(`${span}="${value}"`);
        }
      }
      out.push(`<${name}${attrs.length ? ` ${attrs.join(" ")}` : ""}>`);
    }
    if (tag === "br" || tag === "img" || tag === "hr") return;
    for (const child of element.childNodes) visit(child, depth + 1);
    if (keep) out.push(`</${name}>`);
  };
  for (const child of parseFragment(html).childNodes) visit(child, 0);
  return out.join("");
}
