import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { redactNames } from "../src/markdown/contacts.ts";
import type { Contact } from "../src/network/register.ts";
import { runCli } from "./helpers/cli.ts";
import { tool } from "./helpers/pdf-tools.ts";
import { checkFixture, findings, fixtureWorkspace } from "./helpers/workspace.ts";

const NAME = /Joanna[\s\u00a0]+Smithers|Smithers/i;

/** Every file of a build, read as text, for the names that must not be there. */
async function filesContaining(dir: string, pattern: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = entry.name.endsWith(".pdf") ? tool("pdftotext", [path, "-"]).stdout + tool("pdfinfo", [path]).stdout + tool("qpdf", ["--json", "--json-key=outlines", path]).stdout : await readFile(path, "utf8");
    if (pattern.test(text) || pattern.test(path)) hits.push(path.slice(dir.length + 1));
  }
  return hits;
}

/** The privacy fixture, without its deliberate unknown reference, so that it builds. */
async function buildable(consent: boolean): Promise<string> {
  const ws = await fixtureWorkspace("privacy");
  const reflection = join(ws, "reflections", "breakfast.md");
  await writeFile(reflection, (await readFile(reflection, "utf8")).replace(", and later to @jdoe", ""));
  if (consent) {
    const register = join(ws, "network", "contacts.yaml");
    await writeFile(register, (await readFile(register, "utf8")).replace("consent: false", "consent: true"));
  }
  return ws;
}

describe("the privacy check", () => {
  it("reports a contact's name written out, emails, phone numbers and unknown references where they are", async () => {
    const result = await checkFixture("privacy");
    expect(findings(result, "contact-name-in-text").map((f) => f.where)).toEqual([
      "reflections/breakfast.md:2:8",
      "reflections/breakfast.md:8:24",
      "reflections/breakfast.md:18:33",
    ]);
    expect(findings(result, "contact-name-in-text")[1]!.message).toBe(
      'Contact\'s name `Joanna Smithers` written out; write `@jsmith` instead (what is shared shows "Contact A, finance director at a regional bank")',
    );
    expect(findings(result, "contact-unknown")).toEqual([
      { where: "reflections/breakfast.md:10:59", severity: "error", message: "Unknown contact `@jdoe`; add `jdoe` to network/contacts.yaml" },
    ]);
    expect(findings(result, "contact-phone-in-text").map((f) => f.where)).toEqual(["reflections/breakfast.md:12:21"]);
    expect(findings(result, "contact-email-in-text").map((f) => f.where)).toEqual(["reflections/breakfast.md:12:39"]);
    // A private reflection is checked, but is not evidence.
    const criterion = result.coverage.units[0]!.criteria[0]!;
    expect(criterion.evidence.map((e) => e.reflection.file)).toEqual(["reflections/breakfast.md"]);
  });
});

describe("a contact's name written on two lines of one paragraph", () => {
  it("is reported at each place it is written, not twice at the first (regression: found by indexOf from the block's start)", async () => {
    const reflection = [
      "---",
      "title: Following up",
      "date: 2026-03-21",
      "criteria: [\"1.1\"]",
      "---",
      "## What happened {ac=1.1}",
      "At the breakfast Joanna Smithers offered help;",
      "Joanna Smithers then wrote to joanna@example.org and to joanna@example.org.",
      "",
    ].join("\n");
    const result = await checkFixture("privacy", { extra: { "reflections/follow-up.md": reflection } });
    const here = (rule: string) => findings(result, rule).map((f) => f.where).filter((w) => w.startsWith("reflections/follow-up.md"));
    expect(here("contact-name-in-text")).toEqual(["reflections/follow-up.md:7:18", "reflections/follow-up.md:8:1"]);
    expect(here("contact-email-in-text")).toEqual(["reflections/follow-up.md:8:31", "reflections/follow-up.md:8:57"]);
  });
});

describe("names written out, when two contacts share a surname", () => {
  const contact = (id: string, name: string, letter: string): Contact =>
    ({ id, name, organisation: "Org", organisationKind: "a charity", role: "manager", networks: [], consent: false, exchanges: [], at: { line: 1, column: 1 }, letter });
  const contacts = new Map([["asmith", contact("asmith", "Ann Smith", "A")], ["jsmith", contact("jsmith", "John Smith", "B")]]);

  // Regression: each name was searched for in turn, so Ann's surname was found inside
  // "John Smith" first and the full name was then skipped: "John" was left in the text.
  it("takes the full name over another contact's surname inside it", () => {
    expect(redactNames("I met John Smith and later Ann SMITH; Smith agreed.", contacts)).toEqual({
      text: "I met Contact B, manager at a charity and later Contact A, manager at a charity; Contact A, manager at a charity agreed.",
      ids: ["jsmith", "asmith", "asmith"],
    });
  });

  it("finds a name split over a line, and not inside a longer word", () => {
    expect(redactNames("Smithson and john\nsmith", contacts).ids).toEqual(["jsmith"]);
  });
});

