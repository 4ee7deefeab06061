import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importSpec, importSpecFile } from "../src/spec/import/import-spec.ts";
import { readUnitSpec } from "../src/spec/read-unit-spec.ts";
import type { UnitSpec } from "../src/spec/unit-spec.ts";
import { formatUnitSpecYaml, unitSpecData } from "../src/spec/write-unit-spec.ts";
import { runCli } from "./helpers/cli.ts";
import { printToPdf, saveWithLibreOffice } from "./helpers/evidence-files.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { asPdfText, asSpecPdfHtml, asWebPage } from "./helpers/spec-forms.ts";
import { fixtureWorkspace, repoRoot, tempDir } from "./helpers/workspace.ts";

const seeds = {
  "R/600/9587": { seed: "ocr-unit-21-R-600-9587-develop-maintain-and-review-personal-networks.txt", shipped: "R-600-9587.yaml" },
  "J/506/1949": { seed: "ocr-unit-53-J-506-1949-develop-and-maintain-professional-networks.txt", shipped: "J-506-1949.yaml" },
} as const;
// The two seed files, as extracted from the OCR spec PDFs, byte for byte.
const seedsDir = join(repoRoot, "tests", "fixtures", "spec-sources");

async function shipped(urn: keyof typeof seeds): Promise<UnitSpec> {
  const file = `units/${seeds[urn].shipped}`;
  return readUnitSpec(file, await readFile(join(repoRoot, "portfolio", file), "utf8")).spec!;
}

function imported(source: string, file = "input.txt"): UnitSpec {
  const { spec, diagnostics } = importSpec(source, file);
  expect(diagnostics).toEqual([]);
  return spec!;
}

/** A real spec's expected.json: what it says, read by hand. */
interface RealSpec {
  source: string;
  urn: string | null;
  title: string | null;
  level: number | null;
  credit: number | null;
  glh: number | null;
  outcomes: Array<{ id: string; text: string; criteria: Array<{ id: string; text: string; grade?: string }> }>;
}

/** Outcomes with their criteria and guidance: what coverage depends on. */
const outline = (spec: UnitSpec) => unitSpecData(spec).outcomes;

describe("importing the seed specs", () => {
  it.each(Object.keys(seeds) as Array<keyof typeof seeds>)("imports %s to exactly the shipped spec", async (urn) => {
    const source = await readFile(join(seedsDir, seeds[urn].seed), "utf8");
    const spec = imported(source);
    expect(formatUnitSpecYaml(spec)).toBe(await readFile(join(repoRoot, "portfolio", "units", seeds[urn].shipped), "utf8"));
  });

  it("reads the seeds' quirks as published", async () => {
    const r = imported(await readFile(join(seedsDir, seeds["R/600/9587"].seed), "utf8"));
    expect(r.outcomes[2]!.criteria[0]!.text).toBe("Assess the value own current personal network");
    expect(r.evidence.simulationAllowed).toBe(false);
    expect(r.outcomes[0]!.criteria[2]!.guidance[0]!.items.at(-1)).toBe("Developments in the organisations portfolio of products and services");
    const j = imported(await readFile(join(seedsDir, seeds["J/506/1949"].seed), "utf8"));
    expect(j.evidence.simulationAllowed).toBe(true);
    expect(j.outcomes[0]!.guidance.map((g) => g.heading)).toEqual(["Networks may include"]);
    expect(j.outcomes[0]!.criteria[5]!.guidance.map((g) => g.heading)).toEqual(["Ethical issues may relate to"]);
    expect(j.outcomes[2]!.criteria[3]!.guidance[0]!.items[0]).toMatch(/^The boundaries of confidentiality will vary/);
    expect(j.nos).toEqual([{ standard: "Management & Leadership (2012) National Occupational Standards", code: "CFAM&LAA3", title: "Develop and maintain your professional networks" }]);
  });
});

