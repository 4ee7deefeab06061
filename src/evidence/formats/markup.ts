import { parse } from "parse5";
import type { DefaultTreeAdapterMap } from "parse5";
import { decodeAnyText } from "../decode-any-text.ts";
import type { EvidenceText, Passage } from "../evidence.ts";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Attributes whose values a reader sees or hears: titles, alt text, labels, a page's metadata, mail links. */
const READ_ATTRIBUTES = new Set(["title", "alt", "aria-label", "aria-description", "value", "placeholder", "label", "summary", "inkscape:label", "sodipodi:docname"]);

/**
 * A saved web page or an SVG drawing, parsed with parse5 (the HTML standard's parsing,
 * SVG included, as a browser does it, so markup that is not well formed is read as a
 * browser shows it): every text node, scripts and styles included since the file is
 * shared as it is, and the attributes that hold text, each at its line and column.
 */
export function readMarkup(bytes: Uint8Array, format: "web page" | "drawing"): EvidenceText {
  const text = decodeAnyText(bytes);
  const passages: Passage[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 512) return;
    const location = node.sourceCodeLocation;
    if (node.nodeName === "#text" || node.nodeName === "#comment") {
      const value = "value" in node ? node.value : (node as { data: string }).data;
      if (value.trim() && location) passages.push({ text: value, place: { kind: "line", line: location.startLine, column: location.startCol + (node.nodeName === "#comment" ? 4 : 0) } });
      return;
    }
    if ("attrs" in node) {
      for (const attribute of (node as Element).attrs) {
        const name = attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name;
        const mail = name === "href" && /^\s*mailto:/i.test(attribute.value);
        // A page's metadata (<meta name="author" content="...">); elsewhere `content` holds data (draw.io keeps its whole diagram there).
        const meta = name === "content" && node.nodeName === "meta";
        if (!READ_ATTRIBUTES.has(name) && !mail && !meta) continue;
        const at = location && "attrs" in location ? location.attrs?.[attribute.name] : undefined;
        if (attribute.value.trim() && at) passages.push({ text: attribute.value, place: { kind: "line", line: at.startLine, column: at.startCol + name.length + 2 } });
      }
    }
    const children = "content" in node && node.nodeName === "template" ? (node as Element & { content: { childNodes: Node[] } }).content.childNodes : "childNodes" in node ? node.childNodes : [];
    for (const child of children) visit(child, depth + 1);
  };
  visit(parse(text, { sourceCodeLocationInfo: true, scriptingEnabled: false }) as unknown as Node, 0);
  return { format, passages };
}

const BLOCK = /^(p|div|br|li|tr|h[1-6]|table|ul|ol|blockquote|pre|section|article|header|footer|dt|dd)$/;

/** The text a browser would show of an HTML document or fragment: no scripts or styles, a line per block. */
export function htmlText(html: string): string {
  const out: string[] = [];
  const visit = (node: Node, depth: number) => {
    if (depth > 512) return;
    if (node.nodeName === "#text") { out.push((node as { value: string }).value); return; }
    if (node.nodeName === "script" || node.nodeName === "style" || node.nodeName === "head") return;
    for (const child of "childNodes" in node ? node.childNodes : []) visit(child, depth + 1);
    if (BLOCK.test(node.nodeName)) out.push("\n");
  };
  visit(parse(html, { scriptingEnabled: false }) as unknown as Node, 0);
  return out.join("").replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}
