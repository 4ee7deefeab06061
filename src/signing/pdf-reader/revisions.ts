import { decodeStream } from "./filters.ts";
import { isDigit, isWhitespace, PdfDict, PdfParser, PdfRef, PdfStream, PdfSyntaxError, type PdfValue } from "./objects.ts";

/**
 * A PDF read revision by revision, each through its own cross-reference data (classic
 * tables, cross-reference streams, hybrid files, object streams, free entries and
 * generation numbers), so that every revision is what a conforming reader shows for it.
 *
 * A revision ends at a `%%EOF` whose `startxref` leads to cross-reference sections all
 * written before it; a `%%EOF` that does not (the first-page trailer of a linearized
 * file) is not a revision of its own.
 */

/** Something a reader would have to repair, which makes what it shows depend on the reader. */
export class BrokenPdfError extends Error {}

const FREE = 0;
const AT_OFFSET = 1;
const IN_STREAM = 2;

/** One cross-reference section: its entries, as parallel arrays, and its trailer. */
interface Section {
  offset: number;
  nums: number[];
  kinds: number[];
  /** The object's offset, or for IN_STREAM the object stream's number. */
  first: number[];
  /** The generation, or for IN_STREAM the index in the object stream. */
  second: number[];
  trailer: PdfDict;
  /** Where the section (with its trailer) ends. */
  end: number;
}

export const IN_OBJECT_STREAM = IN_STREAM;

export interface Entry {
  kind: number;
  first: number;
  second: number;
}

/** Object numbers beyond this are refused: real files stay far below, and the tables below are sized by them. */
const MAX_OBJECTS = 20_000_000;
const ABSENT = 255;

export class Revision {
  /** Entries by object number, as the revision's sections give them, newest first: kind (ABSENT when none), first, second. */
  readonly kinds: Uint8Array;
  readonly first: Float64Array;
  readonly second: Uint32Array;
  constructor(
    readonly file: PdfFile,
    readonly index: number,
    /** Offset of `%%EOF`; the revision's bytes end at its end of line. */
    readonly eofAt: number,
    readonly end: number,
    /** Where its newest cross-reference section starts, as its `startxref` says. */
    readonly startxref: number,
    readonly trailer: PdfDict,
    readonly sections: readonly Section[],
  ) {
    let size = 0;
    for (const section of sections) for (const num of section.nums) size = Math.max(size, num + 1);
    if (size > MAX_OBJECTS) throw new BrokenPdfError(`revision ${index + 1} numbers its objects beyond ${MAX_OBJECTS.toLocaleString("en-GB")}`);
    this.kinds = new Uint8Array(size).fill(ABSENT);
    this.first = new Float64Array(size);
    this.second = new Uint32Array(size);
    for (const section of sections) {
      for (let i = 0; i < section.nums.length; i++) {
        const num = section.nums[i]!;
        if (this.kinds[num] !== ABSENT) continue;
        this.kinds[num] = section.kinds[i]!;
        this.first[num] = section.first[i]!;
        this.second[num] = section.second[i]!;
      }
    }
  }

  /** How many object numbers the revision's tables span. */
  get size(): number {
    return this.kinds.length;
  }

  entry(num: number): Entry | undefined {
    const kind = this.kinds[num];
    return kind === undefined || kind === ABSENT ? undefined : { kind, first: this.first[num]!, second: this.second[num]! };
  }

  /** The same entry in both revisions (kind, place and generation). */
  sameEntry(other: Revision, num: number): boolean {
    return (this.kinds[num] ?? ABSENT) === (other.kinds[num] ?? ABSENT) && (this.first[num] ?? 0) === (other.first[num] ?? 0) && (this.second[num] ?? 0) === (other.second[num] ?? 0);
  }

  /** The object a reference points to in this revision; null for a free or missing one, as the standard says. */
  resolve(value: PdfValue | undefined): PdfValue | undefined {
    return value instanceof PdfRef ? this.object(value.num, value.gen) : value;
  }

  object(num: number, gen?: number): PdfValue {
    const entry = this.entry(num);
    if (!entry || entry.kind === FREE) return null;
    if (entry.kind === AT_OFFSET) {
      if (gen !== undefined && entry.second !== gen) return null;
      return this.file.objectAt(entry.first, num, entry.second, this).value;
    }
    if (entry.kind === IN_STREAM) {
      if (gen !== undefined && gen !== 0) return null;
      return this.file.objectInStream(entry.first, entry.second, num, this);
    }
    return null;
  }

