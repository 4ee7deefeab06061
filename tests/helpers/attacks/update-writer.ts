// Writing an incremental update by hand: the objects, a cross-reference section (classic, a
// stream, or none), a trailer with /Prev, startxref and %%EOF, each as the attack needs it.

/** One object as written in an update: `num gen obj`, the body, `endobj`. */
export interface PdfObject {
  num: number;
  gen?: number;
  body: string | Buffer;
}

/** A cross-reference entry written as given, rather than for an object of the update. */
export interface XrefEntry {
  num: number;
  gen?: number;
  /** Omitted with `free`. */
  offset?: number;
  free?: boolean;
}

export interface UpdateOptions {
  /** How the update's objects are found: a classic section and trailer, a cross-reference stream, or nothing (no trailer either). */
  xref?: "table" | "stream" | "none";
  /** The previous section; `null` leaves /Prev out. Defaults to the file's last startxref. */
  prev?: number | null;
  /** Trailer entries to change; `extra` is written as it is. */
  trailer?: { Root?: string; Size?: number; extra?: string };
  /** Objects written in the update but given no cross-reference entry. */
  unlisted?: number[];
  /** Entries written as given (free entries, entries pointing elsewhere); they win over the objects'. */
  entries?: XrefEntry[];
  /** What follows the final %%EOF. */
  eol?: string;
  /** A startxref other than the section's own offset; `null` writes no startxref and no %%EOF. */
  startxref?: number | null;
}

export interface Update {
  pdf: Buffer;
  /** Where each written object starts, in the order written (an object may be written twice). */
  written: Array<{ num: number; gen: number; offset: number }>;
  /** Where the update's cross-reference section starts. */
  xrefAt: number;
}

/** What the file's last trailer (or cross-reference stream dictionary) says. */
export interface Trailer {
  root: string;
  info: string | undefined;
  id: string | undefined;
  size: number;
  startxref: number;
}

export function lastTrailer(pdf: Buffer): Trailer {
  const tail = pdf.toString("latin1", Math.max(0, pdf.length - 2048));
  const pointer = [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!pointer) throw new Error("the PDF does not end with a startxref");
  const startxref = Number(pointer[1]);
  const section = pdf.toString("latin1", startxref, Math.min(pdf.length, startxref + 400_000));
  const dict = section.startsWith("xref")
    ? /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(section)?.[1]
    : /^\d+\s+\d+\s+obj\s*<<([\s\S]*?)>>\s*stream/.exec(section)?.[1];
  if (dict === undefined) throw new Error(`no trailer at ${startxref}`);
  const get = (pattern: RegExp) => pattern.exec(dict)?.[1];
  return {
    root: get(/\/Root\s+(\d+\s+\d+\s+R)/) ?? "",
    info: get(/\/Info\s+(\d+\s+\d+\s+R)/),
    id: get(/\/ID\s*(\[[^\]]*\])/),
    size: Number(get(/\/Size\s+(\d+)/) ?? 0),
    startxref,
  };
}

/** A stream object's body: its dictionary with /Length, then the data. */
export function stream(dict: string, data: string | Buffer): Buffer {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, "latin1"), bytes, Buffer.from("\nendstream", "latin1")]);
}

function contiguous(nums: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    runs.push([i, j]);
    i = j + 1;
  }
  return runs;
}

/** A classic cross-reference section for the entries, with entry 0 if missing. */
export function xrefTable(entries: Iterable<XrefEntry>): string {
  const byNum = new Map<number, XrefEntry>([[0, { num: 0, free: true, gen: 65535 }]]);
  for (const e of entries) byNum.set(e.num, e);
  const lines = [...byNum.values()].sort((a, b) => a.num - b.num);
  let text = "xref\n";
  for (const [i, j] of contiguous(lines.map((e) => e.num))) {
    text += `${lines[i]!.num} ${j - i + 1}\n`;
    for (const e of lines.slice(i, j + 1)) text += `${String(e.free ? 0 : e.offset).padStart(10, "0")} ${String(e.gen ?? (e.free ? 1 : 0)).padStart(5, "0")} ${e.free ? "f" : "n"} \n`;
  }
  return text;
}

