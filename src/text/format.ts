import { isCalendarDate } from "./iso-date.ts";

// One formatter each: toLocaleDateString builds a new one on every call, which cost a third
// of a second for a thousand reflections' pages. Made when first used: loading the locale
// data costs 15 ms, which a `check` that formats nothing need not pay at start-up.
let dateFormat: Intl.DateTimeFormat | undefined;
let countFormat: Intl.NumberFormat | undefined;

/** `2026-01-14` is a real date written YYYY-MM-DD; `2026-02-30`, `14/03/2026` and `` are not. */
export function isRealDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match !== null && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * `2026-01-14` → `14 January 2026`, the way the portfolio writes dates for people. Anything
 * else (the preview shows reflections whose date the check refuses) is returned as it is.
 */
export function formatDate(date: string): string {
  if (!isRealDate(date)) return date;
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  dateFormat ??= new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

/** A reflection's criteria by unit: `R/600/9587: 1.1, 1.2; J/506/1949: 3.4`. */
export function citationsText(citations: ReadonlyArray<{ urn: string; id: string }>): string {
  const byUnit = new Map<string, string[]>();
  for (const c of citations) byUnit.set(c.urn, [...(byUnit.get(c.urn) ?? []), c.id]);
  return [...byUnit].map(([urn, ids]) => `${urn}: ${ids.join(", ")}`).join("; ");
}

/** `page 7`, `pages 7, 9`: where to read, as a list of PDF pages. */
export function pagesText(pages: readonly number[]): string {
  return pages.length === 1 ? `page ${pages[0]}` : `pages ${pages.join(", ")}`;
}

/** `20000` → `20,000`. */
export function formatCount(n: number): string {
  countFormat ??= new Intl.NumberFormat("en-GB");
  return countFormat.format(n);
}

/**
 * Bytes as people read them: `740 bytes`, `2.8 KB`, `50.1 MB`, `612 MB`. Rounded down, so
 * a size just over a limit never reads as the limit itself rounded up.
 */
export function formatBytes(bytes: number, digits = 1): string {
  const scale = 10 ** digits;
  const down = (n: number) => Number((Math.floor(n * scale) / scale).toFixed(digits));
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${down(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return mb >= 100 && digits === 1 ? `${Math.floor(mb)} MB` : `${down(mb)} MB`;
}

/**
 * A size over a limit, with as many decimals as it takes to read as more than the limit:
 * "2.04 MB, more than the 2 MB", never "2 MB, more than the 2 MB".
 */
export function formatBytesOver(bytes: number, limit: number): string {
  for (const digits of [1, 2, 3]) {
    const shown = formatBytes(bytes, digits);
    if (shown !== formatBytes(limit, digits)) return shown;
  }
  return `${formatCount(bytes)} bytes`;
}

/** Letters for a 0-based index, as spreadsheets letter columns: 0 → A, 25 → Z, 26 → AA. */
export function letters(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** "sha256" → "SHA-256", as people write it; an OID stays as it is. */
export function hashLabel(name: string): string {
  return /^sha-?\d+$/i.test(name) ? `SHA-${name.replace(/^sha-?/i, "")}` : name;
}