  /** Where the object is written, for comparing revisions without parsing. */
  location(num: number): string {
    const entry = this.entry(num);
    if (!entry || entry.kind === FREE) return "free";
    if (entry.kind === IN_STREAM) return `s${entry.first}:${entry.second}:${this.location(entry.first)}`;
    return `o${entry.first}:${entry.second}`;
  }

  get root(): PdfRef | undefined {
    const root = this.trailer.get("Root");
    return root instanceof PdfRef ? root : undefined;
  }

  catalog(): PdfDict | undefined {
    const value = this.resolve(this.trailer.get("Root"));
    return value instanceof PdfDict ? value : undefined;
  }

  dict(value: PdfValue | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    return resolved instanceof PdfDict ? resolved : resolved instanceof PdfStream ? resolved.dict : undefined;
  }

  array(value: PdfValue | undefined): PdfValue[] | undefined {
    const resolved = this.resolve(value);
    return Array.isArray(resolved) ? resolved : undefined;
  }
}

export class PdfFile {
  readonly revisions: Revision[] = [];
  /** Bytes after the last revision that are not white space: no reader shows them and no signature can cover them. */
  readonly trailingBytes: number;
  private readonly parsed = new Map<number, { num: number; gen: number; value: PdfValue; end: number }>();
  private readonly streams = new Map<number, { offsets: Map<number, number>; data: Uint8Array; first: number }>();

