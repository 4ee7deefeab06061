import { FileReport, type Position } from "../diagnostics/diagnostic.ts";
import fieldInvalid from "../diagnostics/rules/field-invalid.ts";
import fieldMissing from "../diagnostics/rules/field-missing.ts";
import yamlDuplicateKey from "../diagnostics/rules/yaml-duplicate-key.ts";
import { LINT_RULES } from "../lint/lint-rules.ts";
import { URN_PATTERN } from "../spec/unit-spec.ts";
import { Fields, type Located } from "../yaml/fields.ts";
import { YamlDocument } from "../yaml/yaml-document.ts";

/** portfolio.yaml: who the portfolio belongs to and which units it is for. */
export interface PortfolioConfig {
  learner: { name: string; candidateNumber: string };
  centre: { name: string; number: string };
  qualification: string;
  /** Registered units by URN, each with where it is written. */
  units: Array<Located<string>>;
  assessor: { name: string } | undefined;
  /** The learner's signing key (a .p12), relative to portfolio.yaml's folder. */
  signingKey: Located<string> | undefined;
  /** Lint rules' severities as set in portfolio.yaml (`lint: { heading-increment: off }`). */
  lint: Map<string, "error" | "warning" | "off">;
  /** People who may be named though not in the register: authors cited, public figures. */
  publicNames: string[];
  /** Evidence files the learner has read for names themselves, which the tool cannot read (scans, recordings). */
  checkedByHand: string[];
}

export const CONFIG_FILE = "portfolio.yaml";

export function readPortfolioConfig(text: string): { config: PortfolioConfig | undefined; report: FileReport } {
  const report = new FileReport(CONFIG_FILE);
  const doc = new YamlDocument(text, report);
  if (!doc.ok) return { config: undefined, report };
  const start: Position = { line: 1, column: 1 };
  const fields = Fields.of(doc, doc.root, CONFIG_FILE, start);
  if (!fields) return { config: undefined, report };
  fields.warnUnknownKeys(["learner", "centre", "qualification", "units", "assessor", "signing", "lint", "public_names", "checked_by_hand"]);

  const learner = fields.has("learner") ? Fields.of(doc, fields.node("learner"), "`learner` in portfolio.yaml", fields.keyAt("learner")) : undefined;
  if (!fields.has("learner")) fields.missing("learner", "{ name: ..., candidate_number: ... }");
  learner?.warnUnknownKeys(["name", "candidate_number"]);
  const learnerName = learner?.text("name", { required: "your name" });
  const candidateNumber = learner?.text("candidate_number", { required: '"1234"' });

  const centre = fields.has("centre") ? Fields.of(doc, fields.node("centre"), "`centre` in portfolio.yaml", fields.keyAt("centre")) : undefined;
  if (!fields.has("centre")) fields.missing("centre", "{ name: ..., number: ... }");
  centre?.warnUnknownKeys(["name", "number"]);
  const centreName = centre?.text("name", { required: "your centre's name" });
  const centreNumber = centre?.text("number", { required: '"12345"' });

  const qualification = fields.text("qualification", { required: "the qualification's title" });
  const units = fields.textList("units", { required: "[R/600/9587]" });
  if (fields.has("units") && units.length === 0 && !report.diagnostics.length) {
    report.add(fieldMissing, fields.keyAt("units"), { kind: "noUnits" });
  }
  const seen = new Set<string>();
  for (const unit of units) {
    if (!URN_PATTERN.test(unit.value)) {
      report.add(fieldInvalid, unit.at, { kind: "urnMalformed", written: unit.value, inSpec: false });
    } else if (seen.has(unit.value)) {
      report.add(yamlDuplicateKey, unit.at, { kind: "unit", urn: unit.value });
    }
    seen.add(unit.value);
  }

  let assessor: PortfolioConfig["assessor"];
  if (fields.has("assessor")) {
    const a = Fields.of(doc, fields.node("assessor"), "`assessor` in portfolio.yaml", fields.keyAt("assessor"));
    a?.warnUnknownKeys(["name"]);
    const name = a?.text("name", { required: "your assessor's name" });
    if (name) assessor = { name: name.value };
  }

  let signingKey: Located<string> | undefined;
  if (fields.has("signing")) {
    const signing = Fields.of(doc, fields.node("signing"), "`signing` in portfolio.yaml", fields.keyAt("signing"));
    signing?.warnUnknownKeys(["key"]);
    signingKey = signing?.text("key", { required: "../keys/my-name-learner.p12" });
  }

  const lint = new Map<string, "error" | "warning" | "off">();
  if (fields.has("lint")) {
    const settings = Fields.of(doc, fields.node("lint"), "`lint` in portfolio.yaml", fields.keyAt("lint"));
    settings?.warnUnknownKeys(LINT_RULES);
    for (const rule of LINT_RULES) {
      const severity = settings?.oneOf(rule, ["error", "warning", "off"] as const);
      if (severity) lint.set(rule, severity.value);
    }
  }

  const publicNames = fields.textList("public_names").map((n) => n.value.trim()).filter(Boolean);
  const checkedByHand = fields.textList("checked_by_hand").map((n) => n.value.trim().replace(/\\/g, "/").replace(/^\.\//, "")).filter(Boolean);

  if (report.diagnostics.some((d) => d.severity === "error") || !learnerName || !candidateNumber || !centreName || !centreNumber || !qualification) {
    return { config: undefined, report };
  }
  return {
    report,
    config: {
      learner: { name: learnerName.value, candidateNumber: candidateNumber.value },
      centre: { name: centreName.value, number: centreNumber.value },
      qualification: qualification.value,
      units: units.filter((u) => URN_PATTERN.test(u.value)),
      assessor,
      signingKey,
      lint,
      publicNames,
      checkedByHand,
    },
  };
}
