// Bare Eleventy for the benchmark's comparison: the same Markdown, one trivial layout,
// no plugins, Eleventy's defaults for everything else.
export default function (eleventyConfig) {
  eleventyConfig.addGlobalData("layout", "trivial.html");
  return { dir: { includes: "../_bare_includes" } };
}
