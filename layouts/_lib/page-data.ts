import type { UnitCoverage } from "../../src/coverage/coverage.ts";
import type { SiteData } from "../../src/site/site-data.ts";
import type { LoadedReflection } from "../../src/workspace/workspace.ts";

/** The data Eleventy gives each template: the global `portfolio` and the page's own. */
export interface PageData {
  portfolio: SiteData;
  page: { url: string };
  coverage?: UnitCoverage;
  reflection?: LoadedReflection;
}