describe("what is shared", () => {
  let site: string;
  beforeAll(async () => {
    const ws = await buildable(false);
    site = join(ws, "..", "_site");
    const { status, stderr } = runCli(["build", "--dir", ws, "--out", site], { env: { SOURCE_DATE_EPOCH: "1767225600" } });
    expect(stderr).toContain("Built");
    expect(status).toBe(0);
  });

  it("never contains the name of a contact without consent: pages, attributes, the PDF's text, metadata, bookmarks, report.json", async () => {
    expect(await filesContaining(site, NAME)).toEqual([]);
    const page = await readFile(join(site, "reflections", "breakfast", "index.html"), "utf8");
    expect(page).toContain('<span class="contact">Contact A, finance director at a regional bank</span>, who offered an introduction.');
    expect(page).toContain('<span class="contact">Arun Patel</span> then introduced me to <span class="contact">Contact A, finance director at a regional bank</span> again.');
    expect(page).toContain('title="Contact A, finance director at a regional bank\' bank"');
    expect(tool("pdftotext", [join(site, "portfolio.pdf"), "-"]).stdout).toContain("What Contact A, finance director at a regional bank taught me about follow-up");
  });

  it("leaves private reflections and private blocks out of every file", async () => {
    expect(await filesContaining(site, /private worries|never leaves my laptop|seemed keen/i)).toEqual([]);
  });

  it("shows the name once the contact has consented", async () => {
    const ws = await buildable(true);
    const out = join(ws, "..", "_site");
    expect(runCli(["build", "--no-sign", "--dir", ws, "--out", out]).status).toBe(0);
    expect(tool("pdftotext", [join(out, "portfolio.pdf"), "-"]).stdout).toContain("Joanna Smithers");
  });

  it("puts the candidate number where the learner's name would be in the verifier edition", async () => {
    const ws = await buildable(false);
    const out = join(ws, "..", "_site");
    const { status, stderr } = runCli(["build", "--edition", "verifier", "--dir", ws, "--out", out]);
    expect(stderr).toContain("The verifier edition is left unsigned");
    expect(status).toBe(0);
    expect(await filesContaining(out, /Test Learner/)).toEqual([]);
    expect(tool("pdftotext", ["-l", "1", join(out, "portfolio.pdf"), "-"]).stdout).toContain("Candidate 0001");
  });

  /** A buildable workspace whose breakfast reflection cites evidence/minutes.txt, holding `text`. */
  async function withMinutes(text: string): Promise<string> {
    const ws = await buildable(false);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(ws, "evidence"), { recursive: true });
    await writeFile(join(ws, "evidence", "minutes.txt"), text);
    const reflection = join(ws, "reflections", "breakfast.md");
    await writeFile(reflection, (await readFile(reflection, "utf8")).replace('criteria: ["1.1"', 'evidence: [evidence/minutes.txt]\ncriteria: ["1.1"'));
    return ws;
  }

  it("refuses a verifier edition whose evidence names the learner, naming the file to redact", async () => {
    const ws = await withMinutes("Minutes taken by Test Learner, coordinator\n");
    const out = join(ws, "..", "_site");
    const { status, stderr } = runCli(["pdf", "--edition", "verifier", "--dir", ws, "--out", join(out, "portfolio.pdf")]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/the learner's name \(verifier edition\) in portfolio\.pdf \(printed part \d\)[^\n]*\. It comes from evidence\/minutes\.txt\n/);
    expect(stderr).toContain("The verifier edition puts your candidate number where your name would be");
    expect(await stat(join(out, "portfolio.pdf")).then(() => true, () => false)).toBe(false);
  });

  it("refuses evidence that names a contact without consent, at its line and column, and builds nothing", async () => {
    const ws = await withMinutes("Present: Joanna Smithers (finance director)\n");
    const out = join(ws, "..", "_site");
    const { status, stdout, stderr } = runCli(["build", "--no-pdf", "--dir", ws, "--out", out]);
    expect(status).toBe(1);
    expect(stdout + stderr).toMatch(/evidence\/minutes\.txt\n\s+1:10\s+error\s+The name of contact @jsmith \(`Joanna Smithers`\), who has not agreed to be named; redact it and save the file again/);
    expect(await stat(out).then(() => true, () => false)).toBe(false);
  });
});

