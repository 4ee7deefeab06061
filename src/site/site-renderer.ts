import type { CheckResult } from "../check/check-workspace.ts";
import { PortfolioError } from "../errors.ts";

/**
 * What turns a checked workspace into the site's pages. The core knows nothing of the
 * generator: the command line is handed one (Eleventy's, in `plugins/eleventy-site.ts`).
 */
export interface SiteRenderer {
  /** Writes the pages, the stylesheet and the evidence files into `outDir`; returns how many pages it wrote. */
  write(checked: CheckResult, outDir: string, options: { version: string; pdf: boolean }): Promise<number>;
  /** The learner's live preview of the workspace in `dir`: rebuilt on every save, served on `host:port` from `outDir`. */
  preview(options: { dir: string; outDir: string; version: string; host: string; port: number }): Promise<Preview>;
}

export interface Preview {
  /** Stops watching and serving. */
  close(): Promise<void>;
}

/** The preview could not listen where it was asked to (the port is taken, say). Exit code 2. */
export class PreviewNotStartedError extends PortfolioError {
  constructor(host: string, port: number, cause: Error) {
    const { code } = cause as NodeJS.ErrnoException;
    const [why, hint] =
      code === "EADDRINUSE" ? [`port ${port} is in use by another program`, `Stop the other program (another preview?), or pass another port, such as --port ${port === 8080 ? 8081 : 8080}.`]
      : code === "EACCES" ? [`listening on port ${port} is not allowed`, "Ports below 1024 are kept for the system; pass --port 8080."]
      : code === "EADDRNOTAVAIL" || code === "ENOTFOUND" ? [`this computer has no address ${host}`, "Leave out --host to preview on this computer only."]
      : [cause.message, undefined];
    super("PORTFOLIO_PREVIEW_NOT_STARTED", `The preview could not start: ${why}`, hint === undefined ? { cause } : { cause, hint });
  }
}

/** Loads the site renderer when a command needs one, so `check` and `verify` never load it. */
export type LoadRenderer = () => Promise<SiteRenderer>;