  constructor(readonly bytes: Uint8Array) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sections = new Map<number, Section>();
    for (let at = buffer.indexOf("%%EOF"); at !== -1; at = buffer.indexOf("%%EOF", at + 5)) {
      const startxref = findStartxref(buffer, at);
      if (startxref === undefined) continue;
      let chain: Section[];
      try {
        chain = this.chain(startxref, at, sections);
      } catch {
        continue;
      }
      let end = at + 5;
      if (bytes[end] === 0x0d) end++;
      if (bytes[end] === 0x0a) end++;
      this.revisions.push(new Revision(this, this.revisions.length, at, end, startxref, chain[0]!.trailer, chain));
    }
    const last = this.revisions.at(-1);
    let tail = last?.end ?? 0;
    while (tail < bytes.length && isWhitespace(bytes[tail])) tail++;
    this.trailingBytes = bytes.length - tail;
    if (!last || tail < bytes.length) {
      // What a reader shows comes from the last startxref in the file; if that one is
      // broken, readers rebuild the file by scanning it, each in its own way.
      const finalEof = buffer.lastIndexOf("%%EOF");
      if (!last || (finalEof > last.eofAt && findStartxref(buffer, finalEof) !== undefined)) {
        throw new BrokenPdfError(last ? "its last cross-reference section is broken, so readers would rebuild it each in their own way" : "no cross-reference section in it can be read");
      }
    }
  }

  get latest(): Revision {
    return this.revisions.at(-1)!;
  }

  /** The sections a startxref leads to, newest first, all before `limit`. */
  private chain(offset: number, limit: number, cache: Map<number, Section>): Section[] {
    const chain: Section[] = [];
    const seen = new Set<number>();
    let next: number | undefined = offset;
    while (next !== undefined) {
      if (seen.has(next) || next >= limit || next < 0) throw new BrokenPdfError("cross-reference sections loop or point forward");
      seen.add(next);
      const section: Section = cache.get(next) ?? this.section(next);
      cache.set(next, section);
      if (section.end > limit) throw new BrokenPdfError("a cross-reference section runs past its revision");
      chain.push(section);
      const hybrid = section.trailer.get("XRefStm");
      if (typeof hybrid === "number" && !seen.has(hybrid)) {
        // A hybrid file: the stream lists what the table leaves out (objects in object streams).
        if (hybrid >= limit) throw new BrokenPdfError("a cross-reference stream lies past its revision");
        const stream = cache.get(hybrid) ?? this.section(hybrid);
        cache.set(hybrid, stream);
        chain.push(stream);
      }
      const prev: PdfValue | undefined = section.trailer.get("Prev");
      next = typeof prev === "number" ? prev : undefined;
    }
    return chain;
  }

  private section(offset: number): Section {
    const parser = new PdfParser(this.bytes);
    parser.pos = offset;
    return parser.peekWord() === "xref" ? this.table(parser) : this.xrefStream(parser, offset);
  }

  private table(parser: PdfParser): Section {
    const offset = parser.pos;
    parser.expectWord("xref");
    const section: Section = { offset, nums: [], kinds: [], first: [], second: [], trailer: new PdfDict(new Map()), end: 0 };
    for (;;) {
      const start = parser.integer();
      if (start === undefined) break;
      const count = parser.integer();
      if (count === undefined) throw new PdfSyntaxError("a cross-reference subsection has no count", parser.pos);
      for (let i = 0; i < count; i++) {
        parser.skipSpace();
        // Entries are 20 bytes, `oooooooooo ggggg n\r\n`; read by tokens to forgive 19- and 21-byte ones.
        const at = parser.pos;
        const where = parser.integer();
        const gen = parser.integer();
        const kind = parser.word();
        if (where === undefined || gen === undefined || (kind !== "n" && kind !== "f")) throw new PdfSyntaxError("a cross-reference entry cannot be read", at);
        section.nums.push(start + i);
        section.kinds.push(kind === "n" ? AT_OFFSET : FREE);
        section.first.push(where);
        section.second.push(gen);
      }
    }
    parser.expectWord("trailer");
    const trailer = parser.value(0);
    if (!(trailer instanceof PdfDict)) throw new PdfSyntaxError("the trailer is not a dictionary", parser.pos);
    section.end = parser.pos;
    return { ...section, trailer };
  }

  private xrefStream(parser: PdfParser, offset: number): Section {
    const { value } = parser.indirectObject((length) => (typeof length === "number" ? length : undefined));
    if (!(value instanceof PdfStream) || value.dict.name("Type") !== "XRef") throw new PdfSyntaxError("startxref does not lead to a cross-reference table or stream", offset);
    const dict = value.dict;
    const widths = dict.get("W");
    if (!Array.isArray(widths) || widths.length < 3 || !widths.every((w) => typeof w === "number" && w >= 0 && w <= 8)) throw new PdfSyntaxError("a cross-reference stream has no valid /W", offset);
    const [w0, w1, w2] = widths as number[];
    const size = dict.get("Size");
    const index = dict.get("Index");
    const ranges = Array.isArray(index) ? (index as number[]) : [0, typeof size === "number" ? size : 0];
    const data = decodeStream(value);
    const rowLength = w0! + w1! + w2!;
    const read = (at: number, width: number) => {
      let n = 0;
      for (let i = 0; i < width; i++) n = n * 256 + data[at + i]!;
      return n;
    };
    const section: Section = { offset, nums: [], kinds: [], first: [], second: [], trailer: dict, end: parser.pos };
    let row = 0;
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const start = ranges[r]!;
      const count = ranges[r + 1]!;
      for (let i = 0; i < count; i++, row++) {
        const at = row * rowLength;
        if (at + rowLength > data.length) throw new PdfSyntaxError("a cross-reference stream is shorter than its /Index says", offset);
        section.nums.push(start + i);
        section.kinds.push(w0 === 0 ? AT_OFFSET : read(at, w0!));
        section.first.push(read(at + w0!, w1!));
        section.second.push(read(at + w0! + w1!, w2!));
      }
    }
    return section;
  }

  /** The object written at `offset`, which must be object `num gen` and lie inside `revision`. */
  objectAt(offset: number, num: number, gen: number, revision: Revision): { value: PdfValue; end: number } {
    try {
      return this.objectWritten(offset, num, gen, revision);
    } catch (error) {
      const recovered = error instanceof BrokenPdfError ? this.recovered(num, gen, revision) : undefined;
      if (!recovered) throw error;
      return recovered;
    }
  }

  /**
   * An object whose cross-reference entry is off, found as readers find it when they
   * rebuild the table: the last `num gen obj` in the file. Only where that last copy lies
   * in the original document (the first revision), and the entry too is the original's,
   * so every reader finds the same one and no update can supply it; anywhere else it stays
   * broken.
   */
  private recovered(num: number, gen: number, revision: Revision): { value: PdfValue; end: number } | undefined {
    const original = this.revisions[0];
    // An entry an update wrote off is an update pointing elsewhere: readers disagree on it.
    if (!original || !revision.sameEntry(original, num)) return undefined;
    const buffer = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const header = `${num} ${gen} obj`;
    let at = buffer.lastIndexOf(header);
    while (at > 0 && isDigit(this.bytes[at - 1])) at = buffer.lastIndexOf(header, at - 1);
    if (at < 0 || at >= original.end) return undefined;
    try {
      const found = this.objectWritten(at, num, gen, revision);
      return found;
    } catch {
      return undefined;
    }
  }

  private objectWritten(offset: number, num: number, gen: number, revision: Revision): { value: PdfValue; end: number } {
    let parsed = this.parsed.get(offset);
    if (!parsed) {
      if (offset >= revision.end) throw new BrokenPdfError(`revision ${revision.index + 1}'s cross-reference points object ${num} past the revision's end`);
      const parser = new PdfParser(this.bytes);
      parser.pos = offset;
      try {
        const object = parser.indirectObject((length) => {
          const resolved = length instanceof PdfRef ? (length.num === num ? undefined : revision.resolve(length)) : length;
          return typeof resolved === "number" ? resolved : undefined;
        });
        parsed = { ...object, end: parser.pos };
      } catch (error) {
        throw new BrokenPdfError(`revision ${revision.index + 1}'s cross-reference points object ${num} at something that is not it (${error instanceof Error ? error.message : String(error)})`);
      }
      if (this.parsed.size > 50_000) this.parsed.clear();
      this.parsed.set(offset, parsed);
    }
    if (parsed.num !== num || parsed.gen !== gen) throw new BrokenPdfError(`revision ${revision.index + 1}'s cross-reference points object ${num} at object ${parsed.num} ${parsed.gen}`);
    return parsed;
  }

  /** The signature dictionary at its offset, with where each of its values lies in the file. */
  objectWithSpans(num: number, revision: Revision): { value: PdfValue; offset: number; end: number } | undefined {
    const entry = revision.entry(num);
    if (!entry || entry.kind !== AT_OFFSET) return undefined;
    const parser = new PdfParser(this.bytes, true);
    parser.pos = entry.first;
    try {
      const object = parser.indirectObject(() => undefined);
      return object.num === num ? { value: object.value, offset: entry.first, end: parser.pos } : undefined;
    } catch {
      return undefined;
    }
  }

  objectInStream(streamNum: number, index: number, num: number, revision: Revision): PdfValue {
    const entry = revision.entry(streamNum);
    if (!entry || entry.kind !== AT_OFFSET) throw new BrokenPdfError(`object ${num} is said to be in object stream ${streamNum}, which is not in the file`);
    let stream = this.streams.get(entry.first);
    if (!stream) {
      const value = revision.object(streamNum);
      if (!(value instanceof PdfStream) || value.dict.name("Type") !== "ObjStm") throw new BrokenPdfError(`object ${num} is said to be in object stream ${streamNum}, which is not an object stream`);
      const data = decodeStream(value, (v) => revision.resolve(v));
      const count = value.dict.get("N");
      const first = value.dict.get("First");
      if (typeof count !== "number" || typeof first !== "number") throw new BrokenPdfError(`object stream ${streamNum} has no /N or /First`);
      const header = new PdfParser(data);
      const offsets = new Map<number, number>();
      const order: number[] = [];
      for (let i = 0; i < count; i++) {
        const n = header.integer();
        const at = header.integer();
        if (n === undefined || at === undefined) break;
        order.push(n);
        offsets.set(i, at);
        offsets.set(-1 - i, n);
      }
      stream = { offsets, data, first };
      if (this.streams.size > 64) this.streams.clear();
      this.streams.set(entry.first, stream);
    }
    const at = stream.offsets.get(index);
    if (at === undefined || stream.offsets.get(-1 - index) !== num) throw new BrokenPdfError(`object stream ${streamNum} does not hold object ${num} where the cross-reference says`);
    const parser = new PdfParser(stream.data);
    parser.pos = stream.first + at;
    try {
      return parser.value(0);
    } catch (error) {
      throw new BrokenPdfError(`object ${num} in object stream ${streamNum} cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

/** The number after the last `startxref` shortly before a `%%EOF`. */
function findStartxref(buffer: Buffer, eofAt: number): number | undefined {
  const from = Math.max(0, eofAt - 1024);
  const window = buffer.subarray(from, eofAt).toString("latin1");
  const match = /startxref\s+(\d+)\s*$/.exec(window);
  return match ? Number(match[1]) : undefined;
}
