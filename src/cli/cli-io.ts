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

/**
 * Exit codes: 0 fine; 1 the content has errors (or a signature fails); 2 the command could
 * not run as asked (a bad flag, a missing file, an output that must not be replaced);
 * 70 a bug in this program: an exception it did not expect, reported as one. 70 is
 * EX_SOFTWARE from BSD's sysexits.h, "an internal software error", the one code with that
 * meaning that scripts and CI already know; it stays clear of 126 and up, which shells
 * use for a command not found or not run and for signals (130 after Ctrl-C).
 */
export const EXIT = { ok: 0, contentErrors: 1, cannotRun: 2, bug: 70 } as const;

/**
 * parseArgs in strict mode, with its errors turned into a UsageError that names the command.
 * An option that takes one value and is given twice is refused (parseArgs would keep the
 * last, silently), and so is a switch given both ways (`--pdf --no-pdf`).
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean; allowNegative: true }>> {
  const help = `Run \`portfolio ${command} --help\` for its options.`;
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals, allowNegative: true, tokens: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, "")}`, help);
  }
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || options[token.name]?.multiple) continue;
    const seen = given.get(token.name) ?? [];
    seen.push(options[token.name]?.type === "string" ? token.value ?? "" : String(!token.rawName.startsWith("--no-")));
    given.set(token.name, seen);
  }
  for (const [name, seen] of given) {
    if (seen.length < 2) continue;
    if (options[name]?.type === "string") {
      const times = seen.length === 2 ? "twice" : `${seen.length} times`;
      const quoted = seen.map((v) => JSON.stringify(v));
      throw new UsageError(`--${name} is given ${times}, as ${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}, but takes one value`, `Give it once. ${help}`);
    }
    if (new Set(seen).size > 1) throw new UsageError(`--${name} and --no-${name} are both given`, `Give one of them. ${help}`);
  }
  return { values: parsed.values, positionals: parsed.positionals } as ReturnType<typeof parseFlags<T>>;
}

/** A number of whole seconds given to `--flag`, `fallback` when not given. */
export function seconds(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (/^\d+$/.test(value)) return Number(value);
  throw new UsageError(`--${flag} must be a whole number of seconds, not "${value}"`);
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
