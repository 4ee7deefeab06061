import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../src/diagnostics/rules.ts";
import { csvDelimiter, scanCsv } from "../src/evidence/formats/csv.ts";
import { createMarkdown } from "../src/markdown/create-markdown.ts";
import { splitFrontMatter } from "../src/reflections/front-matter.ts";
import { readReflection, type ReadContext } from "../src/reflections/read-reflection.ts";
import { importSpec } from "../src/spec/import/import-spec.ts";
import { readUnitSpec } from "../src/spec/read-unit-spec.ts";
import { fixturesDir } from "./helpers/workspace.ts";

// Any input gives findings or a typed result: never an exception, never a hang (each run
// is timed), never a change to Object.prototype. fast-check shrinks any failure to a
// smallest input and prints its seed, so a failure here is reproducible.

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const untouched = () => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

/** YAML-ish text: the characters and words that make YAML interesting, in any order. */
const yamlish = fc.array(
  fc.oneof(
    fc.constantFrom("title", "date", "criteria", "unit", "status", "evidence", "__proto__", "constructor", "<<", "polluted", "R/600/9587", "1.1", "2026-02-30", "!!js/function", "!!python/object", "&a", "*a", "[", "]", "{", "}", ": ", "- ", "\n", "\n  ", "\t", "'", '"', "#", "|", ">", "---", "...", "\uFEFF", "\u202E", "\u200B", "\r\n", "\0"),
    fc.string({ maxLength: 8 }),
  ),
  { maxLength: 60 },
).map((parts) => parts.join(""));

const markdownish = fc.array(
  fc.oneof(
    fc.constantFrom("{ac=1.1}", "{ac=R/600/9587:1.2}", "{ac=", "}", "@jdoe", "@", "[x](javascript:alert(1))", "<iframe src=file:///etc/passwd>", "```private\n", "```\n", "# ", "> ", "- ", "| a | b |\n| - | - |\n", "*", "_", "`", "\n\n", "\n", "{{ x }}", "{% raw %}", "\u202E", "\u200B"),
    fc.string({ maxLength: 10 }),
  ),
  { maxLength: 80 },
).map((parts) => parts.join(""));

async function context(): Promise<ReadContext> {
  const units = new Map();
  for (const name of ["R-600-9587.yaml", "J-506-1949.yaml"]) {
    const { spec } = readUnitSpec(`units/${name}`, await readFile(join(fixturesDir, "_base", "units", name), "utf8"));
    units.set(spec!.urn, spec!);
  }
  return { registered: ["R/600/9587", "J/506/1949"], units, md: createMarkdown({ render: true }), render: true, contacts: new Map() };
}

const knownRule = (rule: string) => rule in rules || rule === "lint";
const timed = <T>(work: () => T, ms: number): T => {
  const start = performance.now();
  const result = work();
  expect(performance.now() - start).toBeLessThan(ms);
  return result;
};

