import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../src/pdf/find-browser.ts";
import { runCli } from "./helpers/cli.ts";
import { outlineTitles, pageText, tool } from "./helpers/pdf-tools.ts";
import { fixtureWorkspace, samplePdf, tempDir } from "./helpers/workspace.ts";

const EPOCH = { SOURCE_DATE_EPOCH: "1767225600" };

interface Report {
  pdf: { file: string; sha256: string; pages: number };
  reflections: Array<{ file: string; title: string; page: number }>;
  markers: Array<{ file: string; urn: string; id: string; page: number }>;
  appendices: Array<{ file: string; sha256: string; page: number; mergedPages: number }>;
  sources: Record<string, string>;
  coverage: { units: Array<{ urn: string }> };
  blockedRequests: string[];
}

describe("the sample portfolio's PDF", () => {
  let site: string;
  let pdf: string;
  let report: Report;

  beforeAll(async () => {
    site = join(await tempDir(), "_site");
    // Unsigned: reproducibility is the unsigned PDF's; signing has tests of its own.
    const { status, stderr } = runCli(["build", "--no-sign", "--out", site], { env: EPOCH });
    expect(stderr).toMatch(/Printing 10 reflections in 1 part, the back/);
    expect(status).toBe(0);
    pdf = join(site, "portfolio.pdf");
    report = JSON.parse(await readFile(join(site, "report.json"), "utf8"));
  });

  it("passes qpdf's check and is tagged", () => {
    const check = tool("qpdf", ["--check", pdf]);
    expect(check.stdout).toContain("No syntax or stream encoding errors found");
    expect(check.status).toBe(0);
    const info = tool("pdfinfo", [pdf]).stdout;
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+595\.92 x 841\.92 pts \(A4\)$/m);
    expect(info).toMatch(/^Title:\s+Portfolio of evidence: Priya Shah/m);
    expect(info).toMatch(new RegExp(`^Pages:\\s+${report.pdf.pages}$`, "m"));
  });

  it("has bookmarks for every unit, reflection and appendix", () => {
    const outline = outlineTitles(pdf);
    expect(outline.map((o) => o.title)).toEqual(["Cover", "Declaration", "Contents", "Evidence maps", "Reflections", "Network monitoring", "Drafts left out", "Appendices"]);
    expect(outline[3]!.kids).toEqual(report.coverage.units.map((u) => expect.stringContaining(u.urn)));
    expect(outline[4]!.kids).toEqual(report.reflections.map((r) => r.title));
    expect(outline[7]!.kids).toEqual(report.appendices.map((a, i) => `Appendix ${i + 1}: ${a.file}`));
  });

  it("puts each reflection's title on its first page and each marker's AC id on its page", () => {
    expect(report.reflections).toHaveLength(10);
    for (const reflection of report.reflections) {
      expect(pageText(pdf, reflection.page).replace(/\s+/g, " "), reflection.title).toContain(reflection.title.replace(/\s+/g, " "));
    }
    expect(report.markers.length).toBeGreaterThan(40);
    for (const marker of report.markers) {
      expect(pageText(pdf, marker.page), `${marker.file} ${marker.urn} ${marker.id} on page ${marker.page}`).toMatch(new RegExp(`AC (${marker.urn.replace(/\//g, "\\/")} )?${marker.id.replace(".", "\\.")}\\b`));
    }
  });

  it("shows in the evidence map the pages where the markers are", () => {
    const first = report.markers.find((m) => m.urn === "R/600/9587" && m.id === "1.1")!;
    const mapPage = pageText(pdf, 4);
    expect(mapPage).toContain("Evidence map: R/600/9587");
    expect(mapPage.replace(/\s+/g, " ")).toMatch(new RegExp(`1\\.1 Evaluate the benefits of networking with .*p\\. ${first.page}\\b`));
  });

  it("links each evidence map entry to the page of its marker", async () => {
    const doc = await PDFDocument.load(await readFile(pdf));
    const pageOf = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
    const dests = doc.catalog.lookup(PDFName.of("Dests"), PDFDict);
    const followed: number[] = [];
    for (const mapPage of [4, 5, 6, 7]) {
      const annots = doc.getPage(mapPage - 1).node.lookup(PDFName.of("Annots"));
      for (const annot of annots instanceof PDFArray ? annots.asArray() : []) {
        const dest = (doc.context.lookup(annot) as PDFDict).get(PDFName.of("Dest"));
        const name = dest instanceof PDFName ? dest.decodeText() : undefined;
        const marker = name && report.markers.find((m) => name.endsWith(`--ac-${m.urn.toLowerCase().replace(/\//g, "-")}-${m.id.replace(".", "-")}`) && name.startsWith(m.file.replace(/^reflections\/|\.md$/g, "")));
        if (!marker || !name) continue;
        const target = doc.context.lookup(dests.get(PDFName.of(name))) as PDFArray;
        expect(pageOf.get(target.get(0).toString()), name).toBe(marker.page);
        followed.push(marker.page);
      }
    }
    expect(followed.length).toBeGreaterThan(30);
  });

  it("lists the drafts it left out, and the contents' page numbers are right", () => {
    const contents = pageText(pdf, 3);
    for (const reflection of report.reflections) {
      const line = contents.split("\n").find((l) => l.includes(reflection.title.slice(0, 30)));
      expect(line, reflection.title).toMatch(new RegExp(`\\s${reflection.page}$`));
    }
    // Each part of the back from the page the contents gives it.
    const pageOf = (title: string) => Number(new RegExp(`^${title}[ .]*(\\d+)$`, "m").exec(contents)?.[1]);
    const leftOut = pageText(pdf, pageOf("Drafts left out"));
    expect(leftOut).toContain("Drafts left out");
    expect(leftOut).toContain("Setting up a peer learning set");
    // The pages kept for the assessor's and the IQA's records, before the appendices.
    expect(pageText(pdf, pageOf("Assessment record"))).toContain("The assessor records a decision on each criterion");
    expect(pageText(pdf, pageOf("Internal quality assurance record"))).toContain("The internal quality assurer records their sampling of the assessor's decisions");
    expect(pageOf("Internal quality assurance record")).toBe(report.appendices[0]!.page - 2);
  });

  it("has a footer with the candidate, the unit and page n of N", () => {
    expect(pageText(pdf, 4)).toMatch(/Priya Shah · candidate 4821 · R\/600\/9587 · page 4 of \d+/);
    const last = report.pdf.pages;
    expect(pageText(pdf, last)).toContain(`page ${last} of ${last}`);
  });

  it("lists evidence files with their SHA-256 and records every source's hash", async () => {
    const appendix = report.appendices.find((a) => a.file.endsWith(".csv"))!;
    expect(pageText(pdf, appendix.page).replace(/\s+/g, "")).toContain(appendix.sha256);
    expect(Object.keys(report.sources)).toEqual(expect.arrayContaining(["portfolio.yaml", "units/R-600-9587.yaml", appendix.file]));
    const { createHash } = await import("node:crypto");
    expect(report.pdf.sha256).toBe(createHash("sha256").update(await readFile(pdf)).digest("hex"));
    expect(report.blockedRequests).toEqual([]);
  });

  it("links from the dashboard to the PDF", async () => {
    expect(await readFile(join(site, "index.html"), "utf8")).toContain('<a href="portfolio.pdf">Download the portfolio as a PDF</a>');
  });

  it("is byte-identical when printed again with the same SOURCE_DATE_EPOCH, by `portfolio pdf` as by `build`", async () => {
    // The global setup's print: another process, another browser, the `pdf` command.
    const again = await samplePdf(join(await tempDir(), "again.pdf"));
    expect(Buffer.compare(await readFile(again), await readFile(pdf))).toBe(0);
  });

  // Against the sample's PDF above, printed in one part with the same SOURCE_DATE_EPOCH.
  it("gives the same pages, bookmarks and page map when reflections are printed three at a time", async () => {
    const parts = join(await tempDir(), "parts.pdf");
    const { status, stderr } = runCli(["pdf", "--out", parts], { env: { ...EPOCH, PORTFOLIO_REFLECTIONS_PER_PART: "3" } });
    expect(status).toBe(0);
    expect(stderr).toContain("Printed 4 of 4 parts of reflections");
    const a = report;
    const b = JSON.parse(await readFile(join(parts, "..", "report.json"), "utf8")) as Report;
    expect(b.pdf.pages).toBe(a.pdf.pages);
    expect(b.reflections).toEqual(a.reflections);
    expect(b.markers).toEqual(a.markers);
    expect(tool("qpdf", ["--check", parts]).status).toBe(0);
    expect(tool("pdfinfo", [parts]).stdout).toMatch(/^Tagged:\s+yes$/m);
  });
});

