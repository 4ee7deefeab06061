import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { SiteBuildError } from "../src/errors.ts";
import type { SiteRenderer } from "../src/site/site-renderer.ts";
import portfolioSite, { type EleventyConfig } from "./eleventy-portfolio.ts";

type Configure = (eleventyConfig: EleventyConfig & { setTemplateFormats(formats: string[]): void; setChokidarConfig(options: Record<string, unknown>): void }) => void;

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

/**
 * Eleventy's dev server listens on every network interface and has no option for the
 * address, and the preview shows private notes and the names of contacts who did not
 * consent: it listens where it is told (this computer only, by default) instead. Pinned
 * versions; a test checks that nothing else can connect.
 */
async function listenOn(host: string): Promise<void> {
  const { default: DevServer } = await import("@11ty/eleventy-dev-server");
  DevServer.prototype._serverListen = function (port: number) {
    this.server.listen({ port, host });
  };
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
    const { eleventy, input } = await portfolioEleventy(outDir, "serve", (config) => {
      portfolioSite(config, { dir, preview: true, version });
      // Eleventy waits for a file to stay unchanged 150 ms before rebuilding. Editors save
      // in one write or by renaming; a file caught half-written only shows findings until
      // the next event, a moment later.
      config.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 40, pollInterval: 10 } });
    });
    await listenOn(host);
    await eleventy.init();
    await eleventy.watch();
    await eleventy.serve(port);
    return {
      async close() {
        await eleventy.stopWatch();
        await rm(input, { recursive: true, force: true });
      },
    };
  },
};

export default eleventySite;
