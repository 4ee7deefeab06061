import { mkdtemp, rm, rmdir } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import "./eleventy-env.ts";
import Eleventy from "@11ty/eleventy";
import { SiteBuildError } from "../src/errors.ts";
import { PreviewNotStartedError, type SiteRenderer } from "../src/site/site-renderer.ts";
import { guardUpgrades, listenOn, refuseOtherHosts } from "./dev-server.ts";
import portfolioSite, { type EleventyConfig } from "./eleventy-portfolio.ts";

type Configure = (
  eleventyConfig: EleventyConfig & {
    setTemplateFormats(formats: string[]): void;
    setChokidarConfig(options: Record<string, unknown>): void;
    setServerOptions(options: Record<string, unknown>): void;
    on(event: "eleventy.after", handler: (arg: { results: BuildResult[] }) => unknown): void;
  },
) => void;

/** What Eleventy tells `eleventy.after` of each page it wrote (false: not written). */
interface BuildResult {
  outputPath: string | false;
}

/**
 * Eleventy with nothing but the portfolio's pages. Its input folder is an empty one of its
 * own: the pages are the plugin's virtual templates, and nothing on disk (least of all the
 * learner's workspace) is ever read as a template, a data file or a configuration.
 */
async function portfolioEleventy(outDir: string, runMode: "build" | "serve", configure: Configure): Promise<{ eleventy: Eleventy; input: string }> {
  const input = await mkdtemp(join(tmpdir(), "portfolio-input-"));
  const eleventy = new Eleventy(input, outDir, {
    quietMode: true,
    configPath: false,
    runMode,
    config: (eleventyConfig: Parameters<Configure>[0]) => {
      eleventyConfig.setTemplateFormats([]);
      configure(eleventyConfig);
    },
  });
  eleventy.disableLogger();
  return { eleventy, input };
}

/** The site renderer `portfolio build` and `portfolio serve` are handed. */
export const eleventySite: SiteRenderer = {
  async write(checked, outDir, { version, pdf }) {
    const { eleventy, input } = await portfolioEleventy(outDir, "build", (config) => portfolioSite(config, { checked, version, pdf }));
    try {
      const [, templates] = (await eleventy.write()) as [unknown, Array<{ outputPath: string | false }>];
      return templates.filter((t) => t.outputPath).length;
    } catch (error) {
      throw new SiteBuildError(error);
    } finally {
      await rm(input, { recursive: true, force: true });
    }
  },

  async preview({ dir, outDir, version, host, port }) {
    const address = { host, port };
    // Made once: Eleventy restarts its server when these options differ between builds.
    const serverOptions = {
      middleware: [refuseOtherHosts(address)],
      ready: (devServer: { server: Server }) => guardUpgrades(devServer.server, address),
      // `portfolio serve` says where the preview is; the dev server would say localhost whatever the address.
      messageOnStart: () => false,
    };
    let pages = new Set<string>();
    const { eleventy, input } = await portfolioEleventy(outDir, "serve", (config) => {
      portfolioSite(config, { dir, preview: true, version });
      // Eleventy waits for a file to stay unchanged 150 ms before rebuilding. Editors save
      // in one write or by renaming; a file caught half-written only shows findings until
      // the next event, a moment later.
      config.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
      config.setServerOptions(serverOptions);
      // Eleventy writes pages but never removes one: a reflection deleted or renamed would
      // keep its page. Pages the last build wrote and this one did not are removed.
      config.on("eleventy.after", async ({ results }) => {
        pages = await removeStalePages(pages, results);
      });
    });
    let notListening: (error: Error) => void = () => {};
    const listening = new Promise<never>((_, reject) => {
      notListening = (error) => reject(new PreviewNotStartedError(host, port, error));
    });
    await listenOn(host, notListening);
    try {
      await eleventy.init();
      const rebuild = await eleventy.watch();
      // Eleventy rebuilds when a watched file is added or changed, but only logs a deletion
      // (a rename is a deletion and an addition): the rebuild it runs on a change is run.
      eleventy.watcher.on("unlink", rebuild).on("unlinkDir", rebuild);
      await Promise.race([eleventy.serve(port), listening]);
    } catch (error) {
      await eleventy.stopWatch();
      await rm(input, { recursive: true, force: true });
      throw error;
    }
    return {
      async close() {
        await eleventy.stopWatch();
        await rm(input, { recursive: true, force: true });
      },
    };
  },
};

/** Removes the pages of `before` that are not among `results`; returns the pages now written. */
async function removeStalePages(before: ReadonlySet<string>, results: readonly BuildResult[]): Promise<Set<string>> {
  const now = new Set(results.flatMap((r) => (r.outputPath ? [r.outputPath] : [])));
  for (const page of before) {
    if (now.has(page)) continue;
    await rm(page, { force: true });
    // Its folder (`reflections/<slug>/`) too, once empty, so that the URL is not found.
    await rmdir(dirname(page)).catch(() => {});
  }
  return now;
}

export default eleventySite;
