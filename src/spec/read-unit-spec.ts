import { FileReport } from "../diagnostics/diagnostic.ts";
import fieldInvalid from "../diagnostics/rules/field-invalid.ts";
import fieldMissing from "../diagnostics/rules/field-missing.ts";
import yamlDuplicateKey from "../diagnostics/rules/yaml-duplicate-key.ts";
import { Fields } from "../yaml/fields.ts";
import { isScalar } from "yaml";
import { isMap, YamlDocument, type Node } from "../yaml/yaml-document.ts";
import { unitSlug, URN_PATTERN, type Criterion, type Guidance, type NosMapping, type Outcome, type UnitSpec } from "./unit-spec.ts";

const unitKeys = ["urn", "title", "ocr_unit_number", "sector_unit_number", "level", "credit", "glh", "aim", "outcomes", "guidance", "evidence", "assessment", "nos"];

/** Reads `units/*.yaml`. Returns undefined (with findings) when the spec cannot be used. */
export function readUnitSpec(file: string, text: string): { spec: UnitSpec | undefined; report: FileReport } {
  const report = new FileReport(file);
  const doc = new YamlDocument(text, report);
  if (!doc.ok) return { spec: undefined, report };
  const fields = Fields.of(doc, doc.root, `unit spec ${file}`, { line: 1, column: 1 });
  if (!fields) return { spec: undefined, report };
  fields.warnUnknownKeys(unitKeys);

  // `urn: null` is what `spec import` writes when the text gave no reference number: asked
  // for as the unit's own, never with another unit's number as the example.
  const written = fields.node("urn");
  const unfilled = written !== undefined && isScalar(written) && (written.value === null || written.value === "");
  if (unfilled) report.add(fieldMissing, doc.positionOf(written), { kind: "unfilled", key: "urn", where: `unit spec ${file}` });
  const urn = fields.text("urn", unfilled ? {} : { required: "R/600/9587" });
  if (urn && !URN_PATTERN.test(urn.value)) {
    report.add(fieldInvalid, urn.at, { kind: "urnMalformed", written: urn.value, inSpec: true });
  }
  const title = fields.text("title", { required: "the unit's title" });
  const level = fields.integer("level", { required: "4" });
  const credit = fields.integer("credit", { required: "3" });
  const glh = fields.integer("glh", { required: "15" });
  const aim = fields.text("aim");
  const outcomes = readOutcomes(fields);
  const evidence = readEvidence(fields);

  const errors = report.diagnostics.some((d) => d.severity === "error");
  if (errors || !urn || !title || !level || !credit || !glh) return { spec: undefined, report };
  return {
    report,
    spec: {
      urn: urn.value,
      title: title.value,
      ocrUnitNumber: fields.text("ocr_unit_number")?.value,
      sectorUnitNumber: fields.text("sector_unit_number")?.value,
      level: level.value,
      credit: credit.value,
      glh: glh.value,
      aim: aim?.value ?? "",
      outcomes,
      guidance: readGuidance(fields),
      evidence,
      assessment: fields.text("assessment")?.value,
      nos: readNos(fields),
      file,
      urnAt: urn.at,
      slug: unitSlug(urn.value),
    },
  };
}

function readOutcomes(fields: Fields): Outcome[] {
  const seq = fields.list("outcomes", { required: "[...]" });
  if (!seq) return [];
  const outcomes: Outcome[] = [];
  const seen = new Map<string, Criterion>();
  for (const item of seq.items) {
    const outcome = Fields.of(fields.doc, item as Node, "an outcome", fields.doc.positionOf(seq));
    if (!outcome) continue;
    outcome.warnUnknownKeys(["id", "text", "guidance", "criteria"]);
    const id = outcome.text("id", { required: '"1"' });
    const text = outcome.text("text", { required: "the outcome's text" });
    const criteria: Criterion[] = [];
    const criteriaSeq = outcome.list("criteria", { required: "[...]" });
    for (const criterionNode of criteriaSeq?.items ?? []) {
      const criterion = Fields.of(fields.doc, criterionNode as Node, "a criterion", outcome.at);
      if (!criterion) continue;
      criterion.warnUnknownKeys(["id", "text", "grade", "guidance"]);
      const cid = criterion.text("id", { required: '"1.1"' });
      const ctext = criterion.text("text", { required: "the criterion's text" });
      if (!cid || !ctext) continue;
      if (seen.has(cid.value)) {
        fields.doc.report.add(yamlDuplicateKey, cid.at, { kind: "criterion", id: cid.value });
        continue;
      }
      const grade = criterion.text("grade")?.value;
      const read: Criterion = { id: cid.value, text: ctext.value, guidance: readGuidance(criterion), at: cid.at, ...(grade === "pass" || grade === "merit" || grade === "distinction" ? { grade } : {}) };
      seen.set(cid.value, read);
      criteria.push(read);
    }
    if (id && text) outcomes.push({ id: id.value, text: text.value, guidance: readGuidance(outcome), criteria });
  }
  return outcomes;
}

function readGuidance(fields: Fields): Guidance[] {
  const seq = fields.list("guidance");
  const blocks: Guidance[] = [];
  for (const item of seq?.items ?? []) {
    const block = Fields.of(fields.doc, item as Node, "a guidance block", fields.at);
    if (!block) continue;
    block.warnUnknownKeys(["heading", "items"]);
    blocks.push({ heading: block.text("heading")?.value ?? "Guidance", items: block.textList("items").map((i) => i.value.replace(/\s+/g, " ")) });
  }
  return blocks;
}

function readEvidence(fields: Fields): UnitSpec["evidence"] {
  const node = fields.node("evidence");
  if (!isMap(node)) {
    if (node !== undefined) fields.invalid("evidence", node, "a mapping with `simulation`, `requirements` and `examples`");
    return { simulationAllowed: true, requirements: undefined, examples: [] };
  }
  const evidence = new Fields(fields.doc, node, "`evidence` of the unit spec");
  evidence.warnUnknownKeys(["simulation", "requirements", "examples"]);
  return {
    simulationAllowed: evidence.boolean("simulation")?.value ?? true,
    requirements: evidence.text("requirements")?.value,
    examples: evidence.textList("examples").map((e) => e.value),
  };
}

function readNos(fields: Fields): NosMapping[] {
  const seq = fields.list("nos");
  const mappings: NosMapping[] = [];
  for (const item of seq?.items ?? []) {
    const nos = Fields.of(fields.doc, item as Node, "a NOS mapping", fields.at);
    if (!nos) continue;
    nos.warnUnknownKeys(["standard", "code", "title"]);
    mappings.push({ standard: nos.text("standard")?.value ?? "", code: nos.text("code")?.value ?? "", title: nos.text("title")?.value ?? "" });
  }
  return mappings;
}
