/**
 * The library: what `portfolio` does, for programs of your own. The Eleventy plugin is
 * `@vq-portfolio/portfolio/eleventy`.
 */
export { loadWorkspace } from "./workspace/load-workspace.ts";
export { checkWorkspace, type CheckResult } from "./check/check-workspace.ts";
export { formatReport } from "./diagnostics/reporter.ts";
export type { Diagnostic } from "./diagnostics/diagnostic.ts";
export { rules, type RuleId } from "./diagnostics/rules.ts";
export { buildSite, type BuildOptions, type BuildSiteResult } from "./site/build-site.ts";
export type { SiteRenderer } from "./site/site-renderer.ts";
export { verifyPdf, type VerifyReport } from "./signing/verify-pdf.ts";
export { signFile } from "./signing/sign-file.ts";
export { main } from "./cli/main.ts";
