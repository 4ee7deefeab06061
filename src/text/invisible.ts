/**
 * Characters that show as nothing but make `1.1` a different id: zero-width spaces and
 * joiners, bidirectional controls (which can also make text read in another order than it
 * is stored), the soft hyphen and the byte order mark. They come in with text pasted from
 * web pages, PDFs and word processors.
 */
const NAMES: Record<number, string> = {
  0x00ad: "SOFT HYPHEN",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x2060: "WORD JOINER",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0xfeff: "ZERO WIDTH NO-BREAK SPACE",
};
/** One invisible character, as a character class for other patterns. */
export const INVISIBLE_CLASS = "[\\u00ad\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff]";
const INVISIBLE = new RegExp(INVISIBLE_CLASS);
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "g");

/** The first invisible character in the text, named as Unicode names it (`U+200B ZERO WIDTH SPACE`). */
export function invisibleIn(text: string): string | undefined {
  return invisibleAt(text)?.name;
}

/** The first invisible character in the text: its index and its name. */
export function invisibleAt(text: string): { index: number; name: string } | undefined {
  const match = INVISIBLE.exec(text);
  if (!match) return undefined;
  const point = match[0].codePointAt(0)!;
  return { index: match.index, name: `U+${point.toString(16).toUpperCase().padStart(4, "0")} ${NAMES[point]}` };
}

/** The text with each invisible character shown as `<U+200B>`, so a message can point at it. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** The text without its invisible characters. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, "");
}

/**
 * A file name as it can be shown on one line, as what it is: control characters (a line
 * break in a name) and invisible ones (a right-to-left override, which makes `rev<U+202E>dm.md`
 * show as `revmd.md`) written out as `<U+000A>`.
 */
export function showName(name: string): string {
  return showInvisible(name).replace(/[\u0000-\u001f\u007f]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** What in a file name makes it show as something it is not, named; undefined if nothing. */
export function misleadingInName(name: string): string | undefined {
  const control = /[\u0000-\u001f\u007f]/.exec(name);
  if (control) return control[0] === "\n" || control[0] === "\r" ? "a line break" : `a control character (U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")})`;
  const hidden = invisibleIn(name);
  return hidden && `an invisible character (${hidden})`;
}
