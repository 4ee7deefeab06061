// The baseline for the PDF: the same print HTML as `portfolio pdf` prints (cover and
// contents, evidence maps, every final reflection, the back), with the same stylesheet and
// page.pdf options, printed by puppeteer-core in one go. Nothing of ours after the HTML:
// no parts, no page-number passes, no assembly, footers, outline or checks of the result.
//
//   node --import tsx tests/bench/bare-print.ts WORKSPACE OUT.pdf
import { readFile, writeFile } from "node:fs/promises";
import puppeteer from "puppeteer-core";
import { checkWorkspace } from "../../src/check/check-workspace.ts";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { findBrowser } from "../../src/pdf/find-browser.ts";
import { PageNumbers } from "../../src/pdf/print-ids.ts";
import { backDocument, frontDocuments, reflectionsDocument, type PrintFacts } from "../../src/pdf/print-layout.ts";
import { PrintServer } from "../../src/pdf/print-server.ts";
import { collectAppendices } from "../../src/pdf/render-pdf.ts";
import { sourceHashes } from "../../src/pdf/sources.ts";
import { loadWorkspace } from "../../src/workspace/load-workspace.ts";
import { inPrintOrder } from "../../src/workspace/workspace.ts";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) throw new Error("usage: bare-print.ts WORKSPACE OUT.pdf");

const checked = checkWorkspace(await loadWorkspace(dir, { render: true }));
const finals = inPrintOrder(checked.workspace.reflections, "final");
const drafts = inPrintOrder(checked.workspace.reflections, "draft");
const sources = await sourceHashes(checked.workspace);
const server = await PrintServer.start();
const stylesheet = server.put("/print.css", { type: "text/css", body: await readFile(new URL("../../src/pdf/print.css", import.meta.url), "utf8") });
const facts: PrintFacts = {
  checked, md: createMarkdown(), buildId: sources.buildId, date: "2026-11-22", finals, drafts,
  appendices: await collectAppendices(finals, server, sources.files, new Map(checked.workspace.register.contacts.map((c) => [c.id, c]))), stylesheet, sources: sources.files,
};
const documents = [...frontDocuments(facts, new PageNumbers(undefined)), reflectionsDocument(facts, finals, true), backDocument(facts)];
const bodies = documents.map((html) => html.slice(html.indexOf("<body>") + 6, html.lastIndexOf("</body>")));
const head = documents[0]!.slice(0, documents[0]!.indexOf("<body>"));
const url = server.put("/portfolio.html", { type: "text/html; charset=utf-8", body: `${head}<body>${bodies.join("\n")}</body></html>` });

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
const browser = await puppeteer.launch({
  executablePath: findBrowser(),
  headless: true,
  protocolTimeout: 3_600_000,
  args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run", "--disable-extensions"],
});
const page = await browser.newPage();
await page.setJavaScriptEnabled(false);
await page.goto(url, { waitUntil: "load", timeout: 0 });
const pdf = await page.pdf({
  format: "A4", printBackground: true, tagged: true, outline: false, preferCSSPageSize: false,
  margin: { top: "18mm", bottom: "22mm", left: "18mm", right: "18mm" }, timeout: 0,
});
await writeFile(out, pdf);
await browser.close();
await server.close();
