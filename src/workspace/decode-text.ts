import { finding, type Diagnostic } from "../diagnostics/diagnostic.ts";

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
    return { finding: at(file, bytes, offset, `Byte ${offset} (0x${bytes[offset]!.toString(16).padStart(2, "0")}) is not UTF-8; the file was not read. Save it as UTF-8 (in most editors: "Save with encoding")`) };
  }
  const nul = text.indexOf("\0");
  if (nul !== -1) {
    const offset = Buffer.byteLength(text.slice(0, nul));
    return { finding: at(file, bytes, offset, `Byte ${offset} is a NUL character, which a text file does not hold; the file was not read. Remove it, or copy the text into a new file`) };
  }
  return { text };
}

function at(file: string, bytes: Uint8Array, offset: number, message: string): Diagnostic {
  const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
  const lines = before.split("\n");
  return finding(file, "encoding-invalid", { line: lines.length, column: [...lines.at(-1)!].length + 1 }, message);
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
