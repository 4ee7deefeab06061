/**
 * PDF objects as ISO 32000 defines them, and a parser that reads one at a byte offset.
 *
 * The verifier reads a signed PDF the way a conforming reader does, through each
 * revision's cross-reference data, so it needs a parser that starts at a given offset
 * and says exactly where each value lies in the file (a signature's /Contents must be the
 * very bytes its /ByteRange leaves out). General PDF libraries parse the whole file in
 * file order and keep the last copy of each object, which is how shadow attacks hide.
 */

export class PdfName {
  constructor(readonly name: string) {}
  toString(): string { return `/${this.name}`; }
}

export class PdfRef {
  constructor(readonly num: number, readonly gen: number) {}
  toString(): string { return `${this.num} ${this.gen} R`; }
}

export class PdfString {
  constructor(readonly bytes: Uint8Array, readonly hex: boolean) {}
  /** PDFDocEncoding or UTF-16BE with a byte-order mark; PDFDocEncoding is read as Latin-1, which it matches for text. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString("utf16le");
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString("utf8");
    return Buffer.from(b).toString("latin1");
  }
}

export class PdfDict {
  /** Where each direct value lies in the file, [start, end), when the parser was asked to keep them. */
  spans: Map<string, [number, number]> | undefined;
  constructor(readonly entries: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined { return this.entries.get(key); }
  has(key: string): boolean { return this.entries.has(key); }
  /** The value of `key` when it is a name: `dict.name("Type") === "Page"`. */
  name(key: string): string | undefined {
    const value = this.entries.get(key);
    return value instanceof PdfName ? value.name : undefined;
  }
}

export class PdfStream {
  constructor(readonly dict: PdfDict, readonly data: Uint8Array) {}
}

export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfValue[] | PdfDict | PdfStream;

export class PdfSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(`${message} at byte ${at}`);
  }
}

const WHITESPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITESPACE[c] = 1;
const DELIMITER = new Uint8Array(256);
for (const c of "()<>[]{}/%") DELIMITER[c.charCodeAt(0)] = 1;

export const isWhitespace = (byte: number | undefined): boolean => byte !== undefined && WHITESPACE[byte] === 1;
const isRegular = (byte: number | undefined): boolean => byte !== undefined && !WHITESPACE[byte] && !DELIMITER[byte];
const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** Nesting beyond this is refused: real files stay far below it, hostile ones would blow the stack. */
const MAX_DEPTH = 200;

