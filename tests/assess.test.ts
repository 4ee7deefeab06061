import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Ajv2020 as AjvClass } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./helpers/cli.ts";
import { pageText, tool } from "./helpers/pdf-tools.ts";
import { highlight, stickyNote } from "./helpers/attack-files.ts";
import { portfolioFacts } from "./helpers/attacks/portfolio.ts";
import { keyFile, PASSPHRASE, pdfsigReport } from "./helpers/signing.ts";
import { fixtureWorkspace, repoRoot, samplePdf, tempDir } from "./helpers/workspace.ts";
import { startPreview } from "./helpers/preview.ts";
import { readIdentity } from "../src/signing/identity.ts";
import { signPdf } from "../src/signing/sign-pdf.ts";
import { recordBox } from "../src/signing/signature-boxes.ts";
import { loadPdf } from "../src/pdf/pdf-lib.ts";
import { verifyPdf } from "../src/signing/verify-pdf.ts";
import { changesBetween } from "../src/assessment/changes.ts";
import { formatChanges } from "../src/cli/commands/changes.ts";

const env = { PORTFOLIO_KEY_PASSPHRASE: PASSPHRASE };

/** The decisions file's criteria: unit, id, and the evidence lines written above each. */
function listed(template: string): Array<{ urn: string; id: string; evidence: string[] }> {
  const found: Array<{ urn: string; id: string; evidence: string[] }> = [];
  let urn = "";
  let evidence: string[] = [];
  for (const line of template.split("\n")) {
    const unit = /^ {2}([A-Z]\/\d{3}\/\d{4}):$/.exec(line);
    if (unit) urn = unit[1]!;
    const e = /^ {4}# {3}Evidence: (.*)$/.exec(line);
    if (e) evidence.push(e[1]!);
    const id = /^ {4}"([^"]+)":$/.exec(line);
    if (id) { found.push({ urn, id: id[1]!, evidence }); evidence = []; }
  }
  return found;
}

describe("portfolio assess --template: the decisions file an assessor fills in, from the signed PDF alone", () => {
  let dir: string;
  let signed: string;

  beforeAll(async () => {
    dir = await tempDir();
    // The sample as `portfolio pdf` printed it, with its report.json, signed as the learner.
    const unsigned = await samplePdf(join(dir, "unsigned.pdf"));
    signed = join(dir, "portfolio.pdf");
    expect(runCli(["sign", unsigned, "--key", await keyFile("Priya Shah", "learner"), "--out", signed], { env }).status).toBe(0);
  });

  it("lists every criterion of every unit, blank, with each reflection evidencing it and the pages where it is marked", async () => {
    const { status, stderr } = runCli(["assess", signed, "--template"]);
    expect(stderr).toMatch(/^Wrote .*portfolio-decisions\.yaml: 23 criteria of R\/600\/9587, J\/506\/1949 to decide, each with its evidence and pages; signed by the learner, Priya Shah\.$/m);
    expect(status).toBe(0);
    const template = await readFile(join(dir, "portfolio-decisions.yaml"), "utf8");
    expect(template).toContain("# Assessment of the portfolio of Priya Shah (candidate number 4821)");
    expect(template).toContain("# Signed by the learner, Priya Shah; the signature holds.");
    expect(template).toContain(`SHA-256 ${tool("sha256sum", [signed]).stdout.split(" ")[0]}`);

    // The YAML reads, every decision blank, no unit or criterion the PDF does not have.
    const decisions = parse(template) as { outcome: null; criteria: Record<string, Record<string, { decision: null; feedback: string }>>; reflections: object };
    expect(decisions.outcome).toBeNull();
    const rows = listed(template);
    expect(rows.map((r) => `${r.urn} ${r.id}`)).toEqual(Object.entries(decisions.criteria).flatMap(([urn, ids]) => Object.keys(ids).map((id) => `${urn} ${id}`)));
    for (const ids of Object.values(decisions.criteria)) for (const d of Object.values(ids)) expect(d).toEqual({ decision: null, feedback: "" });

    // Against the pages the PDF itself shows: each page named holds the criterion's marker.
    expect(rows).toHaveLength(23);
    let checkedPages = 0;
    for (const row of rows) {
      for (const line of row.evidence) {
        if (line.startsWith("none")) continue;
        const pages = /pages? ([\d, ]+)$/.exec(line)![1]!.split(", ").map(Number);
        for (const page of pages) {
          // The marker's badge: "AC 1.1", or with its unit where the reflection cites two.
          expect(pageText(signed, page).replace(/\s+/g, " "), `${row.urn} ${row.id} ${line}`).toMatch(new RegExp(`AC (?:${row.urn.replaceAll("/", "\\/")} )?${row.id.replaceAll(".", "\\.")}\\b`));
          checkedPages++;
        }
      }
    }
    expect(checkedPages).toBeGreaterThan(23);

    // The README's example is this file, as made from the sample: each of its lines is here.
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const example = readme.split("## Assessing\n")[1]!.split("```yaml\n")[1]!.split("```")[0]!.trimEnd().split("\n");
    const lines = template.split("\n");
    for (const line of example) expect(lines, line).toContain(line);
  });

  it("is a file the decisions schema accepts once filled in, and refuses a not-yet without feedback", async () => {
    const template = await readFile(join(dir, "portfolio-decisions.yaml"), "utf8").catch(async () => {
      expect(runCli(["assess", signed, "--template"]).status).toBe(0);
      return readFile(join(dir, "portfolio-decisions.yaml"), "utf8");
    });
    const Ajv2020 = (createRequire(import.meta.url)("ajv/dist/2020") as { default: typeof AjvClass }).default;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(join(repoRoot, "schemas", "assessment-decisions.schema.json"), "utf8")));
    const filled = parse(template.replace(/decision: +#.*$/gm, "decision: met").replace(/^outcome: +#.*$/m, "outcome: met"));
    expect(validate(filled) ? [] : validate.errors).toEqual([]);
    const [first] = Object.values(filled.criteria as Record<string, Record<string, { decision: string; feedback: string }>>);
    Object.values(first!)[0]!.decision = "not-yet";
    expect(validate(filled)).toBe(false);
    expect(validate(parse(template))).toBe(false); // blank decisions are not decisions
  });

  it("prints it with --out -, and never writes over a decisions file already there", async () => {
    const printed = runCli(["assess", signed, "--template", "--out", "-"]);
    expect(printed.status).toBe(0);
    expect(listed(printed.stdout)).toHaveLength(23);
    const out = join(dir, "mine.yaml");
    await writeFile(out, "outcome: met\n");
    const again = runCli(["assess", signed, "--template", "--out", out]);
    expect(again.stderr).toContain(`${out} is already there, and is never written over`);
    expect(again.status).toBe(2);
    expect(await readFile(out, "utf8")).toBe("outcome: met\n");
  });

  it("refuses a PDF changed after the learner signed, and says so", async () => {
    const bytes = await readFile(signed);
    // A byte a third of the way in: in the pages the learner signed, well before the signature's own update.
    bytes[Math.floor(bytes.length / 3)]! ^= 1;
    const changed = join(dir, "changed.pdf");
    await writeFile(changed, bytes);
    const { status, stderr } = runCli(["assess", changed, "--template", "--out", "-"]);
    expect(stderr).toMatch(/^portfolio: .*changed\.pdf fails verification, so it is not what the learner signed: /);
    expect(stderr).toContain("and ask the learner for the PDF as they signed it");
    expect(status).toBe(1);
  });

  it("says when the PDF is not signed by the learner, and when it carries no evidence map (made by an older version)", async () => {
    const unsigned = await samplePdf(join(dir, "plain.pdf"));
    const plain = runCli(["assess", unsigned, "--template", "--out", "-"]);
    expect(plain.stdout).toContain("# Not signed by the learner: ask for the signed PDF before you record decisions.");
    expect(plain.status).toBe(0);
    const old = join(dir, "old.pdf");
    tool("qpdf", ["--remove-attachment=portfolio-sources.json", unsigned, old]);
    const none = runCli(["assess", old, "--template", "--out", "-"]);
    expect(none.stderr).toContain("old.pdf carries no evidence map, so its criteria and pages cannot be listed");
    expect(none.status).toBe(1);
  });
});

