/**
 * Imported before Eleventy, so it is set when Eleventy's modules run. Eleventy registers a
 * module-loader hook (on Node 20, a loader thread every later import goes through) to
 * re-import JavaScript templates and data files that change in watch mode. The portfolio's
 * Eleventy reads none: its pages are virtual templates from an empty input folder, and
 * nothing in a workspace is ever imported. Skipping the hook saves each build and preview
 * the thread and the round trips (https://github.com/11ty/eleventy/issues/3371).
 */
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
