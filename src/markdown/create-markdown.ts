import { createRequire } from "node:module";
import type MarkdownItType from "markdown-it";

/**
 * markdown-it's single-file CommonJS build: its ES modules are 53 files, which took twice
 * as long to load at every start of `check` (47 ms against 25 ms).
 */
const MarkdownIt = createRequire(import.meta.url)("markdown-it") as typeof MarkdownItType;
type MarkdownIt = MarkdownItType;
import { acMarkersPlugin, MARKER_OPENER } from "./ac-markers.ts";
import { contactsPlugin, nameMatcher, type ContactEnv } from "./contacts.ts";
import type { StateCore } from "./markdown-types.ts";
import { isSafeUrl } from "./safe-url.ts";
import { tableRegionsPlugin } from "./table-regions.ts";

export interface MarkdownOptions {
  /**
   * Whether the output will be rendered. When only markers are wanted (the check), bare
   * URLs are not linkified and only inline content that can hold a marker is parsed: the
   * markers found are the same, at a fraction of the cost.
   */
  render?: boolean;
}

/**
 * The Markdown renderer for learners' reflections: CommonMark plus tables and AC markers.
 * Raw HTML is escaped (shown as text), so no script, iframe or event handler can get in;
 * `javascript:`, `data:` and `file:` links stay plain text in inline links, autolinks and
 * reference definitions alike, since markdown-it asks validateLink for each of them.
 */
export function createMarkdown(options: MarkdownOptions = {}): MarkdownIt {
  const render = options.render ?? true;
  const md = new MarkdownIt("default", { html: false, linkify: render, typographer: false });
  md.validateLink = isSafeUrl;
  if (!render) md.core.ruler.at("inline", parseInlineWithMarkersOnly);
  md.use(acMarkersPlugin);
  md.use(contactsPlugin);
  md.use(tableRegionsPlugin);
  return md;
}

/**
 * markdown-it's own `inline` core rule, restricted to inline content that can hold
 * something the check looks for: a marker, a contact reference or email (`@`), a phone
 * number (a run of digits), or a contact's name.
 */
function parseInlineWithMarkersOnly(state: StateCore): void {
  const env = state.env as ContactEnv;
  const names = env.contacts?.size ? nameMatcher(env.contacts) : undefined;
  for (const token of state.tokens) {
    if (token.type !== "inline") continue;
    const content = token.content;
    if (content.includes(MARKER_OPENER) || content.includes("@") || /\d[\d\s-]{8,}/.test(content) || names?.mayContain(content)) {
      state.md.inline.parse(content, state.md, state.env, token.children ?? (token.children = []));
    }
  }
}

/** The images a body shows, with the 1-based body line of the block each is in. */
export function imagesIn(md: MarkdownIt, body: string): Array<{ src: string; line: number }> {
  const images: Array<{ src: string; line: number }> = [];
  for (const block of md.parse(body, {})) {
    for (const token of block.children ?? []) {
      if (token.type === "image" && block.map) images.push({ src: token.attrGet("src") ?? "", line: block.map[0] + 1 });
    }
  }
  return images;
}