describe("portfolio assess --decisions FILE --check: the filled-in file checked against the PDF", () => {
  let dir: string;
  let signed: string;
  let template: string;

  beforeAll(async () => {
    dir = await tempDir();
    signed = join(dir, "portfolio.pdf");
    expect(runCli(["sign", await samplePdf(join(dir, "unsigned.pdf")), "--key", await keyFile("Priya Shah", "learner"), "--out", signed], { env }).status).toBe(0);
    expect(runCli(["assess", signed, "--template"]).status).toBe(0);
    template = await readFile(join(dir, "portfolio-decisions.yaml"), "utf8");
  });

  const check = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    return runCli(["assess", signed, "--decisions", name, "--check"], { cwd: dir });
  };
  const allMet = () => template.replace(/decision: +#.*$/gm, "decision: met").replace(/^outcome: +#.*$/m, "outcome: met");

  it("accepts the template filled in, and says what it decides", async () => {
    const filled = allMet().replace('"3.2":\n      decision: met\n      feedback: ""', '"3.2":\n      decision: not-yet\n      feedback: "Say what you will do next with each contact."').replace("outcome: met", "outcome: not-yet");
    const { status, stderr } = await check("filled.yaml", filled);
    expect(stderr).toBe("filled.yaml: 23 criteria decided, 22 met and 1 not yet (R/600/9587 3.2); the outcome is not yet met.\n");
    expect(status).toBe(0);
  });

  it("gives each slip at its line and column: a blank, an id the unit lacks, a not-yet without feedback, an outcome that disagrees", async () => {
    const broken = allMet()
      .replace('"1.3":\n      decision: met', '"1.9":\n      decision: met')
      .replace('"2.1":\n      decision: met', '"2.1":\n      decision:')
      .replace('"3.2":\n      decision: met', '"3.2":\n      decision: not-yet');
    const lines = broken.split("\n");
    const line = (text: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(text)) + 1;
    const { status, stdout, stderr } = await check("broken.yaml", broken);
    expect(stdout).toBe("");
    const found = [...stderr.matchAll(/^ +(\d+):(\d+) +error +(.+?)  ([a-z-]+)$/gm)].map((m) => `${m[1]}:${m[2]} ${m[4]} ${m[3]}`);
    const unit = line("  R/600/9587:");
    expect(found).toEqual([
      `${line("outcome: met")}:10 decision-outcome-inconsistent The outcome is \`met\`, but a criterion is not yet met (R/600/9587 3.2); make the outcome \`not-yet\`, or change those decisions`,
      `${unit}:3 decision-missing No decision for criterion \`1.3\` of R/600/9587; write \`decision: met\` or \`decision: not-yet\` for every criterion`,
      `${line('"1.9":')}:5 decision-unknown Criterion \`1.9\` is not in unit R/600/9587 of this portfolio; did you mean \`1.3\`?`,
      `${line("decision:", line('"2.1":'))}:7 decision-missing No decision for R/600/9587 \`2.1\`; write \`decision: met\` or \`decision: not-yet\` for every criterion`,
      `${line("decision: not-yet", line(`"3.2":`))}:17 decision-feedback-missing R/600/9587 \`3.2\` is judged not yet met, with no feedback; say in \`feedback\` what the learner needs to show`,
    ]);
    expect(stderr).toContain("5 errors, 0 warnings");
    expect(status).toBe(1);
  });

  it("refuses a unit and a reflection the portfolio does not have", async () => {
    const other = allMet().replace("  R/600/9587:", "  R/600/9588:").replace("reflections: {}", 'reflections:\n  2026-01-14-mapping-the-network.md: "Good."');
    const { status, stderr } = await check("other.yaml", other);
    expect(stderr).toContain("Unit R/600/9588 is not in this portfolio, which is registered for R/600/9587 or J/506/1949; did you mean R/600/9587?  decision-unknown");
    expect(stderr).toContain("No decisions for unit R/600/9587; write `decision: met` or `decision: not-yet` for every criterion  decision-missing");
    expect(stderr).toContain("Reflection `2026-01-14-mapping-the-network.md` is not in this portfolio; did you mean `2026-01-14-mapping-the-network-i-already-have.md`?  decision-unknown");
    expect(status).toBe(1);
  });

  it("says what to do when asked to record without a key, and when --check has no file", () => {
    const record = runCli(["assess", signed, "--decisions", "filled.yaml"], { cwd: dir });
    expect(record.stderr).toContain("--key is needed to record and sign the decisions: the .p12 file you sign with");
    expect(record.stderr).toContain(`portfolio assess ${signed} --decisions filled.yaml --key YOUR-KEY.p12 (or --check, to check the file and write nothing)`);
    expect(record.status).toBe(2);
    expect(runCli(["assess", signed, "--check"]).status).toBe(2);
    expect(runCli(["assess", signed, "--template", "--decisions", "x.yaml"]).status).toBe(2);
  });
});

