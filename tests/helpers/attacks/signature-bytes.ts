// Signatures, as bytes: where a signature's ranges and value lie, and a placeholder filled in.
import { createCms } from "../../../src/signing/cms.ts";
import type { SigningIdentity } from "../../../src/signing/identity.ts";

/** One signature dictionary as our signing code writes it: where its ranges and value are. */
export interface SignatureBytes {
  byteRange: [number, number, number, number];
  /** Where `/ByteRange [` starts. */
  byteRangeAt: number;
  /** The `<` of /Contents and the position after its `>`. */
  contentsAt: number;
  contentsEnd: number;
  hex: string;
}

export function signaturesIn(pdf: Buffer): SignatureBytes[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]/g)].map((m) => {
    const contentsAt = text.indexOf("<", text.indexOf("/Contents", m.index));
    const contentsEnd = text.indexOf(">", contentsAt) + 1;
    return {
      byteRange: [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])],
      byteRangeAt: m.index,
      contentsAt,
      contentsEnd,
      hex: text.slice(contentsAt + 1, contentsEnd - 1),
    };
  });
}

/** A byte-range placeholder of fixed width, filled in by `fillByteRange` once the file is written. */
export const BYTE_RANGE_SLOT = `/ByteRange [0 ${"0".repeat(10)} ${"0".repeat(10)} ${"0".repeat(10)}]`;

/**
 * Fills the last byte-range placeholder with ranges around the /Contents that follows it, and,
 * given an identity, signs them: what a signing tool does, used where a case needs a revision
 * our own writer would not make, such as one ending `%%EOF` with no newline after it.
 */
export async function fillByteRange(pdf: Buffer, identity?: SigningIdentity): Promise<Buffer> {
  const out = Buffer.from(pdf);
  const at = out.lastIndexOf("/ByteRange [0 ");
  const slot = out.indexOf("]", at) + 1 - at;
  const contentsAt = out.indexOf("<", out.indexOf("/Contents", at));
  const contentsEnd = out.indexOf(">", contentsAt) + 1;
  const ranges = [0, contentsAt, contentsEnd, out.length - contentsEnd];
  const written = `/ByteRange [${ranges.map((n, i) => (i === 0 ? "0" : String(n).padStart(10, "0"))).join(" ")}]`;
  if (written.length > slot) throw new Error("the byte ranges do not fit their placeholder");
  out.write(written.padEnd(slot, " "), at, "latin1");
  if (!identity) return out;
  out.fill("0", contentsAt + 1, contentsEnd - 1, "latin1");
  const cms = await createCms([out.subarray(0, contentsAt), out.subarray(contentsEnd)], identity);
  out.write(Buffer.from(cms).toString("hex"), contentsAt + 1, "latin1");
  return out;
}