describe("the seed's web form, as OCR's site exports it", () => {
  // Regression: "Level:<TAB>Level 4" gave level 0, and the table's header row "Learning
  // Outcomes<TAB>Assessment Criteria" ended up in the aim.
  it("gives level 4, a clean aim, and the shipped outcomes and criteria", async () => {
    const spec = imported(await readFile(join(seedsDir, "ocr-unit-35-R-600-9587-web-export.txt"), "utf8"));
    expect(unitSpecData(spec)).toMatchObject({ urn: "R/600/9587", title: "Develop, maintain and review personal networks", ocr_unit_number: "35", sector_unit_number: "A3", level: 4, credit: 4, glh: 25 });
    expect(spec.aim).toBe("By completing this unit the learner will develop an understanding of the mutual benefits of networking and develop the skills needed to create, review, develop and maintain personal networks.");
    // The same criteria as the PDF's edition (unit 21), without its guidance column.
    const criteria = (s: UnitSpec) => s.outcomes.map((o) => ({ id: o.id, text: o.text, criteria: o.criteria.map((c) => ({ id: c.id, text: c.text })) }));
    expect(criteria(spec)).toEqual(criteria(await shipped("R/600/9587")));
  });
});

describe("the forms, laid out anew from the seeds' content", () => {
  for (const urn of Object.keys(seeds) as Array<keyof typeof seeds>) {
    it.each([
      { width: 24, bullet: "private-use", crlf: false, blankInsideWraps: true },
      { width: 38, bullet: "indent", crlf: true, blankInsideWraps: false },
      { width: 61, bullet: "private-use", crlf: true, blankInsideWraps: true },
      { width: 95, bullet: "indent", crlf: false, blankInsideWraps: false },
    ] as const)(`reads ${urn} as PDF text wrapped at $width with $bullet bullets (CRLF $crlf)`, async (options) => {
      const expected = await shipped(urn);
      const source = asPdfText(expected, options);
      expect(source).toContain("Teaching Content \n".replace("\n", options.crlf ? "\r\n" : "\n"));
      const spec = imported(source);
      expect(outline(spec)).toEqual(outline(expected));
      expect(unitSpecData(spec)).toMatchObject({ urn, title: expected.title, level: expected.level, credit: expected.credit, glh: expected.glh, aim: expected.aim, nos: unitSpecData(expected).nos });
      expect(spec.evidence).toEqual(expected.evidence);
    });

    it.each([false, true])(`reads ${urn} as a saved web page (CRLF %s)`, async (crlf) => {
      const expected = await shipped(urn);
      const source = asWebPage(expected, { crlf });
      expect(source).toMatch(/<p>1\.1 [^<]+\.<\/p>/);
      const spec = imported(source);
      expect(unitSpecData(spec)).toEqual(unitSpecData(expected));
    });
  }
});

