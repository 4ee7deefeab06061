import { UsageError } from "../errors.ts";
import type { PdfOptions } from "../pdf/render-pdf.ts";
import type { Edition } from "../privacy/final-pass.ts";
import { oneOf, type Io } from "./cli-io.ts";

export const pdfFlags = {
  paper: { type: "string" },
  edition: { type: "string" },
} as const;

export function editionOf(values: { edition?: string | undefined }): Edition {
  return oneOf("edition", values.edition, ["learner", "verifier"], "learner");
}

/** PDF options from flags and the environment (SOURCE_DATE_EPOCH, PORTFOLIO_REFLECTIONS_PER_PART). */
export function pdfOptions(values: { paper?: string | undefined }, io: Io, version: string): PdfOptions {
  const paper = oneOf("paper", values.paper?.toLowerCase(), ["a4", "letter"], "a4");
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && !/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not "${epoch}"`);
  const perPart = process.env.PORTFOLIO_REFLECTIONS_PER_PART;
  if (perPart !== undefined && !/^[1-9]\d*$/.test(perPart)) throw new UsageError(`PORTFOLIO_REFLECTIONS_PER_PART must be a whole number above 0, not "${perPart}"`);
  const started = performance.now();
  return {
    format: paper === "a4" ? "A4" : "Letter",
    sourceDateEpoch: epoch === undefined ? undefined : Number(epoch),
    version,
    ...(perPart ? { reflectionsPerPart: Number(perPart) } : {}),
    onProgress: (message) => io.err(`  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${message}`),
  };
}
