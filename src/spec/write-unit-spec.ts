import { Document } from "yaml";
import type { Guidance, UnitSpec } from "./unit-spec.ts";

/** The spec as the workspace keeps it (`units/*.yaml`): plain data, ids as strings. */
export function unitSpecData(spec: UnitSpec) {
  const guidance = (blocks: readonly Guidance[]) => (blocks.length ? { guidance: blocks.map((b) => ({ heading: b.heading, items: [...b.items] })) } : {});
  return {
    // An import that found no reference number writes null, for the learner to fill in.
    urn: spec.urn || null,
    title: spec.title,
    ...(spec.ocrUnitNumber !== undefined ? { ocr_unit_number: spec.ocrUnitNumber } : {}),
    ...(spec.sectorUnitNumber !== undefined ? { sector_unit_number: spec.sectorUnitNumber } : {}),
    level: spec.level,
    credit: spec.credit,
    glh: spec.glh,
    aim: spec.aim,
    outcomes: spec.outcomes.map((o) => ({
      id: o.id,
      text: o.text,
      ...guidance(o.guidance),
      criteria: o.criteria.map((c) => ({ id: c.id, text: c.text, ...(c.grade ? { grade: c.grade } : {}), ...guidance(c.guidance) })),
    })),
    ...guidance(spec.guidance),
    evidence: {
      simulation: spec.evidence.simulationAllowed,
      ...(spec.evidence.requirements ? { requirements: spec.evidence.requirements } : {}),
      ...(spec.evidence.examples.length ? { examples: [...spec.evidence.examples] } : {}),
    },
    ...(spec.assessment ? { assessment: spec.assessment } : {}),
    ...(spec.nos.length ? { nos: spec.nos.map((n) => ({ standard: n.standard, code: n.code, title: n.title })) } : {}),
  };
}

/** YAML for `units/<URN>.yaml`. Long texts stay on one line, so they can be searched. */
export function formatUnitSpecYaml(spec: UnitSpec): string {
  // The numeric-looking strings (ids, unit numbers) are quoted by the writer, as YAML needs.
  return new Document(unitSpecData(spec)).toString({ lineWidth: 0, indentSeq: true });
}

/** The JSON form: numbers as numbers, ids as strings. */
export function formatUnitSpecJson(spec: UnitSpec): string {
  return `${JSON.stringify(unitSpecData(spec), null, 2)}\n`;
}

/** `R/600/9587` → `R-600-9587.yaml`. */
export function unitSpecFileName(urn: string): string {
  return `${urn.replace(/\//g, "-")}.yaml`;
}