/** The sticky note and the highlight the assessor left, as verify lists them. */
const COMMENTS = (page: number) => [
  { page, kind: "sticky note", author: "Daniel Okafor", text: "Please expand AC 2.1" },
  { page, kind: "highlight", author: "Daniel Okafor", text: "Good evidence of confidentiality" },
];

const LONG_LINK = "https://college.sharepoint.com/:b:/s/assess/EaBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefghijklmnopqrstuvwxyzABCDEF?e=Ab12Cd";

describe("portfolio assess --decisions FILE --key KEY: the decisions drawn and signed into the PDF", () => {
  let dir: string;
  let commented: string;
  let commentedPage: number;
  let assessor: string;
  let filled: string;
  const feedback = "A strong start: the network map is clear. Da iawn, gwaith ardderchog ar y map — ŵ ŷ. Zażółć gęślą jaźń.";

  beforeAll(async () => {
    dir = await tempDir();
    const learnerSigned = join(dir, "learner.pdf");
    expect(runCli(["sign", await samplePdf(join(dir, "unsigned.pdf")), "--key", await keyFile("Priya Shah", "learner"), "--out", learnerSigned], { env }).status).toBe(0);
    // The assessor read it in a PDF reader first, and left a sticky note and a highlight,
    // each with its pop-up, written as Acrobat writes them.
    const bytes = await readFile(learnerSigned);
    const facts = await portfolioFacts(bytes, learnerSigned);
    commentedPage = facts.reflection.pageNumber;
    commented = join(dir, "portfolio.pdf");
    await writeFile(commented, await highlight(await stickyNote(bytes, facts, "Please expand AC 2.1"), facts, "Good evidence of confidentiality"));
    expect(runCli(["assess", commented, "--template"]).status).toBe(0);
    filled = (await readFile(join(dir, "portfolio-decisions.yaml"), "utf8"))
      .replace(/decision: +#.*$/gm, "decision: met")
      .replace(/^outcome: +#.*$/m, "outcome: not-yet")
      .replace(/^feedback: ""$/m, `feedback: ${JSON.stringify(feedback)}`)
      .replace('"3.2":\n      decision: met\n      feedback: ""', '"3.2":\n      decision: not-yet\n      feedback: "Say what you will do next with each contact, and by when."')
      // A link as a college's SharePoint writes one: one long word, which must wrap, not overflow the record.
      .replace('"2.1":\n      decision: met\n      feedback: ""', `"2.1":\n      decision: met\n      feedback: "See ${LONG_LINK}"`)
      .replace("reflections: {}", 'reflections:\n  2026-08-18-six-month-review-of-my-networks.md: "Good use of the monitoring log."');
    await writeFile(join(dir, "decisions.yaml"), filled);
    assessor = await keyFile("Daniel Okafor", "assessor");
  });

  it("lists the comments a PDF reader added after the learner signed (page, kind, author, text), as allowed changes", () => {
    const verified = runCli(["verify", commented, "--format", "json"]);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout).comments).toEqual(COMMENTS(commentedPage));
    expect(runCli(["verify", commented]).stdout).toMatch(/a sticky note was added on page \d+ by Daniel Okafor: “Please expand AC 2\.1”/);
  });

  it("draws the record on the page kept for it, signed as the assessor: both signatures hold for pdfsig and verify, and the comments are kept", async () => {
    const out = join(dir, "assessed.pdf");
    const { status, stderr } = runCli(["assess", commented, "--decisions", join(dir, "decisions.yaml"), "--key", assessor, "--out", out], { env });
    const page = Number(/on page (\d+), signed as the assessor, Daniel Okafor: not yet met; 23 criteria decided, 22 met and 1 not yet \(R\/600\/9587 3\.2\)\./.exec(stderr)?.[1]);
    expect(stderr).toContain("The earlier signatures and the 2 comments are kept; every signature verified.");
    expect(status).toBe(0);

    // Outside judges: both signatures valid, the file sound.
    expect(pdfsigReport(out).map((s) => [s.field, s.valid])).toEqual([["learner", true], ["assessor", true]]);
    expect(tool("qpdf", ["--check", out]).stdout).toContain("No syntax or stream encoding errors found");

    // The record as the page shows it, in the page kept for it, any script drawn.
    const shown = pageText(out, page).replace(/\s+/g, " ");
    expect(shown).toContain("Assessment record");
    expect(shown).toMatch(/Not yet met Assessment: Priya Shah, candidate 4821 23 criteria decided: 22 met, 1 not yet met\. Portfolio build [0-9a-f]{16}\./);
    expect(shown).toContain(feedback);
    // A row as pdftotext reads it, the criterion's text wrapped: its id, text, decision and feedback.
    expect(shown).toMatch(/3\.2 Evaluate own experience with existing contacts and use these to inform (future actions )?Not yet met Say what you will do next with each contact, and by when\./);
    expect(shown).toContain("2026-08-18-six-month-review-of-my-networks.md: Good use of the monitoring log.");
    expect(shown).toMatch(/Signed digitally by Daniel Okafor, assessor, on \d{4}-\d{2}-\d{2}\./);

    // verify: the decisions under the assessor's signature, and the note still listed.
    const report = JSON.parse(runCli(["verify", out, "--format", "json"]).stdout);
    expect(report.valid).toBe(true);
    expect(report.assessment).toMatchObject({ role: "assessor", assessor: "Daniel Okafor", outcome: "not-yet", feedback, reflections: [{ file: "2026-08-18-six-month-review-of-my-networks.md", feedback: "Good use of the monitoring log." }] });
    expect(report.assessment.criteria).toHaveLength(23);
    expect(report.assessment.criteria.find((c: { id: string; unit: string }) => c.unit === "R/600/9587" && c.id === "2.1").feedback).toBe(`See ${LONG_LINK}`);
    expect(report.assessment.criteria.filter((c: { decision: string }) => c.decision === "not-yet")).toEqual([{ unit: "R/600/9587", id: "3.2", decision: "not-yet", feedback: "Say what you will do next with each contact, and by when." }]);
    expect(report.signatures[1]).toMatchObject({ role: "assessor", reason: "Assessment: not yet met", valid: true });
    expect(report.comments).toEqual(COMMENTS(commentedPage));
    const text = runCli(["verify", out]).stdout;
    expect(text).toContain("Decisions recorded with this signature");
    expect(text).toContain("not yet met; 22 of 23 criteria met");
    expect(text).toContain("· R/600/9587 3.2 not yet met: Say what you will do next with each contact, and by when.");

    // Signed once: the assessor's signature is there now.
    const again = runCli(["assess", out, "--decisions", join(dir, "decisions.yaml"), "--key", assessor], { env });
    expect(again.stderr).toContain("already has the assessor's signature, so no record can be added to it");
    expect(again.status).toBe(1);
  });

  it("is believed by verify only as the signer's own: a record in another's name or for another role is a failure", async () => {
    // Signed by our own signer with a record it would never write: as another tool could.
    const learnerSigned = await readFile(commented);
    const identity = readIdentity(await readFile(assessor), PASSPHRASE, "assessor.p12");
    const page = learnerSigned; // its first page will do as the drawing
    const record = (over: object) => JSON.stringify({ role: "assessor", assessor: "Daniel Okafor", date: "2026-11-29", outcome: "met", feedback: "", criteria: [], reflections: [], ...over });
    const judge = async (data: string) => (await verifyPdf(await signPdf(learnerSigned, { role: "assessor", identity, date: new Date(), record: { page, data } }), "forged.pdf")).signatures[1]!.problems;
    expect(await judge(record({ assessor: "Karen Holt" }))).toEqual(["the record of decisions in the assessor's signature names Karen Holt, but it is signed by Daniel Okafor"]);
    expect(await judge(record({ role: "iqa", outcome: "agree" }))).toEqual(["the record of decisions in the assessor's signature is the internal quality assurer's, signed in the assessor's field"]);
    expect(await judge(record({ outcome: "distinction" }))).toEqual(["the record of decisions in the assessor's signature cannot be read (it is not a record portfolio assess writes)"]);
    expect(await judge("{")).toEqual(["the record of decisions in the assessor's signature cannot be read (it is not JSON)"]);
    expect(await judge(record({}))).toEqual([]);
  });

  it("records nothing when the decisions have errors, the key is not the assessor's, a comment is in the record's box, or the PDF is not the learner's signed one", async () => {
    const before = await readFile(commented);
    const broken = join(dir, "broken.yaml");
    await writeFile(broken, filled.replace("outcome: not-yet", "outcome: met"));
    const wrong = runCli(["assess", commented, "--decisions", broken, "--key", assessor], { env });
    expect(wrong.stderr).toContain("decision-outcome-inconsistent");
    expect(wrong.stderr).toContain(`Nothing was recorded: ${commented} is as it was. Mend the decisions file and run again.`);
    expect(wrong.status).toBe(1);

    const iqa = runCli(["assess", commented, "--decisions", join(dir, "decisions.yaml"), "--key", await keyFile("Karen Holt", "iqa")], { env });
    expect(iqa.stderr).toContain("was made for the internal quality assurer, not the assessor");
    expect(iqa.status).toBe(1);

    // A sticky note left inside the record's box: the record would cover it.
    const bytes = await readFile(commented);
    const { page } = recordBox(bytes, "assessor");
    const doc = await loadPdf(bytes);
    const facts = await portfolioFacts(bytes, commented);
    const inBox = join(dir, "note-in-box.pdf");
    await writeFile(inBox, await stickyNote(bytes, { ...facts, reflection: { ...facts.reflection, page: doc.getPages()[page - 1]!.ref.objectNumber, box: [100, 300, 120, 320] } }, "Record: see my notes"));
    const covered = runCli(["assess", inBox, "--decisions", join(dir, "decisions.yaml"), "--key", assessor], { env });
    expect(covered.stderr).toContain(`Something is already in the assessor's record box on page ${page} (a Text annotation, such as a comment added in a PDF reader), and the record would cover it`);
    expect(covered.status).toBe(1);
    expect(pdfsigReport(inBox)).toHaveLength(1);

    // Feedback too long for the page even at 60%: refused, naming the longest.
    const essay = "Describe in your own words what you will do next with each contact and when you will do it, and why. ".repeat(12).trim();
    const tooLong = join(dir, "too-long.yaml");
    await writeFile(tooLong, filled.replace(/^( {6}decision: met\n {6}feedback: )""$/gm, `$1"${essay}"`).replace('feedback: "Say what you will do next with each contact, and by when."', `feedback: "${essay} And more."`));
    const long = runCli(["assess", commented, "--decisions", tooLong, "--key", assessor], { env });
    expect(long.stderr).toContain("The record of 23 decisions does not fit the page kept for it, even in small type");
    expect(long.stderr).toContain("Shorten the feedback, the longest first (R/600/9587 3.2: 254 words)");
    expect(long.status).toBe(1);

    const notPdf = runCli(["assess", join(dir, "decisions.yaml"), "--template"]);
    expect(notPdf.stderr).toContain(`portfolio: ${join(dir, "decisions.yaml")} is not a PDF`);
    expect(notPdf.status).toBe(2);

    const unsigned = await samplePdf(join(dir, "unsigned-again.pdf"));
    const notSigned = runCli(["assess", unsigned, "--decisions", join(dir, "decisions.yaml"), "--key", assessor], { env });
    expect(notSigned.stderr).toContain("is not signed by the learner, so decisions cannot be recorded on it");
    expect(notSigned.status).toBe(1);
    expect(await readFile(commented)).toEqual(before);
  });
});

