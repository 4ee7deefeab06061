/** A word as a shell reads it: quoted when it holds anything but plain path characters. */
export function shellWord(word: string): string {
  return /^[\w./@:+-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`;
}
