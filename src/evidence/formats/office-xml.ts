import type { Passage } from "../evidence.ts";
import { entryText } from "../zip.ts";
import { localName, walkXml } from "../xml.ts";
import { htmlText } from "./markup.ts";

/**
 * What Office Open XML (Word, Excel, PowerPoint) and OpenDocument files share: text in
 * paragraphs of runs, document properties, and parts that no format-specific reader
 * covers (headers, footnotes, comments, text boxes), which are swept so that no text in
 * the file goes unread.
 */

/** Elements whose text is the document's: Word's runs (and deleted runs, kept in the file), DrawingML's, OpenDocument's. */
const PARAGRAPH = new Set(["w:p", "a:p", "text:p", "text:h"]);
const TEXT = new Set(["w:t", "w:delText", "w:instrText", "a:t", "a:fld"]);
const TAB = new Set(["w:tab", "text:tab"]);
const BREAK = new Set(["w:br", "w:cr", "a:br", "text:line-break"]);

export interface Paragraph {
  text: string;
  /** Attributes naming people on the way (`w:author` of a tracked change or comment). */
  authors: string[];
  /** An image's description and title (its alt text), which a screen reader reads out. */
  labels: string[];
}

/**
 * The paragraphs of an XML part in the order they start, each with its text. A paragraph
 * inside another (a text box, a footnote in OpenDocument) is a paragraph of its own.
 * OpenDocument's text is every text node inside a paragraph; Office's is in its run elements.
 */
export function paragraphsOf(xml: string, part: string): Paragraph[] {
  const done: Paragraph[] = [];
  const open: Array<{ at: number; text: string[]; authors: string[]; labels: string[]; direct: boolean }> = [];
  let order = 0;
  const starts = new Map<Paragraph, number>();
  let inText = 0;
  walkXml(
    xml,
    {
      open(name, attributes) {
        // OpenDocument puts text straight in its paragraphs; Office only inside run elements.
        if (PARAGRAPH.has(name)) open.push({ at: order++, text: [], authors: [], labels: [], direct: name.startsWith("text:") });
        const current = open.at(-1);
        if (TEXT.has(name)) inText++;
        if (!current) return;
        if (TAB.has(name)) current.text.push("\t");
        else if (BREAK.has(name)) current.text.push("\n");
        else if (name === "text:s") current.text.push(" ".repeat(Math.min(1000, Number(attributes["text:c"] ?? 1) || 1)));
        for (const [key, value] of Object.entries(attributes)) {
          if (!value.trim()) continue;
          if (localName(key) === "author") current.authors.push(value);
          else if ((localName(key) === "descr" || localName(key) === "title") && localName(name) === "docPr") current.labels.push(value);
        }
      },
      close(name) {
        if (TEXT.has(name)) inText--;
        if (!PARAGRAPH.has(name)) return;
        const paragraph = open.pop();
        if (!paragraph) return;
        const result = { text: paragraph.text.join(""), authors: paragraph.authors, labels: paragraph.labels };
        starts.set(result, paragraph.at);
        done.push(result);
      },
      text(text) {
        const current = open.at(-1);
        if (current && (inText > 0 || current.direct)) current.text.push(text);
      },
    },
    part,
  );
  return done.sort((a, b) => starts.get(a)! - starts.get(b)!);
}

/** Document properties of an Office file (docProps/) or an OpenDocument file (meta.xml). */
export function propertiesOf(entries: ReadonlyMap<string, Uint8Array>): Passage[] {
  const passages: Passage[] = [];
  const read = (part: string, fields: Readonly<Record<string, string>>) => {
    const xml = entryText(entries, part);
    if (!xml?.trim()) return;
    let field: string | undefined;
    let custom: string | undefined;
    walkXml(
      xml,
      {
        open(name, attributes) {
          field = fields[name] ?? (name === "property" || name === "meta:user-defined" ? (custom = attributes.name ?? attributes["meta:name"]) : undefined);
        },
        close() {
          field = undefined;
        },
        text(text) {
          if (field && text.trim()) passages.push({ text, place: { kind: "metadata", of: "document properties", field: custom ?? field } });
        },
      },
      part,
    );
  };
  const parts: Array<[string, Readonly<Record<string, string>>]> = [
    ["docProps/core.xml", CORE_FIELDS],
    ["docProps/app.xml", { Company: "Company", Manager: "Manager" }],
    ["docProps/custom.xml", { "vt:lpwstr": "custom", "vt:lpstr": "custom" }],
    ["meta.xml", CORE_FIELDS],
  ];
  for (const [part, fields] of parts) {
    try {
      read(part, fields);
    } catch {
      // Damaged properties are searched as text.
      passages.push({ text: (entryText(entries, part) ?? "").replace(/<[^>]*>/g, " "), place: { kind: "metadata", of: "document properties", field: part } });
    }
  }
  return passages;
}