describe("network monitoring", () => {
  it("shows the register pseudonymised, balances, cost against value and a chart, on the site and in the PDF", async () => {
    const ws = await buildable(false);
    const out = join(ws, "..", "_site");
    expect(runCli(["build", "--no-sign", "--dir", ws, "--out", out]).status).toBe(0);
    const page = await readFile(join(out, "network", "index.html"), "utf8");
    const { load } = await import("cheerio");
    const $ = load(page);
    expect($("h1").text()).toBe("Network monitoring");
    const rows = $("table").eq(1).find("tbody tr").map((_, tr) => $(tr).find("th, td").map((__, c) => $(c).text().replace(/\s+/g, " ").trim()).get().join(" | ")).get();
    expect(rows).toEqual([
      "Contact A, finance director at a regional bank | Business breakfast | 1 (value 3) | 1 (value 4) | +1 received | 2026-03-20",
      "Arun Patel | Business breakfast | 1 (value 5) | 0 (value 0) | 5 more given | 2026-03-01",
    ]);
    const network = $("table").eq(2).find("tbody tr").first().find("th, td").map((_, c) => $(c).text().replace(/\s+/g, " ").trim()).get();
    // Value received per £100: 4 / £240 × 100 = 1.7.
    expect(network).toEqual(["Business breakfast", "face-to-face", "£240", "3", "2", "2 (value 8)", "1 (value 4)", "1.7"]);
    const svg = $("figure.chart svg");
    expect(svg.attr("role")).toBe("img");
    expect(svg.find("desc").text()).toBe("Feb 2026: 0 given, 1 received; Mar 2026: 2 given, 0 received");
    expect(page).not.toMatch(NAME);
    const pdf = join(out, "portfolio.pdf");
    expect(tool("pdftotext", [pdf, "-"]).stdout).toContain("Give and receive by contact");
    expect(tool("qpdf", ["--json", "--json-key=outlines", pdf]).stdout).toContain("Network monitoring");
  });
});

describe("contact ids are never published", () => {
  it("finds any contact's @id, and an id made from a name, in what was built", async () => {
    const { findLeaks, protectedNames } = await import("../src/privacy/final-pass.ts");
    const { loadWorkspace } = await import("../src/workspace/load-workspace.ts");
    const { mkdir } = await import("node:fs/promises");
    const { tempDir } = await import("./helpers/workspace.ts");
    const names = protectedNames(await loadWorkspace(await fixtureWorkspace("privacy"), { evidence: false }), "learner");
    const site = await tempDir();
    await mkdir(join(site, "reflections"), { recursive: true });
    await writeFile(join(site, "index.html"), "<p>Write <code>@apatel</code> instead.</p>");
    await writeFile(join(site, "reflections", "page.html"), "<p>Findings for jsmith.</p>");
    await writeFile(join(site, "report.json"), JSON.stringify({ note: "an email to priya@example.org is not an id" }));
    expect(await findLeaks(site, names)).toEqual([
      { file: "index.html", label: "the id of contact @apatel" },
      { file: "reflections/page.html", label: "the id of contact @jsmith, which is made from their name" },
    ]);
  });
});

describe("two contacts with one surname", () => {
  // Regression: with Rafferty Quennell protected and Imogen Quennell consenting, the final
  // pass took Imogen's name on the Network page for Rafferty's surname and refused the build.
  it("shows the one who consented, in the site and in evidence, and still keeps the other's name out", async () => {
    const ws = await buildable(false);
    const register = join(ws, "network", "contacts.yaml");
    await writeFile(register, `${await readFile(register, "utf8")}  - id: iquennell
    name: Imogen Quennell
    organisation: Westfield College
    role: careers adviser
    consent: true
    exchanges:
      - { date: 2026-03-02, direction: received, what: a careers fair stand, value: 3 }
  - id: rquennell
    name: Rafferty Quennell
    organisation: District council
    role: housing options team leader
    consent: false
`);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(ws, "evidence"), { recursive: true });
    await writeFile(join(ws, "evidence", "notes.txt"), "Met Imogen Quennell at the careers fair.\n");
    const reflection = join(ws, "reflections", "breakfast.md");
    await writeFile(reflection, (await readFile(reflection, "utf8")).replace('criteria: ["1.1"', 'evidence: [evidence/notes.txt]\ncriteria: ["1.1"'));
    const out = join(ws, "..", "_site");
    const build = runCli(["build", "--no-pdf", "--dir", ws, "--out", out]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(await readFile(join(out, "network", "index.html"), "utf8")).toContain("Imogen Quennell");
    expect(await filesContaining(out, /Rafferty/)).toEqual([]);
    // Rafferty's surname alone in evidence is still the error it was.
    await writeFile(join(ws, "evidence", "notes.txt"), "Met Imogen Quennell, and Mr Quennell from the council.\n");
    const check = runCli(["check", "--dir", ws]);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/evidence\/notes\.txt\n +1:29 +error +The name of contact @rquennell \(`Quennell`\)/);
  }, 60_000);
});
