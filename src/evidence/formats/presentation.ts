import { EvidenceReadError, type EvidenceText, type Passage } from "../evidence.ts";
import { entryText, unzip } from "../zip.ts";
import { localName, walkXml } from "../xml.ts";
import { propertiesOf, sweepParts } from "./office-xml.ts";
import type { Slide } from "./opendocument.ts";
import { relationships } from "./spreadsheet.ts";

/** A PowerPoint presentation's slides in order, each paragraph of text, with its speaker notes. */
export function readSlides(bytes: Uint8Array): Slide[] {
  return slidesOf(unzip(bytes, (name) => /\.(xml|rels)$/i.test(name)));
}

function slidesOf(entries: ReadonlyMap<string, Uint8Array>): Slide[] {
  const presentation = entryText(entries, "ppt/presentation.xml");
  if (presentation === undefined) throw new EvidenceReadError("it is not a PowerPoint presentation (it has no ppt/presentation.xml); it may be another kind of file renamed");
  const ids: string[] = [];
  walkXml(presentation, {
    open(name, a) {
      if (localName(name) === "sldId" && a["r:id"]) ids.push(a["r:id"]);
    },
  }, "ppt/presentation.xml");
  const targets = relationships(entryText(entries, "ppt/_rels/presentation.xml.rels"), "ppt/");
  return ids.flatMap((id) => {
    const part = targets.get(id);
    const xml = part ? entryText(entries, part) : undefined;
    if (!part || xml === undefined) return [];
    const { lines, title, pictures } = shapesText(xml, part);
    const folder = part.slice(0, part.lastIndexOf("/") + 1);
    const rels = relationships(entryText(entries, `${folder}_rels/${part.slice(folder.length)}.rels`), folder);
    const notesPart = [...rels.values()].find((target) => /notesSlides\/[^/]+\.xml$/.test(target));
    const notesXml = notesPart ? entryText(entries, notesPart) : undefined;
    return [{ title, lines, notes: notesXml ? shapesText(notesXml, notesPart!, true).lines : [], pictures }];
  });
}

/** The paragraphs of a slide's shapes, and its title (the title placeholder's text); for notes, without the slide image and number. */
function shapesText(xml: string, part: string, notes = false): { lines: string[]; title: string; pictures: number } {
  const lines: string[] = [];
  let title = "";
  let pictures = 0;
  let paragraph: string[] | undefined;
  let inText = false;
  let placeholder = "";
  walkXml(xml, {
    open(name, a) {
      const local = localName(name);
      if (local === "sp") placeholder = "";
      else if (local === "pic" || local === "graphicFrame") pictures++;
      else if (local === "ph") placeholder = a.type ?? "body";
      else if (name === "a:p") paragraph = [];
      else if (name === "a:t") inText = true;
      else if (paragraph && name === "a:br") paragraph.push(" ");
    },
    close(name) {
      if (name === "a:t") inText = false;
      else if (name === "a:p" && paragraph) {
        const text = paragraph.join("");
        const skip = notes && (placeholder === "sldNum" || placeholder === "sldImg");
        if (text.trim() && !skip) {
          lines.push(text);
          if (!title && (placeholder === "title" || placeholder === "ctrTitle")) title = text;
        }
        paragraph = undefined;
      }
    },
    text(text) {
      if (inText) paragraph?.push(text);
    },
  }, part);
  return { lines, title, pictures };
}

/** A PowerPoint presentation (.pptx) by slide, speaker notes, comments and properties. */
export function readPresentation(bytes: Uint8Array): EvidenceText {
  const entries = unzip(bytes, (name) => /\.(xml|rels)$/i.test(name));
  const passages: Passage[] = [];
  slidesOf(entries).forEach((slide, i) => {
    for (const line of slide.lines) passages.push({ text: line, place: { kind: "slide", slide: i + 1 } });
    for (const line of slide.notes) passages.push({ text: line, place: { kind: "slide", slide: i + 1, detail: "speaker notes" } });
  });
  // Slides and notes were read above; layouts and masters hold placeholders' prompts, not the learner's text.
  passages.push(...sweepParts(entries, (name) => /^ppt\/(slides|notesSlides|slideLayouts|slideMasters|notesMasters|handoutMasters)\/|^ppt\/presentation\.xml$/.test(name)), ...propertiesOf(entries));
  return { format: "presentation", passages };
}
