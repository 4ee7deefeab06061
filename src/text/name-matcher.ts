import { INVISIBLE_CLASS, invisibleIn, withoutInvisible } from "./invisible.ts";
import { escapeRegExp } from "./escape-regexp.ts";

/**
 * Finds any of many names in a text in one pass, whole words only (a name inside a longer
 * word is not that name). A regex per name would scan each text once per name: with a
 * register of 40 contacts and 5,000 reflections that was most of the check's time.
 */
export interface NameForm<K> {
  text: string;
  /** Any case (a full name) or exactly as written (a surname, which may be an ordinary word in lower case). */
  anyCase: boolean;
  key: K;
  /**
   * Found only so that a name inside it is not taken for another ("Imogen Quennell", who may
   * be named, is not the surname of Rafferty Quennell, who may not): never on its own a
   * reason to search a text. A name printed on every page need not send every page
   * through the whole-word patterns.
   */
  shadowOnly?: boolean;
}

export interface NameHit<K> {
  index: number;
  length: number;
  key: K;
}

/**
 * A name as a pattern: white space of any kind between words, and any invisible characters
 * between letters, so `Raff<U+00AD>erty` pasted from a web page is still the name.
 */
const escape = (s: string) => [...s].map((c) => (/\s/.test(c) ? "[\\s\\u00a0]+" : escapeRegExp(c))).join(`${INVISIBLE_CLASS}*`);
const WORD_BREAK = /[^\p{L}\p{N}]+/u;
const normal = (s: string, anyCase: boolean) => withoutInvisible(anyCase ? s.toLowerCase() : s).replace(/[\s\u00a0]+/g, " ").trim();

export class NameMatcher<K> {
  readonly #passes: Array<{ pattern: RegExp; keys: Map<string, K>; anyCase: boolean }> = [];
  /** The longest word of every name: a text with none of them holds no name. */
  readonly #anchors: RegExp | undefined;

  /** Forms earlier in the list win when two forms are the same text. */
  constructor(forms: ReadonlyArray<NameForm<K>>) {
    const anchors = new Set<string>();
    // Case-insensitive forms first: a full name is found before a surname inside it.
    for (const anyCase of [true, false]) {
      const keys = new Map<string, K>();
      for (const form of forms) {
        const text = normal(form.text, anyCase);
        if (form.anyCase === anyCase && text && !keys.has(text)) keys.set(text, form.key);
        // One word stands for the form: its longest, the least likely to be common.
        const anchor = withoutInvisible(form.text).split(WORD_BREAK).reduce((a, b) => (b.length > a.length ? b : a), "");
        if (anchor && !form.shadowOnly) anchors.add(anchor.toLowerCase());
      }
      if (keys.size === 0) continue;
      // Longest first, so that of two names where one starts the other the longer wins.
      const alternatives = [...keys.keys()].sort((a, b) => b.length - a.length).map(escape);
      this.#passes.push({ pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, anyCase ? "giu" : "gu"), keys, anyCase });
    }
    this.#anchors = anchors.size ? new RegExp([...anchors].map((a) => escapeRegExp(a)).join("|"), "iu") : undefined;
  }

  /**
   * Whether the text may hold a name: false when it does not contain any name's longest
   * word (shadows apart). One plain alternation, an order of magnitude cheaper than the whole-word
   * patterns, which then run only on the few texts that pass.
   */
  mayContain(text: string): boolean {
    if (!this.#anchors) return false;
    return this.#anchors.test(text) || (invisibleIn(text) !== undefined && this.#anchors.test(withoutInvisible(text)));
  }

  /** Every name in the text, in order; where two overlap, the one found first (a full name) wins. */
  find(text: string): Array<NameHit<K>> {
    const hits: Array<NameHit<K>> = [];
    if (!this.mayContain(text)) return hits;
    for (const { pattern, keys, anyCase } of this.#passes) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (hits.some((h) => start < h.index + h.length && h.index < end)) continue;
        hits.push({ index: start, length: match[0].length, key: keys.get(normal(match[0], anyCase))! });
      }
    }
    return hits.sort((a, b) => a.index - b.index);
  }

  /** Every key found in the text, once each. */
  keysIn(text: string): Set<K> {
    return new Set(this.find(text).map((h) => h.key));
  }
}
