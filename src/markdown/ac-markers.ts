import type MarkdownIt from "markdown-it";
import type { StateCore } from "./markdown-types.ts";
import { INVISIBLE_CLASS } from "../text/invisible.ts";

/**
 * AC markers: `{ac=1.2}` at the end of a paragraph or heading says "this is where
 * criterion 1.2 is addressed". Several: `{ac=1.2,2.1}`. Qualified by unit where the
 * reflection cites the same id for two units: `{ac=R/600/9587:1.2}`.
 *
 * Per-document state lives in `env.acMarkers` (as markdown-it-footnote keeps its state in
 * env); the loader resolves each marker's unit and anchor before rendering. The badge is
 * rendered by `md.renderer.rules.ac_marker`, which users can override.
 */
export interface AcMarker {
  /** The unit as written in the marker, if qualified. */
  writtenUrn: string | undefined;
  id: string;
  /** 1-based, in the Markdown source the parser was given (the body). */
  line: number;
  column: number;
  /** Set by the loader: the unit it evidences, and the badge's anchor and link. */
  urn?: string | undefined;
  anchor?: string;
  href?: string | undefined;
  /** Show the unit on the badge (the reflection cites several units). */
  showUnit?: boolean;
}

/** Text that looks like a marker but is not one (mid-paragraph, or ids that cannot be read). */
export interface MisplacedMarker {
  line: number;
  column: number;
  text: string;
  reason: "not-at-end" | "unreadable";
}

export interface AcMarkerEnv {
  acMarkers?: AcMarker[];
  acMarkerProblems?: MisplacedMarker[];
}

// An invisible character after the marker changes nothing, so the marker is still at the end.
const TRAILING_MARKER = new RegExp(`[ \\t]*\\{ac=([^{}\\n]*)\\}(?:[ \\t]|${INVISIBLE_CLASS})*$`);
const ID = /^(?:([A-Za-z]\/\d{3}\/\d{4}):)?(\d+(?:\.\d+)*)$/;
/** Every marker starts so; inline content without it cannot hold one. */
export const MARKER_OPENER = "{ac=";
const OPENER = MARKER_OPENER;

function acMarkerRule(state: StateCore): void {
  const env = state.env as AcMarkerEnv;
  const markers = (env.acMarkers ??= []);
  const problems = (env.acMarkerProblems ??= []);
  let sourceLines: string[] | undefined;
  const lines = () => (sourceLines ??= state.src.split("\n"));
  const tokens = state.tokens;

  for (let i = 1; i < tokens.length; i++) {
    const inline = tokens[i]!;
    const open = tokens[i - 1]!;
    if (inline.type !== "inline" || !inline.children || !open.map) continue;
    const markable = open.type === "paragraph_open" || open.type === "heading_open";
    const children = inline.children;
    const last = children.at(-1);
    const match = markable && last?.type === "text" ? TRAILING_MARKER.exec(last.content) : null;

    if (match && last) {
      const where = locate(lines(), open.map, OPENER);
      const list = match[1]!;
      const found: AcMarker[] = [];
      let unreadable = false;
      for (const part of splitWithOffsets(list)) {
        const id = ID.exec(part.text);
        if (!id) { unreadable = true; continue; }
        found.push({ writtenUrn: id[1]?.toUpperCase(), id: id[2]!, line: where.line, column: where.column + OPENER.length + part.offset });
      }
      if (unreadable || found.length === 0) {
        problems.push({ ...where, text: `{ac=${list}}`, reason: "unreadable" });
        continue;
      }
      last.content = last.content.slice(0, match.index);
      for (const marker of found) {
        const badge = new state.Token("ac_marker", "", 0);
        badge.meta = { marker };
        children.push(badge);
        markers.push(marker);
      }
    }
    // Anything still reading `{ac=` was not at the end of a paragraph or heading.
    if (children.some((child) => child.type === "text" && child.content.includes(OPENER))) {
      const where = locate(lines(), open.map, OPENER);
      problems.push({ ...where, text: OPENER, reason: "not-at-end" });
    }
  }
}

/** The last place `needle` is written within a block's lines (from the token map). */
function locate(lines: readonly string[], map: [number, number], needle: string): { line: number; column: number } {
  for (let l = map[1] - 1; l >= map[0]; l--) {
    const column = lines[l]?.lastIndexOf(needle) ?? -1;
    if (column !== -1) return { line: l + 1, column: column + 1 };
  }
  return { line: map[0] + 1, column: 1 };
}

function splitWithOffsets(list: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  const re = /[^,\s]+/g;
  for (let m = re.exec(list); m; m = re.exec(list)) parts.push({ text: m[0], offset: m.index });
  return parts;
}

export function acMarkersPlugin(md: MarkdownIt): void {
  const escape = md.utils.escapeHtml;

  md.renderer.rules.ac_marker = (tokens, idx) => {
    const marker = tokens[idx]!.meta.marker as AcMarker;
    const label = `${marker.showUnit && marker.urn ? `${marker.urn} ` : ""}${marker.id}`;
    const id = marker.anchor ? ` id="${escape(marker.anchor)}"` : "";
    const text = `<span class="visually-hidden">Evidence for criterion </span>AC ${escape(label)}`;
    return marker.href
      ? ` <a class="ac-badge"${id} href="${escape(marker.href)}">${text}</a>`
      : ` <span class="ac-badge ac-badge--unknown"${id}>${text}</span>`;
  };

  md.core.ruler.after("inline", "ac_markers", acMarkerRule);
}
