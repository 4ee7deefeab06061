import { copyFile, cp, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkWorkspace, type CheckResult } from "../src/check/check-workspace.ts";
import { formatReport } from "../src/diagnostics/reporter.ts";
import { ContentErrorsError } from "../src/errors.ts";
import { siteData, type SiteData } from "../src/site/site-data.ts";
import { loadWorkspace, ReadCache } from "../src/workspace/load-workspace.ts";

/** The part of Eleventy's configuration API this plugin uses. */
export interface EleventyConfig {
  addExtension(extensions: string[], options: { key: string }): void;
  setTemplateFormats(formats: string[]): void;
  addGlobalData(name: string, value: () => unknown): void;
  addWatchTarget(target: string): void;
  setChokidarConfig(options: Record<string, unknown>): void;
  on(event: "eleventy.before" | "eleventy.after", handler: (arg: { directories: { output: string }; results?: Array<{ outputPath: string | false }> }) => unknown): void;
}

export interface PortfolioSiteOptions {
  /** The workspace folder. Default: `portfolio`. */
  dir?: string;
  /** An already loaded and checked workspace (rendered), so it is not read twice. */
  checked?: CheckResult;
  /** The tool's version, shown in the site's footer. */
  version?: string;
  /** A PDF of the portfolio is built beside the site, so pages link to it. */
  pdf?: boolean;
  /** The learner's live preview: rebuilt on every save, findings shown on the pages, private notes included, never stopping on errors. */
  preview?: boolean;
}

const assetsDir = fileURLToPath(new URL("../layouts/assets/", import.meta.url));

/**
 * Builds the portfolio site from a workspace. Reflections are never Eleventy templates:
 * the workspace is read and checked once per build by `src/`, and the site's own
 * templates (`layouts/*.11ty.ts`) page through that data. So learners' Markdown is never
 * run through Liquid or Nunjucks, and their front matter is never evaluated.
 */
export default function portfolioSite(eleventyConfig: EleventyConfig, options: PortfolioSiteOptions = {}): void {
  if (options.dir !== undefined && (typeof options.dir !== "string" || options.dir === "")) {
    throw new TypeError(`portfolioSite: the \`dir\` option should be the workspace folder's path, got ${JSON.stringify(options.dir)}`);
  }
  if (options.checked !== undefined && options.checked.workspace?.config === undefined) {
    throw new TypeError("portfolioSite: the `checked` option should be the result of checkWorkspace() on a workspace whose portfolio.yaml was read");
  }
  const dir = options.dir ?? "portfolio";
  let data: SiteData | undefined;
  let result: CheckResult | undefined;
  // The preview re-reads the workspace on every save; only changed reflections are parsed.
  const readCache = options.preview ? new ReadCache() : undefined;

  eleventyConfig.addExtension(["11ty.ts"], { key: "11ty.js" });
  eleventyConfig.setTemplateFormats(["11ty.ts"]);
  eleventyConfig.addWatchTarget(dir);
  eleventyConfig.addGlobalData("portfolio", () => data);

  eleventyConfig.on("eleventy.before", async () => {
    result = options.checked ?? checkWorkspace(await loadWorkspace(dir, { render: true, preview: options.preview ?? false, cache: readCache }));
    if (options.preview) {
      // A broken reflection never stops the preview: its findings are shown on the pages.
      process.stderr.write(`${formatReport(result.diagnostics)}\n`);
    } else if (result.errorCount > 0) {
      // Run through Eleventy directly, nobody else shows the learner what is wrong.
      if (!options.checked) process.stderr.write(`${formatReport(result.diagnostics)}\n`);
      throw new ContentErrorsError(result.errorCount);
    }
    data = siteData(result, options.version ?? "dev", { pdf: options.pdf ?? false, preview: options.preview ?? false });
  });

  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const out = directories.output;
    await cp(assetsDir, join(out, "assets"), { recursive: true });
    const copied = new Set<string>();
    for (const reflection of result?.workspace.reflections.filter((r) => !r.private) ?? []) {
      for (const ref of reflection.evidenceFiles) {
        if (ref.file.status !== "ok" || copied.has(ref.file.path)) continue;
        copied.add(ref.file.path);
        const target = join(out, ...ref.file.path.split("/"));
        await mkdir(dirname(target), { recursive: true });
        await copyFile(ref.file.absolute, target);
      }
    }
  });
}
