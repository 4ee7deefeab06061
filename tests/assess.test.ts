import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv2020 as AjvClass } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./helpers/cli.ts";
import { pageText, tool } from "./helpers/pdf-tools.ts";
import { keyFile, PASSPHRASE } from "./helpers/signing.ts";
import { repoRoot, samplePdf, tempDir } from "./helpers/workspace.ts";

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
