import portfolioSite, { type EleventyConfig, type PortfolioSiteOptions } from "./plugins/eleventy-portfolio.ts";

/**
 * The site's Eleventy configuration. `portfolio build` calls this with the workspace it has
 * already checked; running Eleventy directly (`npx tsx node_modules/@11ty/eleventy/cmd.cjs
 * --config=eleventy.config.ts`) builds the workspace in PORTFOLIO_DIR or `portfolio/`.
 */
export default function configure(eleventyConfig: EleventyConfig, options: PortfolioSiteOptions = {}) {
  portfolioSite(eleventyConfig, { dir: process.env.PORTFOLIO_DIR ?? "portfolio", ...options });
  return {
    dir: { input: "layouts", output: "_site" },
  };
}