/** A parser over the file's bytes, positioned by the caller. */
export class PdfParser {
  pos = 0;
  /** The same bytes as a Buffer, to read tokens as Latin-1 without copying. */
  private readonly text: Buffer;
  constructor(readonly bytes: Uint8Array, private readonly keepSpans = false) {
    this.text = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  skipSpace(): void {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && WHITESPACE[b[this.pos]!]) this.pos++;
      if (b[this.pos] !== 0x25) return;
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** The next regular token (a keyword or number) without moving, or "" at a delimiter. */
  peekWord(): string {
    this.skipSpace();
    let end = this.pos;
    while (end < this.bytes.length && isRegular(this.bytes[end])) end++;
    return this.text.toString("latin1", this.pos, end);
  }

  word(): string {
    const word = this.peekWord();
    this.pos += word.length;
    return word;
  }

  expectWord(word: string): void {
    const at = this.pos;
    if (this.word() !== word) throw new PdfSyntaxError(`expected "${word}"`, at);
  }

  /** An unsigned integer, or undefined (and not moved) when none is next. */
  integer(): number | undefined {
    const save = this.pos;
    this.skipSpace();
    const b = this.bytes;
    let end = this.pos;
    let n = 0;
    while (end < b.length && isDigit(b[end]) && end - this.pos < 16) n = n * 10 + (b[end++]! - 0x30);
    if (end === this.pos || (end < b.length && isRegular(b[end]))) { this.pos = save; return undefined; }
    this.pos = end;
    return n;
  }

  /** `num gen obj`, the value, and for a dictionary followed by `stream`, its data. */
  indirectObject(length: (value: PdfValue) => number | undefined): { num: number; gen: number; value: PdfValue } {
    const at = this.pos;
    const num = this.integer();
    const gen = this.integer();
    if (num === undefined || gen === undefined || this.word() !== "obj") throw new PdfSyntaxError("expected an object header (num gen obj)", at);
    let value = this.value(0);
    this.skipSpace();
    if (value instanceof PdfDict && this.peekWord() === "stream") {
      this.pos += 6;
      if (this.bytes[this.pos] === 0x0d) this.pos++;
      if (this.bytes[this.pos] === 0x0a) this.pos++;
      value = new PdfStream(value, this.streamData(length(value.get("Length") ?? null)));
    }
    return { num, gen, value };
  }

  /** Stream data by /Length when `endstream` follows it, else up to the next `endstream`, as readers recover. */
  private streamData(length: number | undefined): Uint8Array {
    const start = this.pos;
    const b = this.bytes;
    if (length !== undefined && length >= 0 && start + length <= b.length) {
      let end = start + length;
      while (end < b.length && WHITESPACE[b[end]!]) end++;
      if (this.text.toString("latin1", end, end + 9) === "endstream") {
        this.pos = end + 9;
        return b.subarray(start, start + length);
      }
    }
    const found = this.text.indexOf("endstream", start, "latin1");
    if (found < 0) throw new PdfSyntaxError("a stream has no endstream", start);
    let end = found;
    if (b[end - 1] === 0x0a) end--;
    if (b[end - 1] === 0x0d) end--;
    this.pos = found + 9;
    return b.subarray(start, end);
  }

  value(depth: number): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError("objects nested too deeply", this.pos);
    this.skipSpace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw new PdfSyntaxError("unexpected end of file", this.pos);
    if (c === 0x2f) return this.nameToken();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) return b[this.pos + 1] === 0x3c ? this.dictionary(depth) : this.hexString();
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (b[this.pos] === 0x5d) { this.pos++; return items; }
        if (this.pos >= b.length) throw new PdfSyntaxError("an array is not closed", this.pos);
        items.push(this.value(depth + 1));
      }
    }
    const at = this.pos;
    const word = this.word();
    if (word === "") throw new PdfSyntaxError(`unexpected "${String.fromCharCode(c)}"`, at);
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // `num gen R` is a reference; look ahead without consuming otherwise.
      if (isDigit(c) && word.length < 16 && /^\d+$/.test(word)) {
        const save = this.pos;
        const gen = this.integer();
        if (gen !== undefined && this.peekWord() === "R") { this.pos += 1; return new PdfRef(Number(word), gen); }
        this.pos = save;
      }
      return Number(word);
    }
    throw new PdfSyntaxError(`unexpected "${word.slice(0, 20)}"`, at);
  }

  private dictionary(depth: number): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    const spans = this.keepSpans ? new Map<string, [number, number]>() : undefined;
    for (;;) {
      this.skipSpace();
      const b = this.bytes;
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) { this.pos += 2; break; }
      if (this.pos >= b.length) throw new PdfSyntaxError("a dictionary is not closed", this.pos);
      const keyAt = this.pos;
      const key = this.value(depth + 1);
      if (!(key instanceof PdfName)) throw new PdfSyntaxError("a dictionary key is not a name", keyAt);
      this.skipSpace();
      const start = this.pos;
      const value = this.value(depth + 1);
      // A repeated key: the first is kept, as pdf.js and poppler do.
      if (!entries.has(key.name)) {
        entries.set(key.name, value);
        spans?.set(key.name, [start, this.pos]);
      }
    }
    const dict = new PdfDict(entries);
    dict.spans = spans;
    return dict;
  }

  private nameToken(): PdfName {
    const b = this.bytes;
    let end = ++this.pos;
    while (end < b.length && isRegular(b[end])) end++;
    const raw = this.text.toString("latin1", this.pos, end);
    this.pos = end;
    return new PdfName(raw.indexOf("#") < 0 ? raw : raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  }

  private hexString(): PdfString {
    const b = this.bytes;
    const start = ++this.pos;
    const end = this.text.indexOf(0x3e, start);
    if (end < 0) throw new PdfSyntaxError("a hex string is not closed", start);
    const digits = this.text.toString("latin1", start, end).replace(/[\0\t\n\f\r ]/g, "");
    if (!/^[0-9A-Fa-f]*$/.test(digits)) throw new PdfSyntaxError("a hex string holds something other than hex digits", start);
    this.pos = end + 1;
    return new PdfString(Buffer.from(digits.length % 2 ? `${digits}0` : digits, "hex"), true);
  }

  private literalString(): PdfString {
    const b = this.bytes;
    const out: number[] = [];
    let depth = 1;
    this.pos++;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const e = b[this.pos++];
        if (e === undefined) break;
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let code = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) code = code * 8 + (b[this.pos++]! - 0x30);
          out.push(code & 0xff);
        } else if (e === 0x0d) { if (b[this.pos] === 0x0a) this.pos++; }
        else if (e !== 0x0a) out.push(e);
        continue;
      }
      if (c === 0x28) depth++;
      if (c === 0x29 && --depth === 0) return new PdfString(Uint8Array.from(out), false);
      out.push(c);
    }
    throw new PdfSyntaxError("a string is not closed", this.pos);
  }
}

export { isDigit };
