import type { Diagnostic, Position } from "../diagnostics/diagnostic.ts";
import fieldInvalid from "../diagnostics/rules/field-invalid.ts";
import fieldMissing from "../diagnostics/rules/field-missing.ts";
import fieldUnknown from "../diagnostics/rules/field-unknown.ts";
import { closest, code } from "../text/suggest.ts";
import { getPair, isMap, isScalar, isSeq, keysOf, type Node, type Scalar, type YAMLMap, type YAMLSeq, type YamlDocument } from "./yaml-document.ts";

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  at: Position;
}

/**
 * Reads the fields of one YAML mapping and reports what is missing, unknown or of the wrong
 * kind, with what was found and what was expected: the rules' modules word it.
 */
export class Fields {
  constructor(
    readonly doc: YamlDocument,
    readonly map: YAMLMap,
    /** Names the mapping in messages: "front matter", "`learner` in portfolio.yaml". */
    readonly where: string,
  ) {}

  /** Reads a mapping field; reports and returns undefined when absent or not a mapping. */
  static of(doc: YamlDocument, node: Node | null | undefined, where: string, at: Position): Fields | undefined {
    if (isMap(node)) return new Fields(doc, node, where);
    if (node) doc.report.add(fieldInvalid, doc.positionOf(node), { kind: "notMapping", where, found: kindOf(node) });
    else doc.report.add(fieldMissing, at, { kind: "empty", where });
    return undefined;
  }

  get at(): Position {
    return this.doc.positionOf(this.map);
  }

  node(key: string): Node | null | undefined {
    return getPair(this.map, key)?.value;
  }

  keyAt(key: string): Position {
    const pair = getPair(this.map, key);
    return pair ? this.doc.positionOf(pair.key) : this.at;
  }

  has(key: string): boolean {
    return getPair(this.map, key) !== undefined;
  }

  missing(key: string, example: string): void {
    const misspelt = this.#misspelt.get(key);
    if (misspelt) {
      // One finding for one slip: the unknown key's warning gives way to this.
      const list = this.doc.report.diagnostics;
      list.splice(list.indexOf(misspelt.warning), 1);
      this.doc.report.add(fieldMissing, misspelt.at, { kind: "misspelt", key, written: misspelt.key, where: this.where });
      return;
    }
    this.doc.report.add(fieldMissing, this.at, { kind: "missing", key, where: this.where, example });
  }

  /** Unknown keys that are near a known key the mapping lacks (`critera`), by that key. */
  readonly #misspelt = new Map<string, { key: string; at: Position; warning: Diagnostic }>();

  invalid(key: string, node: Node | null | undefined, expected: string): void {
    this.doc.report.add(fieldInvalid, node ? this.doc.positionOf(node) : this.keyAt(key), { kind: "wrongKind", key, where: this.where, expected, found: kindOf(node) });
  }

  /** A scalar written as text (numbers keep their written form: `"4821"` and `4821` both read as 4821). */
  text(key: string, options: { required?: string } = {}): Located<string> | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && (node.value === null || node.value === ""))) {
      if (options.required !== undefined) this.missing(key, options.required);
      return undefined;
    }
    if (!isScalar(node) || typeof node.value === "object") {
      this.invalid(key, node, "text");
      return undefined;
    }
    return { value: this.doc.sourceText(node).replace(/\s+/g, " ").trim(), at: this.doc.positionOf(node) };
  }

  /** A whole number such as a credit value. */
  integer(key: string, options: { required?: string } = {}): Located<number> | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (options.required !== undefined) this.missing(key, options.required);
      return undefined;
    }
    if (!isScalar(node) || typeof node.value !== "number" || !Number.isInteger(node.value) || node.value < 0) {
      this.invalid(key, node, "a whole number");
      return undefined;
    }
    return { value: node.value, at: this.doc.positionOf(node) };
  }

  boolean(key: string): Located<boolean> | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isScalar(node) || typeof node.value !== "boolean") {
      this.invalid(key, node, "`true` or `false`");
      return undefined;
    }
    return { value: node.value, at: this.doc.positionOf(node) };
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): Located<T> | undefined {
    const found = this.text(key);
    if (!found) return undefined;
    if ((allowed as readonly string[]).includes(found.value)) return found as Located<T>;
    this.doc.report.add(fieldInvalid, found.at, { kind: "notAllowed", key, written: found.value, allowed, guess: closest(found.value, allowed) });
    return undefined;
  }

  /** A sequence; a single scalar is reported, since a list was asked for. */
  list(key: string, options: { required?: string } = {}): YAMLSeq | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (options.required !== undefined) this.missing(key, options.required);
      return undefined;
    }
    if (!isSeq(node)) {
      this.invalid(key, node, "a list (`- item` lines or `[a, b]`)");
      return undefined;
    }
    return node;
  }

  /** The text items of a list, each with its position; other items are reported. */
  textList(key: string, options: { required?: string } = {}): Array<Located<string>> {
    const seq = this.list(key, options);
    if (!seq) return [];
    const items: Array<Located<string>> = [];
    for (const item of seq.items) {
      if (isScalar(item) && item.value !== null && typeof item.value !== "object") {
        items.push({ value: this.doc.sourceText(item as Scalar), at: this.doc.positionOf(item as Node) });
      } else {
        this.doc.report.add(fieldInvalid, this.doc.positionOf(item as Node), { kind: "itemNotText", key, where: this.where, found: kindOf(item as Node) });
      }
    }
    return items;
  }

  /** Warns about keys this mapping does not use, suggesting the nearest known one. */
  warnUnknownKeys(known: readonly string[]): void {
    for (const { key, node } of keysOf(this.map)) {
      if (known.includes(key)) continue;
      const guess = closest(key, known);
      const at = this.doc.positionOf(node);
      this.doc.report.add(fieldUnknown, at, { kind: "unknown", key, where: this.where, known, guess });
      if (guess && !this.has(guess) && !this.#misspelt.has(guess)) this.#misspelt.set(guess, { key, at, warning: this.doc.report.diagnostics.at(-1)! });
    }
  }
}

/** What a node is, as a finding says what was found instead: "a list", "the number 3", "text `draft`". */
export function kindOf(node: Node | null | undefined): string {
  if (node === undefined || node === null) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    if (node.value === null) return "nothing";
    if (typeof node.value === "number") return `the number ${String(node.value)}`;
    if (typeof node.value === "boolean") return `\`${String(node.value)}\``;
    return `text ${code(String(node.value))}`;
  }
  return "an alias";
}
