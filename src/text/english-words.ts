import { readFileSync } from "node:fs";
import wordListPath from "word-list";

let words: string | undefined;

/**
 * Whether a lower-case word is an ordinary English word: word-list (some 274,000 words from
 * SCOWL, British spellings among them, one a line in sorted order), searched by halving.
 * Read on first use, in a few milliseconds.
 */
export function isEnglishWord(word: string): boolean {
  words ??= readFileSync(wordListPath, "utf8");
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = words.lastIndexOf("\n", middle - 1) + 1;
    let end = words.indexOf("\n", start);
    if (end === -1) end = words.length;
    const line = words.slice(start, end);
    if (line === word) return true;
    if (line < word) low = end + 1;
    else high = start;
  }
  return false;
}