/**
 * Appends an incremental update: the objects, a cross-reference section for them (classic or
 * a stream, or none), a trailer pointing back with /Prev, startxref and %%EOF, all as given.
 */
export function appendUpdate(pdf: Buffer, objects: readonly PdfObject[], options: UpdateOptions = {}): Update {
  const before = lastTrailer(pdf);
  const parts: Buffer[] = [pdf];
  let at = pdf.length;
  const add = (bytes: Buffer | string) => {
    const buffer = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
    parts.push(buffer);
    at += buffer.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a && pdf[pdf.length - 1] !== 0x0d) add("\n");
  const written: Update["written"] = [];
  for (const object of objects) {
    written.push({ num: object.num, gen: object.gen ?? 0, offset: at });
    add(`${object.num} ${object.gen ?? 0} obj\n`);
    add(object.body);
    add("\nendobj\n");
  }
  const unlisted = new Set(options.unlisted ?? []);
  const entries = new Map<number, XrefEntry>();
  // The last copy written is the one listed, unless an entry says otherwise.
  for (const w of written) if (!unlisted.has(w.num)) entries.set(w.num, { num: w.num, gen: w.gen, offset: w.offset });
  for (const e of options.entries ?? []) entries.set(e.num, e);
  const maxNum = Math.max(before.size - 1, ...entries.keys());
  const prev = options.prev === undefined ? before.startxref : options.prev;
  const trailer = (size: number) =>
    [
      `/Size ${options.trailer?.Size ?? size}`,
      `/Root ${options.trailer?.Root ?? before.root}`,
      before.info ? `/Info ${before.info}` : "",
      before.id ? `/ID ${before.id}` : "",
      prev === null ? "" : `/Prev ${prev}`,
      options.trailer?.extra ?? "",
    ].filter(Boolean).join(" ");
  const xrefAt = at;
  const mode = options.xref ?? "table";
  if (mode === "table") {
    add(`${xrefTable(entries.values())}trailer\n<< ${trailer(maxNum + 1)} >>\n`);
  } else if (mode === "stream") {
    const self = maxNum + 1;
    entries.set(self, { num: self, offset: xrefAt });
    const lines = [...entries.values()].sort((a, b) => a.num - b.num);
    const index: number[] = [];
    const rows: Buffer[] = [];
    for (const [i, j] of contiguous(lines.map((e) => e.num))) {
      index.push(lines[i]!.num, j - i + 1);
      for (const e of lines.slice(i, j + 1)) {
        const row = Buffer.alloc(7);
        row[0] = e.free ? 0 : 1;
        row.writeUInt32BE(e.free ? 0 : e.offset!, 1);
        row.writeUInt16BE(Math.min(e.gen ?? 0, 65535), 5);
        rows.push(row);
      }
    }
    add(`${self} 0 obj\n`);
    add(stream(`/Type /XRef ${trailer(self + 1)} /W [1 4 2] /Index [${index.join(" ")}]`, Buffer.concat(rows)));
    add("\nendobj\n");
  }
  if (options.startxref !== null) add(`startxref\n${options.startxref ?? xrefAt}\n%%EOF${options.eol ?? "\n"}`);
  return { pdf: Buffer.concat(parts), written, xrefAt };
}

/** The entries of the classic cross-reference section at `at`. */
export function xrefSection(pdf: Buffer, at: number): XrefEntry[] {
  const text = pdf.toString("latin1", at, pdf.indexOf("trailer", at));
  const entries: XrefEntry[] = [];
  let num = 0;
  for (const line of text.split(/\r?\n|\r/).slice(1)) {
    const head = /^(\d+) (\d+)$/.exec(line.trim());
    const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(line);
    if (head) num = Number(head[1]);
    else if (entry) entries.push({ num: num++, gen: Number(entry[2]), ...(entry[3] === "f" ? { free: true } : { offset: Number(entry[1]) }) });
  }
  return entries;
}
