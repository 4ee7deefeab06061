import { copyFile, cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { checkWorkspace, type CheckResult } from "../src/check/check-workspace.ts";
import { formatReport } from "../src/diagnostics/reporter.ts";
import { ContentErrorsError } from "../src/errors.ts";
import { packageFile } from "../src/package-root.ts";
import { siteData, type SiteData } from "../src/site/site-data.ts";
import { loadWorkspace, ReadCache } from "../src/workspace/load-workspace.ts";
import Findings from "../layouts/findings.11ty.ts";
import Dashboard from "../layouts/index.11ty.ts";
import Matrix from "../layouts/matrix.11ty.ts";
import NetworkPage from "../layouts/network.11ty.ts";
import ReflectionPage from "../layouts/reflection.11ty.ts";
import UnitPage from "../layouts/unit.11ty.ts";

/** The part of Eleventy's configuration API this plugin uses. */
export interface EleventyConfig {
  addTemplate(virtualPath: string, content: unknown, data?: Record<string, unknown>): void;
  addTemplateFormats(formats: string | string[]): void;
  addGlobalData(name: string, value: () => unknown): void;
  addWatchTarget(target: string): void;
  ignores: Set<string>;
  on(event: "eleventy.before" | "eleventy.after", handler: (arg: { directories: { output: string } }) => unknown): void;
}

export interface PortfolioSiteOptions {
  /** The workspace folder. Default: `portfolio`. */
  dir?: string;
  /** Where in the site the portfolio's pages go, such as `portfolio/`. Default: the site's root. */
  path?: string;
  /** An already loaded and checked workspace (rendered), so it is not read twice. */
  checked?: CheckResult;
  /** The tool's version, shown in the site's footer. */
  version?: string;
  /** A PDF of the portfolio is built beside the site, so pages link to it. */
  pdf?: boolean;
  /** The learner's live preview: rebuilt on every save, findings shown on the pages, private notes included, never stopping on errors. */
  preview?: boolean;
}

interface Template {
  data(): { permalink: string | false | ((data: never) => string | false); [key: string]: unknown };
  render(data: { page: { url: string } }): string;
}

/** The site's pages, each an Eleventy JavaScript template of `layouts/`. */
const TEMPLATES: Record<string, new () => Template> = {
  "index": Dashboard as never,
  "matrix": Matrix as never,
  "network": NetworkPage as never,
  "findings": Findings as never,
  "unit": UnitPage as never,
  "reflection": ReflectionPage as never,
};

const assetsDir = packageFile("layouts", "assets");

/**
 * The portfolio site as an Eleventy plugin, for `portfolio build` and for any Eleventy site
 * (`eleventyConfig.addPlugin(portfolioSite, { dir: "portfolio", path: "portfolio/" })`).
 *
 * Its pages are virtual templates: they are modules of this package, not files in the
 * site's input folder, so they work from `node_modules` (which Eleventy never reads) and
 * nothing in the learner's workspace is ever an Eleventy template. The workspace is read
 * and checked once per build by `src/`; the templates page through that data, so learners'
 * Markdown is never run through Liquid or Nunjucks and their front matter is never evaluated.
 */
export default function portfolioSite(eleventyConfig: EleventyConfig, options: PortfolioSiteOptions = {}): void {
  if (options.dir !== undefined && (typeof options.dir !== "string" || options.dir === "")) {
    throw new TypeError(`portfolioSite: the \`dir\` option should be the workspace folder's path, got ${JSON.stringify(options.dir)}`);
  }
  if (options.path !== undefined && (typeof options.path !== "string" || !/^([\w-]+\/)*$/.test(options.path))) {
    throw new TypeError(`portfolioSite: the \`path\` option should be a folder of the site ending in "/", such as "portfolio/", got ${JSON.stringify(options.path)}`);
  }
  if (options.checked !== undefined && options.checked.workspace?.config === undefined) {
    throw new TypeError("portfolioSite: the `checked` option should be the result of checkWorkspace() on a workspace whose portfolio.yaml was read");
  }
  const dir = options.dir ?? "portfolio";
  const prefix = options.path ?? "";
  let data: SiteData | undefined;
  let result: CheckResult | undefined;
  // The preview re-reads the workspace on every save; only changed reflections are parsed.
  const readCache = options.preview ? new ReadCache() : undefined;

  eleventyConfig.addTemplateFormats("11ty.js");
  for (const [name, Page] of Object.entries(TEMPLATES)) {
    eleventyConfig.addTemplate(`${prefix}portfolio-${name}.11ty.js`, underPath(new Page(), prefix));
  }
  eleventyConfig.addWatchTarget(dir);
  // In a site of one's own, the workspace may sit in the input folder: its Markdown is the
  // learner's text, never a template of the site.
  eleventyConfig.ignores.add(`${dir.replace(/\/+$/, "")}/**`);
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

  // What the last build copied of the evidence, for the preview to remove what is no longer cited.
  let copiedBefore = new Set<string>();
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const out = join(directories.output, prefix);
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
    if (options.preview) {
      for (const path of copiedBefore) if (!copied.has(path)) await rm(join(out, ...path.split("/")), { force: true });
      copiedBefore = copied;
    }
  });
}

/**
 * A template whose pages go under `prefix`. The templates link relatively from their own
 * URL, so they are given the URL within the portfolio, as if it were the site's root.
 */
function underPath(template: Template, prefix: string): Template {
  if (!prefix) return template;
  const { permalink, ...rest } = template.data();
  const moved = (url: string | false) => (url === false ? false : `/${prefix}${url.replace(/^\//, "")}`);
  return {
    data: () => ({ ...rest, permalink: typeof permalink === "function" ? (data: never) => moved(permalink(data)) : moved(permalink) }),
    // A page that is not written (permalink false) has no URL.
    render: (data) => template.render(typeof data.page.url === "string" ? { ...data, page: { ...data.page, url: data.page.url.slice(prefix.length) } } : data),
  };
}
