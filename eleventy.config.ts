import portfolioSite, { type EleventyConfig } from "./plugins/eleventy-portfolio.ts";

/**
 * The portfolio as an ordinary Eleventy project, for working on the templates with
 * Eleventy's own tools: `npx tsx node_modules/@11ty/eleventy/cmd.cjs --config=eleventy.config.ts`
 * builds the workspace in PORTFOLIO_DIR or `portfolio/` into `_site/`. `portfolio build`
 * does not use this file; an Eleventy site of your own adds the plugin the same way.
 */
export default function configure(eleventyConfig: EleventyConfig & { addPlugin(plugin: typeof portfolioSite, options: object): void }) {
  eleventyConfig.addPlugin(portfolioSite, { dir: process.env.PORTFOLIO_DIR ?? "portfolio" });
  // The templates are the plugin's; `layouts/` holds only their TypeScript sources, which
  // Eleventy does not read as templates.
  return { dir: { input: "layouts", output: "_site" } };
}
