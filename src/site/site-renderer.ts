import type { CheckResult } from "../check/check-workspace.ts";

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

/** Loads the site renderer when a command needs one, so `check` and `verify` never load it. */
export type LoadRenderer = () => Promise<SiteRenderer>;
