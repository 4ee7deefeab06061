import { posix } from "node:path";

/**
 * Where each page of the site lives. Links between pages are relative, so the site works
 * from any folder, from a zip opened locally, and under any path prefix.
 */
export const urls = {
  dashboard: () => "/",
  matrix: () => "/matrix/",
  network: () => "/network/",
  findings: () => "/findings/",
  unit: (unitSlug: string) => `/units/${unitSlug}/`,
  reflection: (slug: string) => `/reflections/${slug}/`,
  evidence: (path: string) => `/${path.split("/").map(encodeURIComponent).join("/")}`,
  asset: (name: string) => `/assets/${name}`,
};

/** The anchor of a criterion on its unit page: `ac-1-2`. */
export function criterionAnchor(id: string): string {
  return `ac-${id.replace(/\./g, "-")}`;
}

/** A link from the page at `from` to `to`, both site URLs beginning with `/`. */
export function relativeUrl(from: string, to: string): string {
  const [path, hash = ""] = to.split("#", 2) as [string, string?];
  const fromDir = from.endsWith("/") ? from : posix.dirname(from);
  let rel = posix.relative(fromDir, path!);
  if (path!.endsWith("/") && rel !== "") rel += "/";
  if (rel === "") rel = "./";
  return hash ? `${rel}#${hash}` : rel;
}
