import { cp, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { describePlace } from "../src/evidence/evidence.ts";
import { pictureForPrint } from "../src/evidence/picture-for-print.ts";
import { readEvidenceText } from "../src/evidence/read-evidence.ts";
import { findLeaks, protectedNames } from "../src/privacy/final-pass.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { runCli } from "./helpers/cli.ts";
import { makeEvidenceSets, printToPdf, type EvidenceSet } from "./helpers/evidence-files.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { fixtureWorkspace, tempDir } from "./helpers/workspace.ts";

const NAME = "Joanna Smithers";

/** The privacy fixture (Joanna Smithers has not consented), citing the given evidence files. */
async function workspaceCiting(set: EvidenceSet, files: readonly string[]): Promise<string> {
  const ws = await fixtureWorkspace("privacy");
  await mkdir(join(ws, "evidence"), { recursive: true });
  for (const file of files) await cp(join(set.dir, file), join(ws, "evidence", file));
  const reflection = join(ws, "reflections", "breakfast.md");
  const source = (await readFile(reflection, "utf8"))
    .replace(", and later to @jdoe", "")
    .replace("title: What Joanna Smithers taught me about follow-up", "title: What a finance director taught me about follow-up")
    .replace("At the breakfast I met Joanna Smithers, who offered", "At the breakfast I met @jsmith, who offered")
    .replace("I noted her number, 07700 900123, and joanna@example.org, which I should not have.", "I noted how to reach her.")
    .replace(/```private[\s\S]*?```\n\n/, "")
    .replace(' "Smithers\' bank"', "")
    .replace('criteria: ["1.1"', `evidence:\n${files.map((f) => `  - evidence/${f}`).join("\n")}\ncriteria: ["1.1"`);
  await writeFile(reflection, source);
  return ws;
}

/** The set of evidence that names no one, made once for the tests that need it. */
let sets: Promise<EvidenceSet[]> | undefined;
/** Both sets, the one naming the contact and the one naming no one, made together (LibreOffice saves both in one run per format). */
const bothSets = () => (sets ??= makeEvidenceSets([NAME, undefined]));
const evidenceNamingNoOne = async () => (await bothSets())[1]!;

/** Where each passage that holds the name is, as the check would say it. */
async function placesOf(set: EvidenceSet, file: string, name = NAME): Promise<string[]> {
  const text = await readEvidenceText(file, await readFile(join(set.dir, file)));
  return text.passages.filter((p) => p.text.includes(name)).map((p) => describePlace(p.place));
}

describe("evidence made by the programs learners use, read at its place", () => {
  let set: EvidenceSet;
  beforeAll(async () => {
    set = (await bothSets())[0]!;
  }, 180_000);

  it("reads a PDF printed by Chromium page by page, as its reader does", async () => {
    expect(await placesOf(set, set.files.minutes!)).toEqual(["page 2"]);
    // Its bytes alone do not show the name: the text is in compressed streams in a subset font.
    expect((await readFile(join(set.dir, set.files.minutes!))).toString("latin1")).not.toContain(NAME);
  });

  it("reads Word and OpenDocument text by paragraph, with headers, from files LibreOffice saved", async () => {
    expect(await placesOf(set, set.files.word!)).toEqual(["paragraph 3", "a page header"]);
    expect(await placesOf(set, set.files.odt!)).toEqual(["paragraph 3", "page styles (headers and footers)"]);
  });

  it("reads a comment's author and the text of a tracked deletion, in Word and in LibreOffice's PDF with its comments", async () => {
    expect(await placesOf(set, set.files.review!)).toEqual(["paragraph 2", "paragraph 2: author of a tracked change or comment", "comments"]);
    expect(await placesOf(set, set.files.reviewPdf!)).toEqual(["page 1", "page 1, a comment (Text)", "page 1, a comment (Popup)"]);
  });

  it("reads spreadsheets by sheet and cell, hidden sheets too, and slides with their speaker notes", async () => {
    expect(await placesOf(set, set.files.xlsx!)).toEqual(["sheet Contacts, cell B4", "sheet Archive, cell A2"]);
    expect(await placesOf(set, set.files.ods!)).toEqual(["sheet Contacts, cell B4", "sheet Archive, cell A2"]);
    expect(await placesOf(set, set.files.pptx!)).toEqual(["slide 2, speaker notes"]);
  });

  it("reads a photo's EXIF and XMP metadata as exiftool wrote them, and where it was taken", async () => {
    expect(await placesOf(set, set.files.photo!)).toEqual(["photo metadata: XMP dc:creator", "photo metadata: Artist"]);
    const text = await readEvidenceText("whiteboard.jpg", await readFile(join(set.dir, set.files.photo!)));
    expect(text.location).toEqual({ latitude: 53.4808, longitude: -2.2426 });
  });

  it("reads PNG and WebP metadata, and an SVG drawing's text at its line", async () => {
    expect(await placesOf(set, set.files.png!)).toEqual(["photo metadata: XMP dc:creator"]);
    expect(await placesOf(set, set.files.webp!)).toEqual(["photo metadata: XMP dc:creator"]);
    expect(await placesOf(set, set.files.svg!)).toEqual(["line 4"]);
  });

  it("reads CSV cells, Markdown and an email's people and message", async () => {
    expect(await placesOf(set, set.files.csv!)).toEqual(["line 3, cell B3"]);
    expect(await placesOf(set, set.files.markdown!)).toEqual(["line 1"]);
    expect(await placesOf(set, set.files.email!)).toEqual(["the email: From", "the attached file contacts.csv, line 2, cell A2"]);
  });

  it("says why a file cannot be read: a password, a scan, an archive, a recording", async () => {
    const reasons = async (file: string, bytes?: Uint8Array) => (await readEvidenceText(file, bytes ?? (await readFile(join(set.dir, file))))).unread;
    expect(await reasons(set.files.protected!)).toBe("it is protected by a password, so its text cannot be read; save a copy without the password");
    expect(await reasons(set.files.scan!)).toBe("its pages are images only (a scan), with no text to read");
    expect(await reasons("bundle.zip", zipSync({ "a.txt": new TextEncoder().encode("hello") }))).toBe("it is an archive, whose files are not read; cite each file in it as evidence instead");
    expect(await reasons("interview.mp3", new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]))).toMatch(/^it is a recording/);
  });

  it("check names every file holding the name of a contact without consent, at the place inside it, and nothing is built", async () => {
    const files = [set.files.minutes!, set.files.word!, set.files.xlsx!, set.files.pptx!, set.files.photo!, set.files.csv!, set.files.email!];
    const ws = await workspaceCiting(set, files);
    const { status, stdout } = runCli(["check", "--dir", ws]);
    expect(status).toBe(1);
    const errors = stdout.split("\n").filter((line) => line.includes("contact-name-in-evidence"));
    const at = (file: string) => stdout.slice(stdout.indexOf(`evidence/${file}\n`)).split("\n\n")[0]!;
    expect(at("minutes.pdf")).toMatch(/^ {2}page 2 +error +The name of contact @jsmith \(`Joanna Smithers`\), who has not agreed to be named; redact it and save the file again, or record their consent in network\/contacts\.yaml/m);
    // Each name once per file, at its first place, with the others said.
    expect(at("letter.docx")).toMatch(/^ {2}paragraph 3 +error .*\(also at a page header\)/m);
    expect(at("log.xlsx")).toMatch(/^ {2}sheet Contacts, cell B4 +error/m);
    expect(at("talk.pptx")).toMatch(/^ {2}slide 2, speaker notes +error/m);
    expect(at("whiteboard.jpg")).toMatch(/^ {2}photo metadata: XMP dc:creator +error .*\(also at photo metadata: Artist\)/m);
    expect(at("log.csv")).toMatch(/^ +3:12 +error .* \(cell B3\)/m);
    expect(at("reply.eml")).toMatch(/^ {2}the email: From +error/m);
    expect(errors).toHaveLength(7);
    const out = join(ws, "..", "_site");
    expect(runCli(["build", "--no-sign", "--dir", ws, "--out", out]).status).toBe(1);
    expect(await stat(out).then(() => true, () => false)).toBe(false);
  }, 120_000);

  it("warns of a file that could not be checked and of a photo's position; --strict makes them errors", async () => {
    const set2 = await evidenceNamingNoOne();
    const ws = await workspaceCiting(set2, [set2.files.protected!, set2.files.scan!, set2.files.photo!]);
    const { status, stdout } = runCli(["check", "--dir", ws]);
    expect(status).toBe(0);
    expect(stdout).toContain("evidence/protected.pdf\n  the whole file  warning  This PDF could not be checked for names: it is protected by a password, so its text cannot be read; save a copy without the password. Read it yourself for anyone who has not agreed to be named, then list it under `checked_by_hand` in portfolio.yaml");
    expect(stdout).toContain("evidence/scan.pdf\n  the whole file  warning  This PDF could not be checked for names: its pages are images only (a scan), with no text to read. Read it yourself for anyone who has not agreed to be named, then list it under `checked_by_hand` in portfolio.yaml");
    expect(stdout).toMatch(/evidence\/whiteboard\.jpg\n {2}photo metadata: GPS position +warning +This photo records where it was taken \(53\.4808, -2\.2426\)/);
    const strict = runCli(["check", "--strict", "--dir", ws]);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/\d+ errors, 0 warnings/);
    // Once read by hand and said so, a file that cannot be read no longer stands in the way.
    const yaml = join(ws, "portfolio.yaml");
    await writeFile(yaml, `${await readFile(yaml, "utf8")}checked_by_hand:\n  - evidence/protected.pdf\n  - evidence/scan.pdf\n`);
    const afterReading = runCli(["check", "--dir", ws]);
    expect(afterReading.stdout).not.toContain("evidence-not-checked");
  }, 180_000);

  it("finds the name in what was built even if the check were passed by: a printed PDF's page text, a photo's metadata", async () => {
    const site = await tempDir();
    await mkdir(join(site, "evidence"), { recursive: true });
    await cp(join(set.dir, set.files.minutes!), join(site, "evidence", "minutes.pdf"));
    await cp(join(set.dir, set.files.xlsx!), join(site, "evidence", "log.xlsx"));
    await writeFile(join(site, "index.html"), "<p>A site that names no one.</p>");
    const ws = await loadWorkspace(await fixtureWorkspace("privacy"), { evidence: false });
    expect(await findLeaks(site, protectedNames(ws, "learner"))).toEqual([
      { file: "evidence/log.xlsx", label: "the name of contact @jsmith" },
      { file: "evidence/minutes.pdf", label: "the name of contact @jsmith" },
    ]);
  });
});

