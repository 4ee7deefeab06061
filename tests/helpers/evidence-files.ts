import { spawnSync } from "node:child_process";
import { copyFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import puppeteer from "puppeteer-core";
import { findBrowser } from "../../src/pdf/find-browser.ts";
import { tempDir } from "./workspace.ts";

/**
 * Evidence as learners really bring it, made by the programs that make it: a PDF printed
 * by Chromium, Word, OpenDocument, Excel and PowerPoint files saved by LibreOffice, a photo
 * taken by Chromium's screenshot with metadata written by exiftool, a PDF protected by
 * qpdf, a scan (a page that is only a picture). Each names `who` at a known place.
 */
export interface EvidenceSet {
  dir: string;
  files: Record<string, string>;
}

function run(command: string, args: string[], cwd?: string): void {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw new Error(`${command} is not installed (.ci/run installs it): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** Prints HTML to PDF with Chromium, and takes a JPEG screenshot of other HTML. */
async function withChromium<T>(work: (browser: import("puppeteer-core").Browser) => Promise<T>): Promise<T> {
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const browser = await puppeteer.launch({
    executablePath: findBrowser(),
    headless: true,
    // As root (CI's containers) Chromium's sandbox cannot start; elsewhere it stays on.
    args: [...(asRoot ? ["--no-sandbox"] : []), "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/**
 * A PDF printed by Chromium from HTML, with no margins (a form drawn to the page's edge),
 * or with the page size and margins its CSS gives (`cssPage`).
 */
export async function printToPdf(path: string, html: string, options: { landscape?: boolean; cssPage?: boolean } = {}): Promise<void> {
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    await page.setContent(html);
    await writeFile(path, await page.pdf(options.cssPage ? { preferCSSPageSize: true } : { format: "A4", landscape: options.landscape ?? false, margin: { top: 0, bottom: 0, left: 0, right: 0 } }));
  });
}

/** A flat OpenDocument file for LibreOffice to save in each format asked. */
interface Conversion {
  dir: string;
  source: string;
  formats: readonly string[];
}

/**
 * LibreOffice saving every file asked, one run per format for all the sets at once: each
 * run costs a second or more to start, and the sets ask for the same formats.
 */
async function libreoffice(conversions: readonly Conversion[]): Promise<void> {
  const staging = await tempDir("portfolio-lo-");
  const profile = `file://${join(staging, ".lo-profile")}`;
  const byFormat = new Map<string, Array<{ conversion: Conversion; staged: string }>>();
  for (const [i, conversion] of conversions.entries()) {
    const staged = `${i}-${conversion.source}`;
    await copyFile(join(conversion.dir, conversion.source), join(staging, staged));
    for (const format of conversion.formats) byFormat.set(format, [...(byFormat.get(format) ?? []), { conversion, staged }]);
  }
  for (const [format, files] of byFormat) {
    run("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", format, "--outdir", staging, ...files.map((f) => join(staging, f.staged))]);
    const extension = format.split(":")[0]!;
    for (const { conversion, staged } of files) {
      const made = `${staged.replace(/\.[^.]+$/, "")}.${extension}`;
      await rename(join(staging, made), join(conversion.dir, `${conversion.source.replace(/\.[^.]+$/, "")}.${extension}`));
    }
  }
}

/**
 * One file opened by LibreOffice with the import filter given (`HTML (StarWriter)` opens a
 * web page as a Writer document) and saved in another format (`docx:MS Word 2007 XML`, no quotes: no shell reads it),
 * beside it; returns its path.
 */
export async function saveWithLibreOffice(file: string, format: string, infilter?: string): Promise<string> {
  const profile = `file://${join(await tempDir("portfolio-lo-"), ".lo-profile")}`;
  run("soffice", [`-env:UserInstallation=${profile}`, "--headless", ...(infilter ? [`--infilter=${infilter}`] : []), "--convert-to", format, "--outdir", dirname(file), file]);
  return join(dirname(file), `${basename(file).replace(/\.[^.]+$/, "")}.${format.split(":")[0]}`);
}

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"';

/**
 * Makes a set for each of `whos`, a full name, or none (a set that names no one, for the
 * appendices); LibreOffice saves the files of all of them in one run per format.
 */
export async function makeEvidenceSets(whos: ReadonlyArray<string | undefined>): Promise<EvidenceSet[]> {
  const conversions: Conversion[] = [];
  const sets: EvidenceSet[] = [];
  for (const who of whos) sets.push(await writeEvidence(who, conversions));
  await libreoffice(conversions);
  return sets;
}

/** One set's files, those LibreOffice is to save listed in `conversions` (saved by the caller). */
async function writeEvidence(who: string | undefined, conversions: Conversion[]): Promise<EvidenceSet> {
  const dir = await tempDir("portfolio-evidence-");
  const libreofficeLater = (source: string, formats: readonly string[]) => conversions.push({ dir, source, formats });
  const name = who ?? "the housing options team leader";
  const files: Record<string, string> = {};

  // Meeting minutes over two pages, printed by Chromium; the name is on page 2.
  await withChromium(async (browser) => {
    const page = await browser.newPage();
    await page.setContent(`<html><body style="font-family: sans-serif">
<h1>Tenancy sustainment forum: minutes</h1><p>14 April 2026. Present: district council, money advice charity, housing association.</p>
<p>Item 1. Minutes of the last meeting agreed.</p>
<h2 style="break-before: page">Actions</h2><p>Arrears figures to be circulated by ${esc(name)} before the May meeting.</p>
<table><tr><th>Item</th><th>Owner</th></tr><tr><td>Referral route</td><td>Money advice charity</td></tr></table></body></html>`);
    await writeFile(join(dir, "minutes.pdf"), await page.pdf({ format: "A4" }));
    // A scan: a page that is one picture of text, with no text of its own.
    const shot = await page.screenshot({ type: "png", encoding: "base64" });
    await page.setContent(`<html><body style="margin:0"><img src="data:image/png;base64,${shot}" style="width:100%"></body></html>`);
    await writeFile(join(dir, "scan.pdf"), await page.pdf({ format: "A4" }));
    // A photo of a whiteboard.
    await page.setViewport({ width: 640, height: 400 });
    await page.setContent(`<html><body style="font: 32px sans-serif; background: #f4f4f4"><p>Forum actions</p><p>1. Referral route</p></body></html>`);
    await writeFile(join(dir, "whiteboard.jpg"), await page.screenshot({ type: "jpeg", quality: 80 }));
    await writeFile(join(dir, "whiteboard.png"), await page.screenshot({ type: "png" }));
    await writeFile(join(dir, "whiteboard.webp"), await page.screenshot({ type: "webp" }));
  });
  for (const picture of ["whiteboard.png", "whiteboard.webp"]) run("exiftool", ["-q", "-overwrite_original", `-XMP-dc:Creator=${name}`, join(dir, picture)]);
  files.png = "whiteboard.png";
  files.webp = "whiteboard.webp";
  files.minutes = "minutes.pdf";
  files.scan = "scan.pdf";
  run("qpdf", ["--encrypt", "user-secret", "owner-secret", "256", "--", join(dir, "minutes.pdf"), join(dir, "protected.pdf")]);
  files.protected = "protected.pdf";
  // The photo's metadata, as a phone or a photo library writes it.
  run("exiftool", ["-q", "-overwrite_original", `-Artist=${name}`, `-XMP-dc:Creator=${name}`, "-GPSLatitude=53.4808", "-GPSLatitudeRef=N", "-GPSLongitude=2.2426", "-GPSLongitudeRef=W", join(dir, "whiteboard.jpg")]);
  files.photo = "whiteboard.jpg";

  // A letter: the name in paragraph 3 of the body, and in the page header.
  await writeFile(join(dir, "letter.fodt"), `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta><dc:title>Referral letter</dc:title></office:meta>
 <office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Prepared for ${esc(name)}</text:p></style:header></style:master-page></office:master-styles>
 <office:body><office:text>
  <text:h text:outline-level="1">Referral to the money advice charity</text:h>
  <text:p>The tenant agreed to a referral on 3 June.</text:p>
  <text:p>I spoke to ${esc(name)} about the referral route.</text:p>
  <table:table table:name="Actions"><table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell><text:p>Action</text:p></table:table-cell><table:table-cell><text:p>Due</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell><text:p>Send the referral form</text:p></table:table-cell><table:table-cell><text:p>Friday</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:text></office:body></office:document>`);
  libreofficeLater("letter.fodt", ["docx:MS Word 2007 XML", "odt"]);
  files.word = "letter.docx";
  files.odt = "letter.odt";

  // A reviewed document: a comment made by the person, and a sentence naming them deleted
  // with tracked changes on. LibreOffice saves it as Word, and exports it to PDF with its comments.
  await writeFile(join(dir, "review.fodt"), `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>${esc(name)}</dc:creator><dc:date>2026-03-01T10:00:00</dc:date></office:change-info><text:p>Call ${esc(name)} first.</text:p></text:deletion></text:changed-region></text:tracked-changes>
  <text:p>The tenant agreed to the referral.<office:annotation><dc:creator>${esc(name)}</dc:creator><dc:date>2026-03-01T10:00:00</dc:date><text:p>Check the date with the council.</text:p></office:annotation></text:p>
  <text:p><text:change text:change-id="ct1"/>Send the referral form.</text:p>
 </office:text></office:body></office:document>`);
  libreofficeLater("review.fodt", ["docx:MS Word 2007 XML", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}']);
  files.review = "review.docx";
  files.reviewPdf = "review.pdf";

  // A contacts log: the name in sheet Contacts, cell B4, and in a hidden sheet's A2.
  const cell = (value: string) => `<table:table-cell office:value-type="string"><text:p>${esc(value)}</text:p></table:table-cell>`;
  const rows = [["Date", "Contact", "Organisation"], ["2026-01-27", "Void figures", "District council"], ["2026-02-05", "Information-sharing template", "Neighbouring association"], ["2026-03-12", name, "District council"]];
  await writeFile(join(dir, "log.fods"), `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles><style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>
 <office:body><office:spreadsheet>
  <table:table table:name="Contacts">${rows.map((row) => `<table:table-row>${row.map(cell).join("")}</table:table-row>`).join("")}</table:table>
  <table:table table:name="Archive" table:style-name="hidden"><table:table-row>${cell("Old contact")}</table:table-row><table:table-row>${cell(name)}</table:table-row></table:table>
 </office:spreadsheet></office:body></office:document>`);
  libreofficeLater("log.fods", ["xlsx", "ods"]);
  files.xlsx = "log.xlsx";
  files.ods = "log.ods";

  // Slides: the name in slide 2's speaker notes.
  const slide = (title: string, body: string, notes: string) => `<draw:page draw:name="${esc(title)}">
   <draw:frame presentation:class="title" svg:x="2cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>${esc(title)}</text:p></draw:text-box></draw:frame>
   <draw:frame presentation:class="outline" svg:x="2cm" svg:y="5cm" svg:width="20cm" svg:height="10cm"><draw:text-box><text:p>${esc(body)}</text:p></draw:text-box></draw:frame>
   <presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="2cm" svg:width="15cm" svg:height="10cm"><draw:text-box><text:p>${esc(notes)}</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>`;
  await writeFile(join(dir, "talk.fodp"), `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
 <office:body><office:presentation>${slide("Our referral route", "Three agencies, one form", "Welcome everyone")}${slide("What changed", "Referrals doubled in a quarter", `Thank ${name} for the figures`)}</office:presentation></office:body></office:document>`);
  libreofficeLater("talk.fodp", ["pptx"]);
  files.pptx = "talk.pptx";

  await writeFile(join(dir, "log.csv"), `date,contact,organisation\n2026-01-27,Void figures,District council\n2026-03-12,${name},District council\n`);
  files.csv = "log.csv";
  await writeFile(join(dir, "map.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120">\n  <title>Network map</title>\n  <rect x="10" y="10" width="280" height="100" fill="#eef"/>\n  <text x="20" y="60">Council: ${esc(name)}</text>\n</svg>\n`);
  files.svg = "map.svg";
  await writeFile(join(dir, "notes.md"), `# Notes from the forum\n\n## Actions\n\n- Circulate the figures\n- Ask ${name} for the referral route\n`);
  files.markdown = "notes.md";
  // An email from the person, with a contacts list attached.
  const attached = Buffer.from(`name,organisation\r\n${name},District council\r\n`).toString("base64");
  await writeFile(join(dir, "reply.eml"), [
    `From: ${name} <contact@example.org>`, "To: Learner <learner@example.org>", "Subject: Referral route", "Date: Tue, 3 Mar 2026 10:00:00 +0000", "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="part"', "", "--part", "Content-Type: text/plain; charset=utf-8", "",
    "Hello,", "", "The referral form is on our website, and the list of contacts is attached.", "", "Thanks", "",
    "--part", 'Content-Type: text/csv; name="contacts.csv"', 'Content-Disposition: attachment; filename="contacts.csv"', "Content-Transfer-Encoding: base64", "", attached, "--part--", "",
  ].join("\r\n"));
  files.email = "reply.eml";
  return { dir, files };
}