describe("properties: any input gives findings, never an exception", () => {
  it("the front-matter splitter always says what it found", () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), yamlish, (prefix, yaml) => {
      for (const source of [prefix, `---\n${yaml}\n---\nbody`, `---${prefix}\n${yaml}`]) {
        const split = timed(() => splitFrontMatter(source), 200);
        expect(["yaml", "missing", "unclosed", "language"]).toContain(split.kind);
        if (split.kind === "yaml") expect(split.bodyStartLine).toBeGreaterThan(1);
      }
    }), { numRuns: 1000 });
  });

  it("reading a reflection gives a reflection or findings with real positions, and leaves Object.prototype alone", async () => {
    const ctx = await context();
    fc.assert(fc.property(yamlish, markdownish, (yaml, body) => {
      const source = `---\n${yaml}\n---\n${body}`;
      const lines = source.split("\n").length;
      const { reflection, report } = timed(() => readReflection("reflections/x.md", source, ctx), 500);
      for (const d of report.diagnostics) {
        expect(knownRule(d.rule), d.rule).toBe(true);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lines + 1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message.length).toBeGreaterThan(0);
      }
      if (reflection?.html) expect(reflection.html).not.toMatch(/<iframe|<script|href="javascript:/i);
      if (!reflection) expect(report.diagnostics.some((d) => d.severity === "error")).toBe(true);
      untouched();
    }), { numRuns: 1000 });
  });

  it("criteria in any shape are read as citations or reported, never thrown", async () => {
    const ctx = await context();
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.constantFrom('"1.1"', "1.10", "1.2", '"9.9"', "null", "~", "[]", "{}", "R/600/9587", "__proto__", "'1.1'", "1.1e3", "0x1"), tie("list"), tie("map")),
      list: fc.array(tie("node"), { maxLength: 4 }).map((items) => `[${items.join(", ")}]`),
      map: fc.array(fc.tuple(fc.constantFrom("R/600/9587", "J/506/1949", "X/000/0000", "__proto__", "<<", '"1.1"'), tie("node")), { maxLength: 3 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
    })).node;
    fc.assert(fc.property(value, fc.option(fc.constantFrom("R/600/9587", "J/506/1949", "nope", "[1]")), (criteria, unit) => {
      const source = `---\ntitle: T\ndate: 2026-01-01\n${unit ? `unit: ${unit}\n` : ""}criteria: ${criteria}\n---\nText. {ac=1.1}\n`;
      const { reflection, report } = readReflection("reflections/x.md", source, ctx);
      for (const c of reflection?.citations ?? []) {
        expect(typeof c.urn).toBe("string");
        expect(typeof c.id).toBe("string");
      }
      expect(report.diagnostics.every((d) => knownRule(d.rule))).toBe(true);
      untouched();
    }), { numRuns: 1000 });
  });

  it("the spec importer gives a spec or findings for any text, in either published form", () => {
    const specLine = fc.oneof(
      fc.constantFrom("Unit reference number: R/600/9587", "Level: 4", "Credit value: 4", "Guided learning hours: 25", "Learning outcomes", "Assessment criteria",
        "1. Understand networking", "1.1 Evaluate the benefits", "1.1", "2.9 Skipped ahead", "\uF0B7 a bullet", "• another", "<td><p>1.2 Identify</p></td>", "<table>", "</tr>", "## Section", "---", "\tUnit aim\t"),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(fc.property(fc.array(specLine, { maxLength: 60 }), fc.constantFrom("\n", "\r\n"), (lines, eol) => {
      const result = timed(() => importSpec(lines.join(eol), "spec.txt"), 500);
      for (const d of result.diagnostics) {
        expect(knownRule(d.rule), d.rule).toBe(true);
        expect(d.line).toBeGreaterThanOrEqual(1);
      }
      if (!result.spec) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
      untouched();
    }), { numRuns: 1000 });
  });

  it("a CSV or TSV written by a spreadsheet is read back cell for cell, with its line ends and quotes", () => {
    const cell = fc.string({ maxLength: 12 });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(",", ";", "\t"), fc.constantFrom("\n", "\r\n"), (rows, delimiter, eol) => {
      // As spreadsheets save: a cell holding the delimiter, a quote or a line break is quoted, quotes doubled.
      const field = (value: string) => (/[",;\t\r\n]/.test(value) || value === "" ? `"${value.replace(/"/g, '""')}"` : value);
      const width = Math.max(...rows.map((row) => row.length));
      const table = rows.map((row) => [...row, ...Array<string>(width - row.length).fill("")]);
      const text = table.map((row) => row.map(field).join(delimiter)).join(eol) + eol;
      expect(csvDelimiter(text, delimiter === "\t" ? ".tsv" : ".csv")).toBe(width > 1 || delimiter === "\t" ? delimiter : ",");
      expect(scanCsv(text, delimiter).map((record) => record.map((f) => f.value))).toEqual(table);
    }), { numRuns: 500 });
  });
});