const CORE_FIELDS: Readonly<Record<string, string>> = {
  "dc:title": "Title",
  "dc:subject": "Subject",
  "dc:creator": "Author",
  "meta:initial-creator": "Author",
  "cp:keywords": "Keywords",
  "meta:keyword": "Keywords",
  "dc:description": "Comments",
  "cp:lastModifiedBy": "Last modified by",
  "cp:category": "Category",
};

/**
 * The text of every XML part that `covered` does not read, a passage per paragraph (or
 * one for a part without paragraphs), placed by what the part is: a header, comments.
 */
export function sweepParts(entries: ReadonlyMap<string, Uint8Array>, covered: (name: string) => boolean): Passage[] {
  const passages: Passage[] = [];
  for (const [name, bytes] of entries) {
    if (/\.(html?|txt)$/i.test(name) && !covered(name)) {
      // Content embedded as a web page or text (Word's "alternative format" chunks).
      const text = new TextDecoder().decode(bytes);
      passages.push({ text: /\.txt$/i.test(name) ? text : htmlText(text), place: { kind: "part", part: `part ${name}` } });
      continue;
    }
    if (!/\.xml$/i.test(name) || covered(name) || NOT_TEXT.test(name)) continue;
    const xml = new TextDecoder().decode(bytes);
    if (!xml.trim()) continue;
    const part = partName(name);
    let found: Paragraph[];
    try {
      found = paragraphsOf(xml, name);
    } catch {
      // A damaged part besides the document's own (a toolbar's settings) is searched as text.
      passages.push({ text: xml.replace(/<[^>]*>/g, " "), place: { kind: "part", part } });
      continue;
    }
    for (const p of found) {
      if (p.text.trim()) passages.push({ text: p.text, place: { kind: "part", part } });
      for (const author of p.authors) passages.push({ text: author, place: { kind: "metadata", of: part, field: "author" } });
      for (const label of p.labels) passages.push({ text: label, place: { kind: "part", part: `${part}, an image's description` } });
    }
    // Text outside paragraphs (comments in a spreadsheet, a chart's title) and attributes naming people.
    const loose: string[] = [];
    walkXml(xml, {
      open(element, attributes) {
        for (const [key, value] of Object.entries(attributes)) {
          const attribute = localName(key);
          if (value.trim() && (PEOPLE_ATTRIBUTES.has(attribute) || (attribute === "name" && PEOPLE_ELEMENTS.has(localName(element))))) loose.push(value);
        }
      },
      text(text) {
        if (found.length === 0 && text.trim()) loose.push(text);
      },
    }, name);
    if (loose.length) passages.push({ text: loose.join("\n"), place: { kind: "part", part } });
  }
  return passages;
}

/** Parts that hold no text of the document: relationships, fonts, themes, Office's style sheets (not OpenDocument's, which hold headers). */
const NOT_TEXT = /(^|\/)(_rels\/|\[Content_Types\]|fontTable\.xml|settings\.xml|webSettings\.xml|theme\/|numbering\.xml|(word|xl|ppt)\/styles\.xml|tableStyles\.xml|presProps\.xml|viewProps\.xml|manifest\.xml)|^docProps\/|^meta\.xml$/i;
const PEOPLE_ATTRIBUTES = new Set(["author", "initials", "userId"]);
/** Elements whose `name` is a person's: PowerPoint's comment authors, Word's reviewers. */
const PEOPLE_ELEMENTS = new Set(["cmAuthor", "person", "author"]);

/** What a learner would call a part of an Office or OpenDocument file. */
function partName(name: string): string {
  const base = name.split("/").at(-1)!.replace(/\d*\.xml$/i, "").toLowerCase();
  const known: Record<string, string> = {
    header: "a page header", footer: "a page footer", footnotes: "footnotes", endnotes: "endnotes",
    comments: "comments", commentsextended: "comments", commentsextensible: "comments", commentsids: "comments",
    people: "reviewers' names", styles: "page styles (headers and footers)", settings: "settings",
    chart: "a chart", drawing: "a drawing", notesslide: "speaker notes", commentauthors: "comment authors",
    threadedcomment: "comments", person: "reviewers' names", vmldrawing: "a drawing",
  };
  return known[base] ?? `part ${name}`;
}
