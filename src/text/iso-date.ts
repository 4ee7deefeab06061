/** Whether year, month (1-12) and day make a date on the calendar (no 30 February). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `Sept`, `September`, `sep.` → 9. */
function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, "");
  const index = MONTHS.findIndex((m) => w.startsWith(m) && (w.length <= 4 || "january february march april may june july august september october november december".split(" ").some((full) => full.startsWith(w))));
  return index === -1 ? undefined : index + 1;
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/**
 * A date written another way, as a learner in the UK writes it, turned round into
 * YYYY-MM-DD: `14/03/2026`, `14.3.26`, `30 Sept 2026`, `14th March 2026`, `March 14, 2026`,
 * `2026/03/14`. Numbers are read day first, as in the UK. Undefined when it reads as no
 * real date.
 */
export function asIsoDate(written: string): string | undefined {
  const text = written.trim();
  let match = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(text);
  if (match) return real(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(text);
  if (match) return real(fullYear(match[3]!), Number(match[2]), Number(match[1]));
  match = /^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+\.?),?\s+(\d{4})$/.exec(text);
  if (match) return real(Number(match[3]), monthNumber(match[2]!), Number(match[1]));
  match = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(text);
  if (match) return real(Number(match[3]), monthNumber(match[1]!), Number(match[2]));
  return undefined;
}

function real(year: number, month: number | undefined, day: number): string | undefined {
  return month !== undefined && isCalendarDate(year, month, day) ? iso(year, month, day) : undefined;
}
