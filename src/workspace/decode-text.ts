import { finding, type Diagnostic } from "../diagnostics/diagnostic.ts";
import encodingInvalid, { type Facts as EncodingFault } from "../diagnostics/rules/encoding-invalid.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A workspace file's bytes as text, or a finding at the first byte that is not UTF-8 or is
 * a NUL. Node's own decoding would put U+FFFD in the text and say nothing, and the learner
 * would see the damage only in the PDF, if at all.
 */
export function decodeText(file: string, bytes: Uint8Array): { text: string; finding?: undefined } | { text?: undefined; finding: Diagnostic } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    return { finding: at(file, bytes, { kind: "not-utf8", offset, byte: bytes[offset]! }) };
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const offset = Buffer.byteLength(text.slice(0, nul));
    return { finding: at(file, bytes, { kind: "nul", offset }) };
  }
  return { text };
}

/** The finding at the fault's line and column. */
function at(file: string, bytes: Uint8Array, fault: EncodingFault): Diagnostic {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, fault.offset));
  const lines = before.split("\n");
  return finding(file, encodingInvalid, { line: lines.length, column: [...lines.at(-1)!].length + 1 }, fault);
}

/** Where UTF-8 decoding first fails: a bad lead byte, a missing continuation, or an overlong or surrogate form. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      try {
        utf8.decode(bytes.subarray(i, i + length));
      } catch {
        return i;
      }
    }
    i += length;
  }
  return bytes.length - 1;
}
