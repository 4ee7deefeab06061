/**
 * Errors in the program or its surroundings (not in the learner's content, which gets
 * diagnostics instead). Each has a stable `code` that scripts and tests can rely on.
 */
export class PortfolioError extends Error {
  readonly code: string;
  /** 1 when the content is at fault, 2 when the command could not run as asked, 70 for a bug in this program. */
  readonly exitCode: 1 | 2 | 70 = 2;
  /** Shown under the message: what the user can do about it. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** The command line was not understood (unknown flag, missing value). Exit code 2. */
export class UsageError extends PortfolioError {
  constructor(message: string, hint?: string) {
    super("PORTFOLIO_USAGE", message, hint === undefined ? {} : { hint });
  }
}

/** There is no workspace where one was asked for. Exit code 2. */
export class WorkspaceNotFoundError extends PortfolioError {
  readonly dir: string;
  constructor(dir: string, missing: string) {
    super("PORTFOLIO_WORKSPACE_NOT_FOUND", `No portfolio workspace at ${dir}: ${missing} not found`, {
      hint: "Run it in your portfolio's folder (the one holding portfolio.yaml) or in the folder above it, or pass --dir with that folder; `portfolio init` starts a new one.",
    });
    this.dir = dir;
  }
}

/** The output folder is one the tool must not write into or replace. */
export class UnsafeOutputDirError extends PortfolioError {
  readonly dir: string;
  constructor(dir: string, reason: string, hint: string, what = "the site") {
    super("PORTFOLIO_UNSAFE_OUTPUT", `Refusing to write ${what} to ${dir}: ${reason}`, { hint });
    this.dir = dir;
  }
}

/** The workspace has errors, so nothing was built. */
export class ContentErrorsError extends PortfolioError {
  override readonly exitCode = 1;
  readonly errorCount: number;
  constructor(errorCount: number) {
    super(
      "PORTFOLIO_CONTENT_ERRORS",
      `The workspace has ${errorCount} ${errorCount === 1 ? "error" : "errors"}, so the site was not built`,
      { hint: "Fix the errors listed above; the previous site was left as it was." },
    );
    this.errorCount = errorCount;
  }
}

/**
 * Eleventy failed while building the site from checked content. Content that passed the
 * check must build, so this is a bug (exit code 70), unless it came down to the disk, which
 * `asNoRoom` and `asUnusablePath` find first.
 */
export class SiteBuildError extends PortfolioError {
  override readonly exitCode = 70;
  constructor(cause: unknown) {
    super("PORTFOLIO_SITE_BUILD", `The site could not be built: ${describe(cause)}`, {
      cause,
      hint: "The previous site was left as it was. This is a bug if the check passed; please report it.",
    });
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NO_ROOM: Record<string, string> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EFBIG: "a file would pass the size limit for files",
};

/**
 * The error as "no room to write", when that is what it comes down to, however deep it
 * is wrapped (Eleventy wraps write errors in its own, with `originalError`); else undefined.
 */
export function asNoRoom(error: unknown): PortfolioError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; depth++) {
    const { code, path } = e as NodeJS.ErrnoException;
    if (code && NO_ROOM[code]) {
      return new PortfolioError("PORTFOLIO_NO_ROOM", `Could not write ${path ?? "the output"}: ${NO_ROOM[code]} (${code})`, {
        cause: error,
        hint: "Nothing was replaced: the previous site and PDF are as they were, and what was half written was removed. Make room and run again.",
      });
    }
    e = e.cause ?? (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

const UNUSABLE: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "part of the path is a file, where a folder is needed",
  EISDIR: "it is a folder, where a file is needed",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "its symbolic links lead round in a loop",
};

/**
 * The error as "this path cannot be used" (exit code 2), when that is what it comes down
 * to, however deep it is wrapped: the path given, or the disk, is at fault, not the program.
 * `EEXIST` from making a folder means a file stands where the folder would go. A missing
 * file (`ENOENT`) is not among these: the commands check what they are given, so one that
 * goes missing part-way is a bug, and stays one.
 */
export function asUnusablePath(error: unknown): PortfolioError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; depth++) {
    const { code, path, syscall } = e as NodeJS.ErrnoException;
    const reason = code === "EEXIST" && syscall === "mkdir" ? "it is a file, where a folder is needed" : code ? UNUSABLE[code] : undefined;
    if (reason && path) {
      return new PortfolioError("PORTFOLIO_PATH_UNUSABLE", `Cannot use ${path}: ${reason} (${code})`, {
        cause: error,
        hint: "Check the paths given (--dir, --out, the files named) and what you may write there, then run again.",
      });
    }
    e = e.cause ?? (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Why a file could not be read, in words: "there is no such file", "it is a folder". */
export function whyUnreadable(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "there is no such file";
  if (error.code === "EISDIR") return "it is a folder";
  if (error.code === "EACCES") return "permission denied";
  return error.message;
}
