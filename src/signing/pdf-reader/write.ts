import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfValue } from "./objects.ts";

/**
 * A value written back as PDF syntax, for the objects an incremental update rewrites
 * (a page gaining a widget, the form gaining a field). Strings are written in hex, so
 * no byte in them can be mistaken for syntax.
 */
export function writeValue(value: PdfValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/\.?0+$/, "");
  if (value instanceof PdfName) return `/${[...value.name].map((c) => (/[!-~]/.test(c) && !/[#()<>[\]{}/%]/.test(c) ? c : `#${c.charCodeAt(0).toString(16).padStart(2, "0")}`)).join("")}`;
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfString) return `<${Buffer.from(value.bytes).toString("hex")}>`;
  if (Array.isArray(value)) return `[${value.map(writeValue).join(" ")}]`;
  if (value instanceof PdfStream) throw new Error("a stream cannot be written back as a direct value");
  if (value instanceof PdfDict) return `<<${[...value.entries].map(([k, v]) => `${writeValue(new PdfName(k))} ${writeValue(v)}`).join(" ")}>>`;
  throw new Error("unknown PDF value");
}

/** A copy of a dictionary with some entries set. */
export function withEntries(dict: PdfDict, entries: Record<string, PdfValue>): PdfDict {
  return new PdfDict(new Map([...dict.entries, ...Object.entries(entries)]));
}
