import { escapeHtml } from "../../html/html.ts";
import { entryText, unzip } from "../zip.ts";
import { walkXml } from "../xml.ts";

/** OpenDocument elements and the HTML that shows them; anything else passes its text through. */
const ELEMENTS: Readonly<Record<string, string>> = {
  "text:p": "p", "text:list": "ul", "text:list-item": "li", "table:table": "table", "table:table-row": "tr", "table:table-cell": "td", "text:note": "aside",
};

/**
 * An OpenDocument text (.odt) as HTML: headings at their outline level, paragraphs, lists,
 * tables and footnotes, from content.xml. Text is escaped as it is written; nothing from
 * the file becomes markup but these elements.
 */
export function odtHtml(bytes: Uint8Array): string {
  const content = entryText(unzip(bytes, (name) => name === "content.xml"), "content.xml") ?? "";
  const out: string[] = [];
  const stack: string[] = [];
  let inBody = false;
  walkXml(content, {
    open(name, attributes) {
      if (name === "office:text") inBody = true;
      if (!inBody) return;
      if (name === "text:h") {
        const level = Math.min(6, Math.max(1, Number(attributes["text:outline-level"] ?? 1)) + 2);
        stack.push(`h${level}`);
        out.push(`<h${level}>`);
      } else if (ELEMENTS[name]) {
        stack.push(ELEMENTS[name]!);
        out.push(`<${ELEMENTS[name]}>`);
      } else if (name === "text:s") {
        out.push(" ".repeat(Math.min(100, Number(attributes["text:c"] ?? 1) || 1)));
      } else if (name === "text:tab") {
        out.push(" ");
      } else if (name === "text:line-break") {
        out.push("<br>");
      } else if (name === "office:annotation") {
        // Comments are not part of the document's text as printed.
        stack.push("skip");
      } else {
        stack.push("");
      }
    },
    close(name) {
      if (name === "office:text") inBody = false;
      if (!inBody || name === "text:s" || name === "text:tab" || name === "text:line-break") return;
      const tag = stack.pop();
      if (tag && tag !== "skip") out.push(`</${tag}>`);
    },
    text(text) {
      if (inBody && !stack.includes("skip")) out.push(escapeHtml(text));
    },
  }, "content.xml");
  return out.join("");
}