describe("evidence an assessor can read in the PDF", () => {
  it("shows CSV, spreadsheets, Word, slides, Markdown and email as tables and text, not as a hash", async () => {
    const set = await evidenceNamingNoOne();
    const files = [set.files.csv!, set.files.xlsx!, set.files.word!, set.files.review!, set.files.pptx!, set.files.markdown!, set.files.email!];
    const ws = await workspaceCiting(set, files);
    const out = join(ws, "..", "_site");
    const build = runCli(["build", "--no-sign", "--dir", ws, "--out", out]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const text = tool("pdftotext", [join(out, "portfolio.pdf"), "-"]).stdout;
    for (const shown of [
      "Void figures", // a CSV cell
      "Information-sharing template", // a spreadsheet cell
      "Referral to the money advice charity", // a Word heading
      "Send the referral form", // a cell of a Word table
      "Referrals doubled in a quarter", // a slide
      "Welcome everyone", // a slide's speaker notes
      "Check the date with the council.", // a comment in a Word document
      "This document has tracked changes", // said, since they are shown accepted
      "Archive (hidden in the workbook)", // a hidden sheet, said to be hidden
      "Notes from the forum", // a Markdown heading, rendered
      "Circulate the figures", // a Markdown list item
      "Referral route", // the email's subject
    ]) expect(text).toContain(shown);
    expect(text).not.toMatch(/^#+ /m);
    expect(text).not.toContain("This file is not shown here");
  }, 180_000);

  it("places a photo without its metadata, and keeps only its orientation", async () => {
    const set = await evidenceNamingNoOne();
    const ws = await workspaceCiting(set, [set.files.photo!]);
    const out = join(ws, "..", "_site");
    const build = runCli(["build", "--no-sign", "--dir", ws, "--out", out]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    // The picture as the PDF carries it (Chromium copies a JPEG's bytes), taken out by poppler and read by exiftool.
    const images = join(await tempDir(), "image");
    expect(tool("pdfimages", ["-j", join(out, "portfolio.pdf"), images]).status).toBe(0);
    const [placed] = JSON.parse(tool("exiftool", ["-json", "-n", `${images}-000.jpg`]).stdout) as Array<Record<string, unknown>>;
    for (const field of ["GPSLatitude", "GPSLongitude", "Artist", "Creator"]) expect(placed![field]).toBeUndefined();
    // The site's copy is the file itself: its SHA-256 identifies it.
    const [copied] = JSON.parse(tool("exiftool", ["-json", "-n", join(out, "evidence", set.files.photo!)]).stdout) as Array<Record<string, unknown>>;
    expect(copied!.GPSLatitude).toBe(53.4808);
    // A phone photo taken on its side keeps the orientation that stands it up, and nothing else.
    const photo = join(await tempDir(), "sideways.jpg");
    await cp(join(set.dir, set.files.photo!), photo);
    expect(tool("exiftool", ["-q", "-overwrite_original", "-Orientation=6", "-n", photo]).status).toBe(0);
    const turned = join(await tempDir(), "turned.jpg");
    await writeFile(turned, await pictureForPrint(await readFile(photo), "image/jpeg"));
    const [stripped] = JSON.parse(tool("exiftool", ["-json", "-n", turned]).stdout) as Array<Record<string, unknown>>;
    expect(stripped!.Orientation).toBe(6);
    for (const field of ["GPSLatitude", "Artist", "Creator"]) expect(stripped![field]).toBeUndefined();
  }, 180_000);

  it("keeps a merged PDF's own foot clear of the portfolio's footer, on portrait and landscape pages", async () => {
    const set = await evidenceNamingNoOne();
    const form = `<html><body style="margin:0;font-family:sans-serif"><div style="height:100vh;position:relative;border:2px solid #333;box-sizing:border-box"><h1>Signed attendance form</h1><p style="position:absolute;bottom:4px;left:10px;margin:0">Formfoot keep with the original</p></div></body></html>`;
    await printToPdf(join(set.dir, "form.pdf"), form);
    await printToPdf(join(set.dir, "wide.pdf"), form.replace("Formfoot", "Widefoot"), { landscape: true });
    const ws = await workspaceCiting(set, ["form.pdf", "wide.pdf"]);
    const out = join(ws, "..", "_site");
    const build = runCli(["build", "--no-sign", "--dir", ws, "--out", out]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    // Words and their boxes as poppler lays them out, y counted from the top of the page.
    const boxes = tool("pdftotext", ["-bbox", join(out, "portfolio.pdf"), "-"]).stdout;
    const pages = boxes.split("<page ").slice(1).map((page) => ({
      width: Number(/width="([\d.]+)"/.exec(page)![1]),
      words: [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]! })),
    }));
    for (const foot of ["Formfoot", "Widefoot"]) {
      const page = pages.find((p) => p.words.some((w) => w.text === foot))!;
      const evidence = page.words.find((w) => w.text === foot)!;
      const footer = page.words.find((w) => w.text === "candidate")!;
      expect(evidence.y1).toBeLessThan(footer.y0 - 4);
      expect(footer.x0).toBeGreaterThan(0);
      expect(page.words.filter((w) => w.y0 >= footer.y0 - 1).every((w) => w.x1 < page.width)).toBe(true);
    }
    expect(pages.find((p) => p.words.some((w) => w.text === "Widefoot"))!.width).toBeGreaterThan(800);
  }, 180_000);
});

describe("evidence read once", () => {
  it("keeps what reading a file gave for the next check, privately, and reads a changed file again", async () => {
    const set = { dir: await tempDir() } as EvidenceSet;
    await writeFile(join(set.dir, "notes.csv"), `Who,What\n${NAME},Offered an introduction\n`);
    const ws = await workspaceCiting(set, ["notes.csv"]);
    const cache = join(await tempDir(), "cache");
    const check = () => runCli(["check", "--dir", ws, "--format", "json"], { env: { PORTFOLIO_CACHE_DIR: cache, PORTFOLIO_CACHE: "on" } });
    const named = (result: ReturnType<typeof check>) => (JSON.parse(result.stdout) as { diagnostics: Array<{ file: string; rule: string; message: string }> }).diagnostics.filter((d) => d.rule === "contact-name-in-evidence");

    const first = check();
    expect(named(first)).toEqual([expect.objectContaining({ file: "evidence/notes.csv" })]);
    const [kept] = (await readdir(cache)).filter((f) => f.startsWith("evidence-"));
    expect(kept).toBeDefined();
    // It holds the evidence's text, so only its owner may read it.
    expect((await stat(join(cache, kept!))).mode & 0o777).toBe(0o600);
    expect((await stat(cache)).mode & 0o777).toBe(0o700);
    expect(await readFile(join(cache, kept!), "utf8")).toContain(NAME);

    // The same bytes: the same findings, from what was kept.
    expect(named(check())).toEqual(named(first));
    // Other bytes: read again.
    await writeFile(join(ws, "evidence", "notes.csv"), "Who,What\nA finance director,Offered an introduction\n");
    expect(named(check())).toEqual([]);
    await writeFile(join(ws, "evidence", "notes.csv"), `Who,What\n${NAME},Offered an introduction\n`);
    expect(named(check())).toEqual(named(first));
  });
});

describe("kept results outside a project", () => {
  it("go in the user's own cache folder, owner-only, never a temporary folder other users share", async () => {
    const set = { dir: await tempDir() } as EvidenceSet;
    await writeFile(join(set.dir, "notes.csv"), `Who,What\n${NAME},Offered an introduction\n`);
    const ws = await workspaceCiting(set, ["notes.csv"]);
    const home = await tempDir();
    const outside = await tempDir();
    const result = runCli(["check", "--dir", ws], { cwd: outside, env: { HOME: home, XDG_CACHE_HOME: "", PORTFOLIO_CACHE: "on", PORTFOLIO_CACHE_DIR: "" } });
    expect(result.stdout).toContain("contact-name-in-evidence");
    const kept = join(home, ".cache", "portfolio");
    expect((await readdir(kept)).filter((f) => /^(lint|evidence)-/.test(f)).sort()).toEqual([expect.stringMatching(/^evidence-/), expect.stringMatching(/^lint-/)]);
    expect((await stat(kept)).mode & 0o777).toBe(0o700);
  });
});
