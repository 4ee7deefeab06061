import { spawnSync } from "node:child_process";

/** Runs one of the outside judges (qpdf, pdfinfo, pdftotext) and returns what it printed. */
export function tool(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} is not installed (.ci/run installs qpdf and poppler-utils): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of one page, as pdftotext reads it. */
export function pageText(pdf: string, page: number): string {
  return tool("pdftotext", ["-f", String(page), "-l", String(page), "-layout", pdf, "-"]).stdout;
}

/** Outline titles, nested, as qpdf reads them. */
export function outlineTitles(pdf: string): Array<{ title: string; kids: string[] }> {
  const json = JSON.parse(tool("qpdf", ["--json", "--json-key=outlines", pdf]).stdout) as { outlines: Array<{ title: string; kids: Array<{ title: string }> }> };
  return json.outlines.map((o) => ({ title: o.title, kids: o.kids.map((k) => k.title) }));
}
