import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import type { FileReport, Position } from "../diagnostics/diagnostic.ts";
import yamlDuplicateKey from "../diagnostics/rules/yaml-duplicate-key.ts";
import yamlSyntax, { type Facts as YamlSyntaxFacts } from "../diagnostics/rules/yaml-syntax.ts";
import yamlUnsupportedTag from "../diagnostics/rules/yaml-unsupported-tag.ts";

/**
 * A YAML document read for its positions, not turned into a plain object: fields are looked
 * up on the syntax tree, so every finding can point at the node it concerns, a key such as
 * `__proto__` is just a key, and aliases are never expanded (an alias bomb cannot grow).
 * Custom tags such as `!!js/function` are refused.
 */
export class YamlDocument {
  readonly root: Node | null;
  readonly ok: boolean;
  readonly #text: string;
  readonly #lines: LineCounter;
  readonly #origin: Position;

  /**
   * @param text the YAML source
   * @param origin where the YAML's first character sits in the file (front matter starts on line 2)
   */
  constructor(text: string, readonly report: FileReport, origin: Position = { line: 1, column: 1 }) {
    this.#text = text;
    this.#lines = new LineCounter();
    this.#origin = origin;
    const doc = parseDocument(text, {
      lineCounter: this.#lines,
      prettyErrors: false,
      uniqueKeys: true,
      merge: false,
      customTags: [],
      strict: true,
      keepSourceTokens: false,
    });
    for (const error of doc.errors) {
      const at = this.at(error.pos[0]);
      if (error.code === "DUPLICATE_KEY") {
        const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
        report.add(yamlDuplicateKey, at, { kind: "key", key });
      } else {
        report.add(yamlSyntax, at, unquotedValue(text, error.pos[0]) ?? { kind: "error", reason: error.message });
      }
    }
    for (const warning of doc.warnings) {
      const at = this.at(warning.pos[0]);
      if (warning.code === "TAG_RESOLVE_FAILED") {
        report.add(yamlUnsupportedTag, at, { tag: tagAt(text, warning.pos[0]) ?? "" });
      } else {
        report.add(yamlSyntax, at, { kind: "warning", reason: warning.message });
      }
    }
    // Never resolve values of a document with errors (the tree may be partial), nor of one
    // with a tag refused (its values are not plain data).
    this.ok = doc.errors.length === 0 && doc.warnings.length === 0 && this.#tagsAllowed(doc.contents);
    this.root = this.ok ? (doc.contents as Node | null) : null;
  }

  /** The file position of a character offset in the YAML text. */
  at(offset: number): Position {
    const { line, col } = this.#lines.linePos(Math.max(0, Math.min(offset, this.#text.length)));
    return line === 1
      ? { line: this.#origin.line, column: this.#origin.column + col - 1 }
      : { line: this.#origin.line + line - 1, column: col };
  }

  /** The file position where a node starts; the document's origin for a missing node. */
  positionOf(node: Node | null | undefined): Position {
    return node?.range ? this.at(node.range[0]) : { ...this.#origin };
  }

  /**
   * The text of a scalar exactly as written: `1.10` stays `1.10` (YAML would read 1.1),
   * `007` stays `007`. Quoted scalars give their value.
   */
  sourceText(node: Scalar): string {
    if (node.type === "PLAIN" && node.range) return this.#text.slice(node.range[0], node.range[1]).trim();
    return String(node.value);
  }

  /**
   * Refuse explicit tags other than the core schema's (`!!str` and friends are fine): the
   * others make values no field reads (`!!binary` bytes, `!!set`, `!!timestamp` dates),
   * which would be reported as "should be text, found text".
   */
  #tagsAllowed(node: unknown): boolean {
    if (node === null || typeof node !== "object") return true;
    const tagged = node as { tag?: string; range?: [number, number, number] };
    let allowed = true;
    if (tagged.tag && !CORE_TAGS.has(tagged.tag) && tagged.range) {
      // The node starts at its value; the tag is written just before it.
      let tag = this.#text.lastIndexOf("!", tagged.range[0]);
      while (tag > 0 && this.#text[tag - 1] === "!") tag--;
      const at = tag === -1 ? tagged.range[0] : tag;
      this.report.add(yamlUnsupportedTag, this.at(at), { tag: tagAt(this.#text, at) ?? tagged.tag });
      allowed = false;
    }
    if (isMap(node)) for (const pair of node.items) allowed = this.#tagsAllowed(pair.key) && this.#tagsAllowed(pair.value) && allowed;
    if (isSeq(node)) for (const item of node.items) allowed = this.#tagsAllowed(item) && allowed;
    return allowed;
  }
}

const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

export function getPair(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  return map.items.find((pair): pair is Pair<Scalar, Node | null> => isScalar(pair.key) && String(pair.key.value) === key);
}

export function keysOf(map: YAMLMap): Array<{ key: string; node: Scalar }> {
  return map.items.flatMap((pair) => (isScalar(pair.key) ? [{ key: String(pair.key.value), node: pair.key }] : []));
}

export { isMap, isScalar, isSeq };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };

/** The tag written at `offset` (`!!js/function`), if one is. */
function tagAt(text: string, offset: number): string | undefined {
  return /^!\S*/.exec(text.slice(offset))?.[0];
}

/**
 * The mistake behind most YAML errors a learner meets: a value written plainly that holds
 * what YAML reads as syntax (`title: Networking: what I learned`, `title: @jsmith's advice`).
 * Their own line, taken apart for the finding to quote it as it should be; undefined for any other error.
 */
function unquotedValue(text: string, offset: number): YamlSyntaxFacts | undefined {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  const line = text.slice(start, end === -1 ? undefined : end);
  const match = /^(\s*(?:-\s+)?)([\w-]+):[ \t]+(.+?)\s*$/.exec(line);
  if (!match) return undefined;
  const [, indent, key, value] = match as unknown as [string, string, string, string];
  if (/^["'[{|>]/.test(value)) return undefined;
  const holds = /:\s/.test(value) ? "colon" : /^[@`%!&*]/.test(value) ? "indicator" : undefined;
  if (!holds) return undefined;
  return { kind: "unquoted", key, value, indent, holds };
}