describe("real published specs, as learners copy them (tests/fixtures/spec-sources/real)", () => {
  // Each folder: the text as published (source.txt) and what it says, read by hand
  // (expected.json), with the address it was published at. See the folder's README.
  const root = join(seedsDir, "real");
  const folders = readdirSync(root).filter((d) => existsSync(join(root, d, "expected.json"))).sort();
  /** Texts no importer can read exactly, and why (the README says more). */
  const beyondReading: Record<string, string> = {
    "ocr-A-501-5163": "a transcription site put the whole PDF on one line, the guidance column inside criterion 2.2, and outcome 3's title between 2.3's id and its text",
    "ilm-8600-310": "a transcription site put the table on one line, and ILM prints its criteria without ids: only the sense says where one ends",
    "aqa-108625": "not a regulated unit: AQA's Unit Award Scheme lists outcomes and the evidence each needs, and no assessment criteria",
    "aqa-112799": "not a regulated unit: AQA's Unit Award Scheme lists outcomes and the evidence each needs, and no assessment criteria",
  };
  const read = (folder: string) => {
    const expected = JSON.parse(readFileSync(join(root, folder, "expected.json"), "utf8")) as RealSpec;
    return { expected, ...importSpec(readFileSync(join(root, folder, "source.txt"), "utf8"), `${folder}/source.txt`) };
  };

  it.each(folders.filter((f) => !(f in beyondReading)))("imports %s exactly: reference number, title, level, credit, hours, every outcome and criterion", (folder) => {
    const { expected, spec, diagnostics } = read(folder);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect({
      urn: spec!.urn || null,
      title: spec!.title || null,
      level: spec!.level || null,
      credit: spec!.credit || null,
      glh: spec!.glh || null,
      outcomes: spec!.outcomes.map((o) => ({ id: o.id, text: o.text, criteria: o.criteria.map((c) => ({ id: c.id, text: c.text, ...(c.grade ? { grade: c.grade } : {}) })) })),
    }).toEqual({ urn: expected.urn, title: expected.title, level: expected.level, credit: expected.credit, glh: expected.glh, outcomes: expected.outcomes });
    // Each thing not found is a warning at its line, never a refusal.
    for (const [field, label] of [["urn", "unit reference number"], ["title", "unit title"], ["level", "level"], ["credit", "credit value"], ["glh", "guided learning hours"]] as const) {
      if (expected[field] === null) expect(diagnostics.map((d) => d.message).join("\n"), field).toMatch(field === "level" ? /No level|an Entry level, which has no number/ : new RegExp(`No ${label}`));
    }
  });

  // The layouts the corpus lacks, laid out from a real unit's content (the Ofqual Register's
  // R/501/6058) as other bodies print theirs; every field compared.
  const layouts: Record<string, (s: RealSpec) => string> = {
    "City & Guilds: UAN, hours in a sentence, criteria numbered afresh under `Outcome 1`": (u) => [
      `Unit 201 ${u.title}`, `Level: ${u.level}`, `Credit value: ${u.credit}`, `UAN: ${u.urn}`, "", "Guided learning hours", `It is recommended that ${u.glh} hours should be allocated for this unit.`, "",
      ...u.outcomes.flatMap((o) => [`Outcome ${o.id} ${o.text}`, "Assessment criteria", "The learner can:", ...o.criteria.map((c) => `${c.id.split(".")[1]}. ${c.text}`), ""]),
      "Range", "1.1 Advantages: sharing the work",
    ].join("\n"),
    "LO1 and AC1.1, `Unit code:` with the value on the next line": (u) => [
      `Unit title: ${u.title}`, "Unit code:", u.urn!, `RQF level: ${u.level}`, `Credit value: ${u.credit}`, `GLH: ${u.glh}`, "",
      ...u.outcomes.flatMap((o) => [`LO${o.id} ${o.text}`, ...o.criteria.map((c) => `AC${c.id} ${c.text}`)]),
    ].join("\r\n"),
    "`Learning outcome 1:`, ids split over two lines, labels all first": (u) => [
      "Unit title", "Unit reference number", "Level", "Credit value", "Guided learning hours", u.title!, u.urn!, `Level ${u.level}`, String(u.credit), String(u.glh), "",
      ...u.outcomes.flatMap((o) => [`Learning outcome ${o.id}: ${o.text}`, ...o.criteria.flatMap((c) => [c.id.split(".")[0]!, `.${c.id.split(".")[1]} ${c.text}`])]),
    ].join("\n"),
  };
  layouts["a table copied with its cells joined by ` / `, the outcome on its first row only"] = (u) => [
    `Title / ${u.title}`, `Unit reference number / ${u.urn}`, `Level / ${u.level}`, `Credit value / ${u.credit}`, `Guided learning hours / ${u.glh}`, "",
    ...u.outcomes.flatMap((o) => o.criteria.map((c, i) => (i === 0 ? `${o.id} / ${o.text} / ${c.id} / ${c.text}` : `${c.id} / ${c.text}`))),
  ].join("\n");
  it.each(Object.keys(layouts))("reads %s", async (layout) => {
    const u = (JSON.parse(readFileSync(join(root, "ofqual-R-501-6058", "expected.json"), "utf8")) as RealSpec);
    const { spec, diagnostics } = importSpec(layouts[layout]!(u), "unit.txt");
    expect(diagnostics).toEqual([]);
    expect({ urn: spec!.urn, title: spec!.title, level: spec!.level, credit: spec!.credit, glh: spec!.glh, outcomes: spec!.outcomes.map((o) => ({ id: o.id, text: o.text, criteria: o.criteria.map((c) => ({ id: c.id, text: c.text })) })) })
      .toEqual({ urn: u.urn, title: u.title, level: u.level, credit: u.credit, glh: u.glh, outcomes: u.outcomes });
  });

  it("reads a BTEC grading grid: learning aims, P, M and D criteria with their grades", () => {
    const u = (JSON.parse(readFileSync(join(root, "ofqual-R-501-6058", "expected.json"), "utf8")) as RealSpec);
    const aims = u.outcomes.slice(0, 3).map((o, i) => ({ id: "ABC"[i]!, text: o.text, criteria: o.criteria.map((c, j) => ({ id: `${"ABC"[i]}.${j === 0 ? "P1" : j === 1 ? "M2" : "D3"}`, text: c.text })) }));
    const text = [`Unit 4: ${u.title}`, "Level: 3", "Guided learning hours: 60", "", "Assessment criteria", "Pass Merit Distinction",
      ...aims.flatMap((a) => [`Learning aim ${a.id}: ${a.text}`, ...a.criteria.map((c) => `${c.id} ${c.text}.`)])].join("\n");
    const { spec } = importSpec(text, "unit.txt");
    expect(spec!.title).toBe(u.title);
    expect(spec!.outcomes.map((o) => ({ id: o.id, text: o.text, criteria: o.criteria.map((c) => ({ id: c.id, text: c.text, grade: c.grade })) }))).toEqual(
      aims.map((a) => ({ ...a, criteria: a.criteria.map((c) => ({ ...c, grade: { P: "pass", M: "merit", D: "distinction" }[c.id[2] as "P" | "M" | "D"] })) })),
    );
    // Written with its grades, and read back by the workspace.
    const yaml = formatUnitSpecYaml({ ...spec!, urn: "T/600/0001" });
    expect(yaml).toContain("      - id: B.M2\n        text: Explain the likely consequences of team members not following a code of conduct\n        grade: merit");
    expect(readUnitSpec("units/T-600-0001.yaml", yaml.replace(/^credit: 0$/m, "credit: 6")).spec!.outcomes[1]!.criteria.map((c) => c.grade)).toEqual(["pass", "merit"]);
  });

  it("reads what it can of the two texts a transcription site flattened, and says where it gave up", () => {
    expect(Object.keys(beyondReading).every((f) => folders.includes(f))).toBe(true);
    const ocr = read("ocr-A-501-5163");
    expect(ocr.spec!.urn).toBe("A/501/5163");
    expect(ocr.spec!.outcomes.flatMap((o) => o.criteria.map((c) => c.id))).toEqual(["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3"]);
    const ilm = read("ilm-8600-310");
    expect(ilm.spec).toBeUndefined();
    expect(ilm.diagnostics.map((d) => `${d.line} ${d.rule}`)).toEqual(["14 spec-not-recognised"]);
  });

  it("refuses AQA's Unit Award Scheme units, which have outcomes and no assessment criteria, saying so", () => {
    for (const folder of ["aqa-108625", "aqa-112799"]) {
      const { expected, spec, diagnostics } = read(folder);
      expect(expected.outcomes.every((o) => o.criteria.length === 0)).toBe(true);
      expect(spec).toBeUndefined();
      expect(diagnostics.map((d) => `${d.rule} ${d.message}`)).toEqual([expect.stringMatching(/^spec-not-recognised This is not a unit spec that can be read: all \d+ lines were read and no assessment criteria found/)]);
    }
  });

  it("holds specs from the Ofqual Register and several awarding bodies, each with the address it was published at", () => {
    const specs = folders.map((f) => read(f).expected);
    expect(specs.every((s) => /^https?:\/\//.test(s.source))).toBe(true);
    expect(new Set(folders.map((f) => f.split("-")[0])).size).toBeGreaterThanOrEqual(7);
    expect(folders.length).toBeGreaterThanOrEqual(20);
  });
});

describe("a saved web page, and a Word document", () => {
  // The Ofqual Register's "View Unit" page as its HTML lays it out (details as a table, the
  // outcome's id and text cells spanning its criteria's rows, menus, scripts and a footer
  // around it), from a real unit's content; then the same page saved by LibreOffice as Word.
  const root = join(seedsDir, "real");
  const u = JSON.parse(readFileSync(join(root, "ofqual-R-501-6058", "expected.json"), "utf8")) as RealSpec;
  const page = `<!DOCTYPE html><html lang="en"><head><title>View Unit : ${u.title}</title><script>var tracking = "1.1 Not a criterion";</script><style>td { padding: 4px }</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/Qualification">1 Qualifications</a></li></ul></nav>
<h1>View Unit : ${u.title}</h1>
<table class="details"><tbody>
<tr><th>Unit Reference Number</th><td>${u.urn}</td></tr><tr><th>Title</th><td>${u.title}</td></tr>
<tr><th>Unit Level</th><td>Level ${u.level}</td></tr><tr><th>Guided Learning Hours</th><td>${u.glh}</td></tr><tr><th>Unit Credit Value</th><td>${u.credit}</td></tr>
<tr><th>Date of Withdrawal</th><td></td></tr><tr><th>SSAs</th><td>14.2 Preparation for Work</td></tr>
</tbody></table>
<h2>Learning Outcomes and Assessment Criteria</h2>
<table class="outcomes"><thead><tr><th colspan="2">Learning Outcome - The learner will:</th><th colspan="2">Assessment Criterion - The learner can:</th></tr></thead><tbody>
${u.outcomes.map((o) => o.criteria.map((c, i) => `<tr>${i === 0 ? `<td rowspan="${o.criteria.length}">${o.id}</td><td rowspan="${o.criteria.length}">${o.text}</td>` : ""}<td>${c.id}</td><td>${c.text}</td></tr>`).join("\n")).join("\n")}
</tbody></table>
<footer><p>© Crown copyright. Ofqual, Earlsdon Park, 53-55 Butts Road, Coventry CV1 3BH</p></footer>
</body></html>`;
  const fields = (spec: UnitSpec) => ({ urn: spec.urn, title: spec.title, level: spec.level, credit: spec.credit, glh: spec.glh, outcomes: spec.outcomes.map((o) => ({ id: o.id, text: o.text, criteria: o.criteria.map((c) => ({ id: c.id, text: c.text })) })) });
  const want = { urn: u.urn, title: u.title, level: u.level, credit: u.credit, glh: u.glh, outcomes: u.outcomes };

  it("reads the Ofqual Register's unit page saved as HTML: every field, the spanned outcome cells in their column", async () => {
    // As a browser's "Save page as" writes it: a comment naming the address first.
    const { spec, diagnostics } = await importSpecFile(Buffer.from(`<!-- saved from url=(0054)http://register.ofqual.gov.uk/Unit/Details/R_501_6058 -->\n${page}`), "unit.html");
    expect(diagnostics).toEqual([]);
    expect(fields(spec!)).toEqual(want);
  });

  it("reads the same page saved by LibreOffice as a Word document (.docx)", async () => {
    const html = join(await tempDir(), "unit.html");
    await writeFile(html, page);
    const docx = await saveWithLibreOffice(html, "docx:MS Word 2007 XML", "HTML (StarWriter)");
    const { spec, diagnostics } = await importSpecFile(await readFile(docx), "unit.docx");
    expect(diagnostics).toEqual([]);
    expect(fields(spec!)).toEqual(want);
  }, 60_000);
});

describe("the spec's PDF, read directly", () => {
  // Printed by Chromium in OCR's layout (details table, three-column outcomes table whose
  // header repeats on every page, a running footer), then read back through pdf.js with
  // each line's place on the page: outcome, criterion and teaching-content columns never interleave.
  it.each(Object.keys(seeds) as Array<keyof typeof seeds>)("imports %s from its PDF: every outcome, criterion and guidance block, and the details", async (urn) => {
    const expected = await shipped(urn);
    const pdf = join(await tempDir(), "unit.pdf");
    await printToPdf(pdf, asSpecPdfHtml(expected, `© OCR 2011 Unit ${expected.ocrUnitNumber} ${expected.title}`), { cssPage: true });
    expect(Number(/Pages:\s+(\d+)/.exec(tool("pdfinfo", [pdf]).stdout)?.[1])).toBeGreaterThan(1);
    const { spec, diagnostics } = await importSpecFile(await readFile(pdf), "unit.pdf");
    expect(diagnostics).toEqual([]);
    // Outcomes, criteria and the teaching content's guidance, each block where the spec puts it.
    expect(outline(spec!)).toEqual(outline(expected));
    expect(spec).toMatchObject({ urn, title: expected.title, level: expected.level, credit: expected.credit, glh: expected.glh, aim: expected.aim });
  }, 60_000);
});

describe("bad input", () => {
  it("says what was not found in a file that is not a unit spec, and exits 1", async () => {
    const dir = await tempDir();
    const file = join(dir, "minutes.txt");
    await writeFile(file, "Minutes of the network meeting\n\nPresent: the finance director.\n");
    const { status, stderr, stdout } = runCli(["spec", "import", file]);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("3:1  error  This is not a unit spec that can be read: all 3 lines were read and no assessment criteria found (lines such as `1.1 Explain ...`, `AC 1.1`, `2. Describe ...` under `Outcome 1`, or `P1`, `M1`, `D1`)");
    expect(stderr).toContain("spec-not-recognised");
  });

  // Regression: a spec whose text had criteria but no reference number was refused whole.
  it("imports a spec with criteria but no reference number, as `urn: null` with a warning, named after its title", async () => {
    const expected = await shipped("J/506/1949");
    const source = asPdfText(expected, { width: 90, bullet: "indent" }).replace(/^Unit reference number.*$/m, "");
    const { spec, diagnostics } = importSpec(source, "unit.txt");
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`)).toEqual(["1:1 warning spec-field-missing No unit reference number (such as R/600/9587) found; it is written `urn: null`: fill it in from the spec or the Ofqual Register before the portfolio uses this unit"]);
    expect(outline(spec!)).toEqual(outline(expected));
    const out = await tempDir();
    const file = join(out, "unit.txt");
    await writeFile(file, source);
    const { status, stderr } = runCli(["spec", "import", file, "--out", out]);
    expect(stderr).toContain("it is written `urn: null`: fill it in from the spec or the Ofqual Register before the portfolio uses this unit");
    expect(status).toBe(0);
    const written = await readFile(join(out, "develop-and-maintain-professional-networks.yaml"), "utf8");
    expect(written.split("\n")[0]).toBe("urn: null");
    // Put in a workspace as written, check asks for the unit's own number, not the sample's.
    const ws = await fixtureWorkspace("clean", { "units/J-506-1949.yaml": written });
    const checked = runCli(["check", "--dir", ws]);
    expect(checked.stdout).toContain("1:6  error  `urn` in unit spec units/J-506-1949.yaml is not filled in; copy the unit's own reference number from its spec or the Ofqual Register (a letter, three digits and four digits: `urn: X/123/4567`)  field-missing");
    expect(checked.stdout).not.toContain("add `urn: R/600/9587`");
    expect(checked.status).toBe(1);
  });

  it("warns at the line where numbering skips or repeats, and errors on an empty criterion", async () => {
    const expected = await shipped("R/600/9587");
    const source = asPdfText(expected, { width: 200, bullet: "private-use" }).split("\n");
    const at = (prefix: string) => source.findIndex((l) => l.startsWith(prefix));
    source[at("1.2 ")] = source[at("1.2 ")]!.replace("1.2 ", "1.3 ");
    source[at("2.2 ")] = "2.2 ";
    const { spec, diagnostics } = importSpec(source.join("\n"), "unit.txt");
    expect(spec).toBeDefined();
    expect(diagnostics.map((d) => `${d.line} ${d.severity} ${d.rule} ${d.message}`)).toEqual([
      `${at("1.3 ") + 1} warning spec-numbering Criterion 1.3 follows 1.1, expected 1.2; check the spec for a missing or misnumbered criterion`,
      `${at("1.3 Explain") + 1} warning spec-numbering Criterion 1.3 appears twice; check the spec for a repeated criterion or a misprinted number`,
      `${at("2.2 ") + 1} error spec-criterion-empty Criterion 2.2 has no text; copy its wording from the spec`,
    ]);
  });
});

describe("portfolio spec import and show", () => {
  it("writes DIR/<URN>.yaml, and never replaces an existing spec without --force, showing what differs", async () => {
    const out = await tempDir();
    const seed = join(seedsDir, seeds["R/600/9587"].seed);
    const first = runCli(["spec", "import", seed, "--out", out]);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("Wrote");
    const target = join(out, "R-600-9587.yaml");
    expect(await readFile(target, "utf8")).toBe(await readFile(join(repoRoot, "portfolio", "units", "R-600-9587.yaml"), "utf8"));

    const edited = (await readFile(target, "utf8")).replace("Assess the value own current personal network", "Assess the value of my network").replace(/\n {6}- id: "3\.2"[\s\S]*?(?=\nevidence:)/, "");
    await writeFile(target, edited);
    const again = runCli(["spec", "import", seed, "--out", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists and was left as it is; the import differs:");
    expect(again.stderr).toContain("~ criterion 3.1 reworded\n      was: Assess the value of my network\n      now: Assess the value own current personal network");
    expect(again.stderr).toContain("+ criterion 3.2 added: Evaluate own experience with existing contacts and use these to inform future actions");
    expect(await readFile(target, "utf8")).toBe(edited);

    expect(runCli(["spec", "import", seed, "--out", out, "--force"]).status).toBe(0);
    expect(await readFile(target, "utf8")).not.toBe(edited);
  });

  it("finds an existing spec for the same unit under another name, and leaves it alone", async () => {
    const out = await tempDir();
    const mine = join(out, "networks-unit.yaml");
    await writeFile(mine, (await readFile(join(repoRoot, "portfolio", "units", "R-600-9587.yaml"), "utf8")).replace("Costs", "Costs and time"));
    const { status, stderr } = runCli(["spec", "import", join(seedsDir, seeds["R/600/9587"].seed), "--out", out]);
    expect(status).toBe(0);
    expect(stderr).toContain(`${mine} already holds R/600/9587 with the same outcomes and criteria; left as it is`);
    expect((await readFile(mine, "utf8"))).toContain("Costs and time");
    expect(existsSync(join(out, "R-600-9587.yaml"))).toBe(false);
  });

  it("prints JSON with numbers as numbers and ids as strings", () => {
    const { status, stdout } = runCli(["spec", "import", join(seedsDir, seeds["J/506/1949"].seed), "--format", "json"]);
    expect(status).toBe(0);
    const spec = JSON.parse(stdout);
    expect(spec).toMatchObject({ urn: "J/506/1949", title: "Develop and maintain professional networks", level: 4, credit: 3, glh: 15 });
    expect(spec.outcomes[0].criteria[0]).toMatchObject({ id: "1.1", text: "Describe the interpersonal skills needed for effective networking" });
    expect(typeof spec.outcomes[0].id).toBe("string");
  });

  it("says what it read before writing: the unit, its numbers, the outcomes and criteria with the first and last ids, what was not found", async () => {
    const file = join(seedsDir, "real", "tlm-entry1-unit1", "source.txt");
    const out = await tempDir();
    const { status, stderr } = runCli(["spec", "import", file, "--out", out]);
    expect(status).toBe(0);
    const summary = stderr.slice(stderr.indexOf(`${file}: (no reference number)`));
    expect(summary.split("\n").slice(0, 5)).toEqual([
      `${file}: (no reference number) Improving Productivity Using IT`,
      "  level ? · 1 credit · ? guided learning hours",
      "  2 outcomes, 6 criteria (1.1 to 2.3)",
      "  not found: unit reference number, level, guided learning hours (see the warnings above)",
      `Wrote ${join(out, "improving-productivity-using-it.yaml")}: (no reference number yet) Improving Productivity Using IT, 2 outcomes, 6 criteria`,
    ]);
  });

  it("--check compares with the workspace's spec of the same unit, and writes nothing", async () => {
    const ws = await fixtureWorkspace("clean");
    const pdf = join(await tempDir(), "unit-21.pdf");
    await printToPdf(pdf, asSpecPdfHtml(await shipped("R/600/9587"), "© OCR 2011"), { cssPage: true });
    const same = runCli(["spec", "import", pdf, "--check", "--dir", ws]);
    expect(same.stderr).toContain(`${join(ws, "units", "R-600-9587.yaml")} holds R/600/9587 as imported: the same title, outcomes and criteria.`);
    expect(same.status).toBe(0);
    const yaml = join(ws, "units", "R-600-9587.yaml");
    await writeFile(yaml, (await readFile(yaml, "utf8")).replace("Assess the value own current personal network", "Assess the value of my network"));
    const before = await readFile(yaml, "utf8");
    const differs = runCli(["spec", "import", pdf, "--check", "--dir", ws]);
    expect(differs.stderr).toContain(`${yaml} differs from the import:\n  ~ criterion 3.1 reworded\n      was: Assess the value of my network\n      now: Assess the value own current personal network`);
    expect(differs.status).toBe(1);
    expect(await readFile(yaml, "utf8")).toBe(before);
    await rm(join(ws, "units", "J-506-1949.yaml"));
    const other = runCli(["spec", "import", join(seedsDir, seeds["J/506/1949"].seed), "--check", "--dir", ws]);
    expect(other.stderr).toContain(`The workspace (${ws}) has no spec for J/506/1949; import it with --out ${join(ws, "units")}.`);
    expect(other.status).toBe(1);
    expect(runCli(["spec", "import", pdf, "--check", "--out", ws]).status).toBe(2);
  }, 60_000);

  it("shows a unit's outcomes and criteria", () => {
    const { status, stdout } = runCli(["spec", "show", "J/506/1949"]);
    expect(status).toBe(0);
    expect(stdout).toContain("J/506/1949  Develop and maintain professional networks");
    expect(stdout).toContain("  3.7   Make introductions to people with common or complementary interest to and within networks");
    expect(runCli(["spec", "show", "K/999/0000"]).status).toBe(2);
  });

  it("refuses a file it cannot read with a clear message", async () => {
    const missing = join(await tempDir(), "nope.txt");
    const { status, stderr } = runCli(["spec", "import", missing]);
    expect(status).toBe(2);
    expect(stderr).toContain(`Cannot read ${missing}: no such file`);
    expect(existsSync(missing)).toBe(false);
  });
});
