/**
 * Schemes that never become links or images. markdown-it hands over the URL already
 * percent-encoded (a tab becomes `%09`), and browsers ignore ASCII whitespace and control
 * characters inside a scheme (`java\tscript:`), so the URL is decoded and those characters
 * removed before the test. Its own module, so that the lint's workers need not load
 * markdown-it to use it.
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
