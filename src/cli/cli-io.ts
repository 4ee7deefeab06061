import { parseArgs, type ParseArgsConfig } from "node:util";
import { PortfolioError, UsageError } from "../errors.ts";
import type { LoadRenderer } from "../site/site-renderer.ts";

/** Where a command writes: stdout for its result, stderr for progress and findings. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Colour findings (stderr or stdout is a terminal and NO_COLOR is not set). */
  color: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== "dumb",
};

/**
 * What the command line is handed by whoever starts it (bin/portfolio.js): the site
 * renderer, so the core never imports the site generator.
 */
export interface Tools {
  site: LoadRenderer;
}

/** Exit codes: 0 fine, 1 the content has errors, 2 the command could not run. */
export const EXIT = { ok: 0, contentErrors: 1, cannotRun: 2 } as const;

/** parseArgs in strict mode, with its errors turned into a UsageError that names the command. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean; allowNegative: true }>> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals, allowNegative: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, "")}`, `Run \`portfolio ${command} --help\` for its options.`);
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}, not "${value}"`);
}

/** Prints a program error (not a content finding) with its hint and code. */
export function printError(io: Io, error: unknown): void {
  if (error instanceof PortfolioError) {
    io.err(`portfolio: ${error.message}`);
    if (error.hint) io.err(`  ${error.hint}`);
    if (process.env.PORTFOLIO_DEBUG && error.cause) io.err(String((error.cause as Error).stack ?? error.cause));
  } else {
    io.err(`portfolio: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    io.err("  This is a bug; please report it with the output above.");
  }
}
