import puppeteer from "puppeteer-core";
import { PDFDocument, PDFName, PDFDict, PDFArray, PDFString, PDFHexString } from "pdf-lib";
import { writeFileSync } from "node:fs";
const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage();
await page.setContent(`<html lang="en"><body><h1>Contents</h1><p><a href="#m-1">to marker 1</a> <a href="#m-2">to marker 2</a></p>
<div style="break-before:page"><h2>Ref</h2><p>text <a id="m-1" href="#top">AC 1.1</a></p></div>
<div style="break-before:page"><p>more</p></div><div style="break-before:page"><p id="m-2">AC 2.2 here</p></div></body></html>`);
const pdf = await page.pdf({ format: "A4", tagged: true, outline: true, displayHeaderFooter: true, footerTemplate: '<div style="font-size:8px">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>', headerTemplate: "<span></span>", margin: { top: "20mm", bottom: "20mm" } });
writeFileSync("/tmp/exp.pdf", pdf);
await browser.close();
const doc = await PDFDocument.load(pdf);
const cat = doc.catalog;
console.log("catalog keys", cat.keys().map(String));
const names = cat.lookup(PDFName.of("Names"));
console.log("Names", names?.toString().slice(0, 300));
const dests = cat.lookup(PDFName.of("Dests"));
console.log("Dests", dests?.toString().slice(0, 500));
console.log("pages", doc.getPageCount(), doc.getPages().map(p => p.ref.toString()));