describe("the whole loop: the learner signs, the assessor records, the learner takes the feedback and resubmits", () => {
  it("learner build → assess → verify → feedback → check warns until revised → rebuild → changes → assess again → the IQA samples and signs → the cohort shows it", async () => {
    const ws = await fixtureWorkspace("clean", { "reflections/review.md": "---\ntitle: What I do next with each contact\ndate: 2026-02-01\ncriteria: [\"3.2\"]\n---\nI looked back over each contact this year. {ac=3.2}\n" });
    const root = dirname(ws);
    const site = join(root, "_site");
    const pdf = join(site, "portfolio.pdf");
    // The learner builds; the PDF is signed with a local key in their name.
    expect(runCli(["build", "--dir", ws, "--out", site]).status).toBe(0);
    // The assessor reads it in a PDF reader and leaves a sticky note on the reflection, which the reader appends.
    const v1 = join(root, "portfolio-v1.pdf");
    const built = await readFile(pdf);
    const reflectionPage = (JSON.parse(await readFile(join(site, "report.json"), "utf8")) as { reflections: Array<{ file: string; page: number }> }).reflections.find((r) => r.file === "reflections/review.md")!.page;
    const doc = await loadPdf(built);
    const noteFacts = { reflection: { page: doc.getPages()[reflectionPage - 1]!.ref.objectNumber, pageNumber: reflectionPage, line: "", box: [400, 600, 420, 620] as [number, number, number, number] } } as unknown as Parameters<typeof stickyNote>[1];
    await writeFile(v1, await stickyNote(built, noteFacts, "Please say what you will do next."));

    // The assessor: a template, filled in with 3.2 not yet met, recorded and signed.
    expect(runCli(["assess", v1, "--template"]).status).toBe(0);
    const decisions = join(root, "portfolio-v1-decisions.yaml");
    await writeFile(decisions, (await readFile(decisions, "utf8"))
      .replace(/decision: +#.*$/gm, "decision: met").replace(/^outcome: +#.*$/m, "outcome: not-yet")
      .replace('"3.2":\n      decision: met\n      feedback: ""', '"3.2":\n      decision: not-yet\n      feedback: "Say what you will do next with each contact, and by when."')
      .replace("reflections: {}", 'reflections:\n  review.md: "A clear start; now say what comes next."'));
    const assessor = await keyFile("Daniel Okafor", "assessor");
    const assessed = join(root, "portfolio-v1-assessed.pdf");
    expect(runCli(["assess", v1, "--decisions", decisions, "--key", assessor, "--out", assessed], { env }).status).toBe(0);
    expect(pdfsigReport(assessed).map((s) => s.valid)).toEqual([true, true]);
    const assessedReport = JSON.parse(runCli(["verify", assessed, "--format", "json"]).stdout);
    expect(assessedReport.assessment).toMatchObject({ assessor: "Daniel Okafor", outcome: "not-yet" });
    expect(assessedReport.comments).toEqual([{ page: reflectionPage, kind: "sticky note", author: "Daniel Okafor", text: "Please say what you will do next." }]);
    expect(tool("qpdf", ["--check", assessed]).stdout).toContain("No syntax or stream encoding errors found");

    // The learner stores it; check shows the criterion not yet met, with the feedback, at its decision.
    const stored = runCli(["feedback", assessed, "--dir", ws]);
    expect(stored.stderr).toMatch(/^Stored the assessment by Daniel Okafor of \d{4}-\d{2}-\d{2} in .*assessment\/\d{4}-\d{2}-\d{2}-assessor\.json: not yet met, 6 of 7 criteria met\.\n {2}R\/600\/9587 3\.2 not yet met: Say what you will do next with each contact, and by when\.$/m);
    expect(stored.status).toBe(0);
    expect(runCli(["feedback", assessed, "--dir", ws]).stderr).toMatch(/^Stored already: /);
    // Refused, exit 1: a PDF with no recorded decisions, one changed since, another learner's.
    const unrecorded = runCli(["feedback", v1, "--dir", ws]);
    expect(unrecorded.stderr).toContain(`portfolio: ${v1} holds no recorded assessment`);
    expect(unrecorded.status).toBe(1);
    const tampered = join(root, "tampered.pdf");
    await writeFile(tampered, Buffer.concat([await readFile(assessed), Buffer.from("\n% appended\n")]));
    expect(runCli(["feedback", tampered, "--dir", ws]).stderr).toContain("fails verification, so its assessment is not stored");
    const someoneElse = await fixtureWorkspace("clean");
    await writeFile(join(someoneElse, "portfolio.yaml"), (await readFile(join(someoneElse, "portfolio.yaml"), "utf8")).replace("name: Test Learner", "name: Sam Carter"));
    const other = runCli(["feedback", assessed, "--dir", someoneElse]);
    expect(other.stderr).toContain("is the assessment of Test Learner's portfolio, and this workspace is Sam Carter's (portfolio.yaml)");
    expect(other.status).toBe(1);
    expect(existsSync(join(someoneElse, "assessment"))).toBe(false);
    const warned = runCli(["check", "--dir", ws]);
    expect(warned.stdout + warned.stderr).toMatch(/assessment\/\d{4}-\d{2}-\d{2}-assessor\.json\n +\d+:7 +warning +R\/600\/9587 `3\.2` was judged not yet met by Daniel Okafor on \d{4}-\d{2}-\d{2}: “Say what you will do next with each contact, and by when\.”; evidence it in a final reflection changed or written since, then build and resubmit +assessment-not-yet/);

    // The preview shows the decision beside the criterion, with the feedback, and the warning.
    const preview = await startPreview(ws);
    try {
      const unit = (await (await fetch(`${preview.base}/units/r-600-9587/`)).text()).replace(/\s+/g, " ");
      expect(unit).toMatch(/<p class="decision decision-not-yet"><span class="decision-flag">Not yet met<\/span> <span class="meta">Daniel Okafor, <time[^>]*>[^<]+<\/time><\/span> <q>Say what you will do next with each contact, and by when\.<\/q> <span class="meta">Not worked on since: revise or write a final reflection that evidences it\.<\/span><\/p>/);
      expect(preview.stderr()).toContain("assessment-not-yet");
    } finally {
      await preview.stop();
    }

    // The learner revises the reflection that evidences it: the warning goes, the rest stays.
    const review = join(ws, "reflections", "review.md");
    await writeFile(review, `${await readFile(review, "utf8")}\nNext, I will ring each of the three suppliers by the end of March. {ac=3.2}\n`);
    expect(runCli(["check", "--dir", ws]).stderr).not.toContain("assessment-not-yet");
    expect(runCli(["build", "--dir", ws, "--out", site]).status).toBe(0);
    const v2 = join(root, "portfolio-v2.pdf");
    await writeFile(v2, await readFile(pdf));
    // The resubmitted PDF says what changed since the assessment, with the pages to read.
    const sincePage = pageText(v2, 4).replace(/\s+/g, " ");
    expect(sincePage).toMatch(/^Changes since the assessment Assessed by Daniel Okafor on \d+ \w+ \d{4} \(the PDF of build [0-9a-f]{16}\): not yet met, 6 of 7 criteria met\. Criteria judged not yet met R\/600\/9587 3\.2: “Say what you will do next with each contact, and by when\.” Now evidenced by What I do next with each contact \(p\. (\d+)\), changed\. Reflections and evidence changed since What I do next with each contact \(p\. \1\): changed/);
    const reviewPage = Number(/\(p\. (\d+)\)/.exec(sincePage)![1]);
    expect(pageText(v2, reviewPage)).toMatch(/^What I do next with each contact/);
    // The site shows each decision beside its criterion, and the assessment on the dashboard.
    const unitPage = (await readFile(join(site, "units", "r-600-9587", "index.html"), "utf8")).replace(/\s+/g, " ");
    expect(unitPage).toMatch(/<p class="decision decision-not-yet"><span class="decision-flag">Not yet met<\/span> <span class="meta">Daniel Okafor, <time datetime="[\d-]+">\d+ \w+ \d{4}<\/time><\/span> <q>Say what you will do next with each contact, and by when\.<\/q> <span class="meta">A reflection evidencing it has changed since: build and resubmit\.<\/span><\/p>/);
    expect(unitPage.match(/class="decision decision-met"/g)).toHaveLength(6);
    expect((await readFile(join(site, "reflections", "review", "index.html"), "utf8")).replace(/\s+/g, " ")).toMatch(/<aside class="assessor-feedback" aria-label="Assessor's feedback"><p><strong>Assessor's feedback<\/strong> <span class="meta">\(Daniel Okafor, <time[^>]*>[^<]+<\/time>\)<\/span><\/p><p>A clear start; now say what comes next\.<\/p><\/aside>/);
    expect((await readFile(join(site, "index.html"), "utf8")).replace(/\s+/g, " ")).toMatch(/<h2 id="assessment-heading">Assessment<\/h2> <p class="decision decision-not-yet"><span class="decision-flag">Not yet met<\/span> <span class="meta">Daniel Okafor, <time datetime="[\d-]+">[^<]+<\/time>: 6 of 7 criteria met; 0 of the 1 not yet met still to work on<\/span>/);
    const since = JSON.parse(runCli(["verify", v2, "--since", v1, "--format", "json"]).stdout).since;
    expect(since).toMatchObject({ changed: ["reflections/review.md"], added: [], removed: [] });
    // What changed, word by word, from the printed text each PDF carries.
    const changes = runCli(["changes", v1, v2]);
    expect(changes.stdout).toBe([
      `${v2} (build ${JSON.parse(runCli(["changes", v1, v2, "--format", "json"]).stdout).to.build}) against ${v1} (build ${since.buildId}):`,
      "  changed  reflections/review.md “What I do next with each contact”",
      // Eight words either side of a change; the marker's badge is printed text too.
      "           … this year. Evidence for criterion AC 3.2 {+Next, I will ring each of the three suppliers by the end of March. Evidence for criterion AC 3.2+}",
      "1 file changed, added or removed.",
      "",
    ].join("\n"));
    expect(changes.status).toBe(1);
    const words = JSON.parse(runCli(["changes", v1, v2, "--format", "json"]).stdout).reflections.changed[0].words;
    expect(words.filter((w: { op: string }) => w.op !== "=")).toEqual([{ op: "+", text: "Next, I will ring each of the three suppliers by the end of March. Evidence for criterion AC 3.2" }]);
    const none = runCli(["changes", v2, v2]);
    expect(none.stdout).toContain("Nothing changed: the two PDFs were made from the same files.");
    expect(none.status).toBe(0);

    // Assessed again, all met; then the IQA countersigns: three signatures, each valid for pdfsig.
    // v1's decisions are bound to v1: refused on v2, which gets a template of its own.
    const stale = runCli(["assess", v2, "--decisions", decisions, "--key", assessor], { env });
    expect(stale.stderr).toMatch(/portfolio-v1-decisions\.yaml was made for the PDF of build [0-9a-f]{16} \(its first lines say so\), but .*portfolio-v2\.pdf is build [0-9a-f]{16}: the portfolio has changed since/);
    expect(stale.status).toBe(1);
    const met = join(root, "portfolio-v2-decisions.yaml");
    expect(runCli(["assess", v2, "--template"]).status).toBe(0);
    await writeFile(met, (await readFile(met, "utf8")).replace(/decision: +#.*$/gm, "decision: met").replace(/^outcome: +#.*$/m, "outcome: met"));
    const final = join(root, "portfolio-v2-assessed.pdf");
    expect(runCli(["assess", v2, "--decisions", met, "--key", assessor, "--out", final], { env }).status).toBe(0);
    // The IQA samples two criteria from a template that shows the assessor's decisions.
    const iqaTemplate = runCli(["assess", final, "--role", "iqa", "--template"]);
    expect(iqaTemplate.stderr).toMatch(/: 7 criteria of R\/600\/9587, each with the assessor's decision \(Daniel Okafor, \d{4}-\d{2}-\d{2}\) and its evidence, to sample\.$/m);
    const sampling = join(root, "portfolio-v2-assessed-iqa.yaml");
    const sampled = (await readFile(sampling, "utf8")).replace(/^outcome: +#.*$/m, "outcome: agree").replace(/^feedback: ""$/m, 'feedback: "Sound decisions; well evidenced."');
    expect(sampled).toContain("    #   Assessor: met");
    const pick = (text: string, id: string) => text.replace(`"${id}":\n      decision:       # agree | disagree, or blank if not sampled`, `"${id}":\n      decision: agree`);
    await writeFile(sampling, pick(pick(sampled, "1.1"), "3.2"));
    // The schema editors use takes the IQA's file as written, blanks (not sampled) and all; not an assessor's decision in it.
    const Ajv = (createRequire(import.meta.url)("ajv/dist/2020") as { default: typeof AjvClass }).default;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(await readFile(join(repoRoot, "schemas", "assessment-decisions.schema.json"), "utf8")));
    expect(validate(parse(await readFile(sampling, "utf8"))) ? [] : validate.errors).toEqual([]);
    expect(validate(parse((await readFile(sampling, "utf8")).replace(/^ {6}decision: agree$/m, "      decision: met")))).toBe(false);
    // The assessor's file given as the IQA's is one slip, said once.
    const swapped = runCli(["assess", final, "--role", "iqa", "--decisions", met, "--check"]);
    expect(swapped.stderr).toContain("decides met or not-yet, as the assessor does, but --role iqa samples the assessor's decisions with agree or disagree");
    expect(swapped.status).toBe(1);
    const checked = runCli(["assess", final, "--role", "iqa", "--decisions", sampling, "--check"]);
    expect(checked.stderr).toBe(`${sampling}: 2 criteria sampled, 2 agreed with and 0 disagreed with; the outcome is agree.\n`);
    const iqaKey = await keyFile("Karen Holt", "iqa");
    const recordedIqa = runCli(["assess", final, "--role", "iqa", "--decisions", sampling, "--key", iqaKey], { env });
    const iqaPage = Number(/on page (\d+), signed as the internal quality assurer, Karen Holt: agree; 2 criteria sampled, 2 agreed with and 0 disagreed with\./.exec(recordedIqa.stderr)?.[1]);
    expect(recordedIqa.status).toBe(0);
    expect(pdfsigReport(final).map((s) => [s.field, s.valid])).toEqual([["learner", true], ["assessor", true], ["iqa", true]]);
    const shownIqa = pageText(final, iqaPage).replace(/\s+/g, " ");
    expect(shownIqa).toMatch(/Agrees with the assessment Internal quality assurance: Test Learner, candidate 0001 2 criteria sampled: agrees with 2, disagrees with 0, of the assessment by Daniel Okafor on /);
    // Each sampled row: its id, text (wrapped where pdftotext breaks it), the assessor's decision, the IQA's.
    expect(shownIqa).toMatch(/AC Criterion Assessor IQA Feedback 1\.1 Evaluate the benefits of [a-z ]*Met Agree [a-z ]*3\.2 Evaluate own experience with [a-z ]*Met Agree/);
    const report = JSON.parse(runCli(["verify", final, "--format", "json"]).stdout);
    expect(report.valid).toBe(true);
    expect(report.assessment).toMatchObject({ outcome: "met" });
    expect(report.iqa).toMatchObject({ role: "iqa", assessor: "Karen Holt", outcome: "agree", feedback: "Sound decisions; well evidenced.", criteria: [{ unit: "R/600/9587", id: "1.1", decision: "agree", feedback: "" }, { unit: "R/600/9587", id: "3.2", decision: "agree", feedback: "" }] });
    expect(runCli(["verify", final]).stdout).toContain("Sampling recorded with this signature");
    // Back with the learner: both records stored, the IQA's beside the assessor's.
    const both = runCli(["feedback", final, "--dir", ws]);
    expect(both.stderr).toMatch(/^Stored the internal quality assurance by Karen Holt of \d{4}-\d{2}-\d{2} in .*assessment\/\d{4}-\d{2}-\d{2}-iqa\.json: agrees with the assessment, 2 criteria sampled\.$/m);
    expect(both.status).toBe(0);
    expect(runCli(["check", "--dir", ws]).stderr).not.toContain("assessment-not-yet");
    expect(tool("qpdf", ["--check", final]).stdout).toContain("No syntax or stream encoding errors found");
    // The centre's cohort view shows both records, and the IQA's sampling plan covers this assessor.
    const cohortDir = join(root, "cohort");
    const cohort = runCli(["cohort", final, "--out", cohortDir, "--sample", "--seed", "7"]);
    expect(cohort.stderr).toContain(`Sampling plan (seed 7, 15%, new or flagged 50%): 1 of 1 assessed learners, in ${join(cohortDir, "sample.csv")}`);
    expect(cohort.status).toBe(0);
    const rows = JSON.parse(await readFile(join(cohortDir, "cohort.json"), "utf8")).learners;
    expect(rows).toMatchObject([{ candidateNumber: "0001", learnerSigned: true, verify: { state: "valid" }, assessment: { outcome: "met", by: "Daniel Okafor" }, iqa: { outcome: "agree", by: "Karen Holt" } }]);
    expect((await readFile(join(cohortDir, "sample.csv"), "utf8")).split("\n")[1]).toMatch(/^0001,Daniel Okafor,R\/600\/9587,[a-z -]*reflective-account[a-z -]*,covers assessor Daniel Okafor,yes,/);
    const page = await readFile(join(cohortDir, "index.html"), "utf8");
    expect(page).toContain("met<br><small>Daniel Okafor,");
    expect(page).toContain("agree<br><small>Karen Holt,");
    expect(page).toContain("<h2>Sampling plan</h2>");
  });
});

describe("portfolio changes OLD.pdf NEW.pdf", () => {
  it("says when an earlier PDF carries no printed text to compare, and still lists every file by what happened to it", () => {
    const sources = { "portfolio.yaml": "a", "reflections/a.md": "1", "reflections/gone.md": "2", "evidence/log.csv": "3" };
    const earlier = { buildId: "0000000000000001", sources };
    const later = { buildId: "0000000000000002", sources: { ...sources, "reflections/a.md": "1b", "reflections/gone.md": undefined, "reflections/new.md": "4", "evidence/log.csv": "3b", "units/x.yaml": "5" } as unknown as Record<string, string>, published: { "reflections/a.md": "A\nNew text", "reflections/new.md": "Brand new\nText" } };
    for (const key of Object.keys(later.sources)) if (later.sources[key] === undefined) delete later.sources[key];
    const changes = changesBetween(earlier, later);
    expect(formatChanges("v1.pdf", "v2.pdf", changes)).toBe([
      "v2.pdf (build 0000000000000002) against v1.pdf (build 0000000000000001):",
      "  changed  reflections/a.md “A”",
      "           (an earlier PDF does not carry its printed text: the words that changed cannot be shown)",
      "  added    reflections/new.md “Brand new”",
      "  removed  reflections/gone.md",
      "  changed  evidence/log.csv",
      "  added    units/x.yaml",
      "5 files changed, added or removed.",
    ].join("\n"));
  });
});

describe("a resubmission: verify NEW.pdf --since OLD.pdf, with no workspace", () => {
  it("names the files changed and added, and each criterion whose evidence is new or changed with the pages to read again", async () => {
    // A one-reflection portfolio, printed and signed as first submitted...
    const ws = await fixtureWorkspace("clean", { "reflections/all.md": (await readFile(join(repoRoot, "tests", "fixtures", "clean", "reflections", "all.md"), "utf8")).replace(', "3.2"]', "]").replace("{ac=3.1,3.2}", "{ac=3.1}") });
    const dir = dirname(ws);
    const key = await keyFile("Test Learner", "learner");
    const submit = async (name: string) => {
      const printed = join(dir, name, "portfolio.pdf");
      expect(runCli(["pdf", "--dir", ws, "--out", printed], { env: { SOURCE_DATE_EPOCH: "1767225600" } }).status).toBe(0);
      const signedAs = join(dir, `${name}.pdf`);
      expect(runCli(["sign", printed, "--key", key, "--out", signedAs], { env }).status).toBe(0);
      return signedAs;
    };
    const before = await submit("v1");
    // ...then, after the feedback, one reflection extended and one added, for 3.2.
    const all = join(ws, "reflections", "all.md");
    await writeFile(all, `${await readFile(all, "utf8")}\nSince my assessor's feedback, I have set a date to review each contact again in March. {ac=3.1}\n`);
    await writeFile(join(ws, "reflections", "next-steps.md"), [
      "---", "title: What I will do next with each contact", "date: 2026-10-05", 'criteria: ["3.2"]', "---",
      "For each of the five contacts in my review, I have written the next step and a date, and put the dates in my calendar. {ac=3.2}", "",
    ].join("\n"));
    const after = await submit("v2");

    const { status, stdout } = runCli(["verify", after, "--since", before, "--format", "json"]);
    expect(status).toBe(0);
    const since = JSON.parse(stdout).since as { criteria: Array<{ urn: string; id: string; before: boolean; pages: number[]; files: string[] }> };
    expect(since).toMatchObject({ file: before, changed: ["reflections/all.md"], added: ["reflections/next-steps.md"], removed: [], lost: [] });
    // Every criterion all.md evidences is to be read again (it changed), and 3.2 for the first time.
    expect(since.criteria.map((c) => `${c.id} ${c.before ? "again" : "new"} ${c.files.join(" ")}`)).toEqual([
      "1.1 again reflections/all.md", "1.2 again reflections/all.md", "1.3 again reflections/all.md", "2.1 again reflections/all.md", "2.2 again reflections/all.md", "3.1 again reflections/all.md", "3.2 new reflections/next-steps.md",
    ]);
    // The pages given are where the criterion is marked in the new PDF.
    const report = JSON.parse(await readFile(join(dir, "v2", "report.json"), "utf8")) as { markers: Array<{ file: string; id: string; page: number }> };
    for (const c of since.criteria) {
      expect(c.pages).toEqual([...new Set(report.markers.filter((m) => m.id === c.id && c.files.includes(m.file)).map((m) => m.page))].sort((a, b) => a - b));
      for (const page of c.pages) expect(pageText(after, page).replace(/\s+/g, " ")).toMatch(new RegExp(`AC ${c.id.replace(".", "\\.")}\\b`));
    }

    const text = runCli(["verify", after, "--since", before]).stdout;
    expect(text).toContain(`Since ${before} (build `);
    expect(text).toContain("  · reflections/next-steps.md added");
    expect(text).toMatch(/ {2}· R\/600\/9587 3\.2 \(not evidenced before\): page \d+ \(reflections\/next-steps\.md\)/);
  });
});
