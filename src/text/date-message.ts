import { asIsoDate } from "./iso-date.ts";
import { code } from "./suggest.ts";

/** What is wrong with a date, with the learner's own date turned round where it can be read. */
export function dateMessage(written: string, laidOutRight: boolean): string {
  if (laidOutRight) return `${code(written)} is not a real date; check the day and month (YYYY-MM-DD)`;
  const turned = asIsoDate(written);
  return turned
    ? `Date ${code(written)} should be written YYYY-MM-DD: ${code(turned)}`
    : `Date ${code(written)} should be written YYYY-MM-DD, year first, such as ${code("2026-03-14")} for 14 March 2026`;
}
