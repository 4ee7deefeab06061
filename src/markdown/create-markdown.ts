import MarkdownIt from "markdown-it";
import { acMarkersPlugin } from "./ac-markers.ts";

/**
 * Schemes that never become links or images. markdown-it hands over the URL already
 * percent-encoded (a tab becomes `%09`), and browsers ignore ASCII whitespace and control
 * characters inside a scheme (`java\tscript:`), so the URL is decoded and those characters
 * removed before the test.
 */
const REFUSED_SCHEMES = /^(?:javascript|vbscript|data|file):/;

export function isSafeUrl(url: string): boolean {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // Not valid percent-encoding: test it as written.
  }
  return ![url, decoded].some((candidate) => REFUSED_SCHEMES.test(candidate.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase()));
}

/**
 * The Markdown renderer for learners' reflections: CommonMark plus tables and AC markers.
 * Raw HTML is escaped (shown as text), so no script, iframe or event handler can get in;
 * `javascript:`, `data:` and `file:` links stay plain text in inline links, autolinks and
 * reference definitions alike, since markdown-it asks validateLink for each of them.
 */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt("default", { html: false, linkify: true, typographer: false });
  md.validateLink = isSafeUrl;
  md.use(acMarkersPlugin);
  return md;
}