describe("evidence and safety", () => {
  it("merges evidence PDFs in, and blocks and reports images from outside the workspace", async () => {
    const evidence = await PDFDocument.create();
    for (const text of ["Minutes page one", "Minutes page two"]) evidence.addPage().drawText(text, { x: 50, y: 700 });
    const ws = await fixtureWorkspace("clean", {
      "reflections/with-evidence.md": [
        "---", "title: With a PDF and a remote image", "date: 2026-02-01", 'criteria: ["1.1"]', "evidence:", "  - evidence/minutes.pdf", "  - evidence/photo.png", "---",
        "Text. {ac=1.1}", "", "![tracking pixel](https://example.org/pixel.png)", "", "![passwd](../../../../etc/passwd)", "",
      ].join("\n"),
    });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(ws, "evidence"), { recursive: true });
    await writeFile(join(ws, "evidence", "minutes.pdf"), await evidence.save());
    // A 1×1 PNG: an image evidence file is placed on its appendix's page.
    await writeFile(join(ws, "evidence", "photo.png"), Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
    const out = join(await tempDir(), "p.pdf");
    const { status, stderr } = runCli(["pdf", "--dir", ws, "--out", out], { env: EPOCH });
    expect(status).toBe(0);
    expect(stderr).toContain("reflections/with-evidence.md");
    expect(stderr).toMatch(/11:1 +warning +The PDF did not load https:\/\/example\.org\/pixel\.png/);
    expect(stderr).toMatch(/13:1 +warning +The PDF did not load http:\/\/127\.0\.0\.1:\d+\/etc\/passwd/);
    const report = JSON.parse(await readFile(join(out, "..", "report.json"), "utf8")) as Report;
    const appendix = report.appendices.find((a) => a.file === "evidence/minutes.pdf")!;
    expect(appendix.mergedPages).toBe(2);
    expect(pageText(out, appendix.page + 1)).toContain("Minutes page one");
    expect(pageText(out, appendix.page + 2)).toContain("Minutes page two");
    expect(pageText(out, appendix.page + 2)).toMatch(/page \d+ of \d+/);
    expect(report.blockedRequests).toHaveLength(2);
    const photo = report.appendices.find((a) => a.file === "evidence/photo.png")!;
    const images = tool("pdfimages", ["-list", "-f", String(photo.page), "-l", String(photo.page), out]).stdout;
    expect(images.split("\n").filter((line) => /^\s+\d+\s+\d+\s+image\s+1\s+1\s/.test(line))).toHaveLength(1);
    expect(tool("pdftotext", [out, "-"]).stdout).not.toContain("root:x:0:0");
  });

  it("prints Letter when asked", async () => {
    const out = join(await tempDir(), "letter.pdf");
    expect(runCli(["pdf", "--paper", "letter", "--out", out], { env: EPOCH }).status).toBe(0);
    expect(tool("pdfinfo", [out]).stdout).toMatch(/^Page size:\s+612 x 792 pts \(letter\)$/m);
    // The boxes kept for the records fit Letter's shorter page: each record page is one page.
    const contents = pageText(out, 3);
    const pageOf = (title: string) => Number(new RegExp(`^${title}[ .]*(\\d+)$`, "m").exec(contents)?.[1]);
    expect(pageOf("Internal quality assurance record")).toBe(pageOf("Assessment record") + 1);
    expect(pageText(out, pageOf("Assessment record") + 1)).toMatch(/^Internal quality assurance record/);
  });

  it("says how to get a browser when there is none, and leaves the site alone with --no-pdf", async () => {
    const missing = runCli(["pdf", "--out", join(await tempDir(), "x.pdf")], { env: { PORTFOLIO_BROWSER: "/nowhere/chromium" } });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("PORTFOLIO_BROWSER is set to /nowhere/chromium, which does not exist");
    const site = join(await tempDir(), "_site");
    const bare = runCli(["build", "--no-pdf", "--out", site], { env: { PORTFOLIO_BROWSER: "/nowhere/chromium" } });
    expect(bare.status).toBe(0);
    expect(existsSync(join(site, "index.html"))).toBe(true);
    expect(existsSync(join(site, "portfolio.pdf"))).toBe(false);
  });

  it("finds a browser in puppeteer's cache when none is installed elsewhere", async () => {
    const cache = await tempDir();
    const exe = join(cache, "chrome", "linux-140.0.0.0", "chrome-linux64", "chrome");
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(exe, ".."), { recursive: true });
    await writeFile(exe, "");
    // Windows with no Program Files in the environment: nothing installed, so the cache is used.
    expect(findBrowser({ PUPPETEER_CACHE_DIR: cache }, "win32")).toBe(exe);
    expect(() => findBrowser({ PUPPETEER_CACHE_DIR: join(cache, "empty") }, "win32")).toThrow(/No Chrome or Chromium found/);
  });
});
