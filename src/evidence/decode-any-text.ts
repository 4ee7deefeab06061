/**
 * An evidence text file in whatever encoding it was saved in: UTF-16 (Excel's "Unicode
 * text", Notepad's "Unicode"), by its byte order mark or by the NUL bytes of ASCII in it;
 * UTF-8; else Windows-1252 (an old editor). A name in a file saved as UTF-16 would
 * otherwise be read as bytes with NULs between the letters, and not found.
 */
export function decodeAnyText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString("utf16le", 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return Buffer.from(buffer.subarray(2)).swap16().toString("utf16le");
  const sample = buffer.subarray(0, 4096);
  const nulsAt = (parity: number) => sample.filter((b, i) => b === 0 && i % 2 === parity).length;
  if (sample.length >= 4 && nulsAt(1) > sample.length / 4) return buffer.toString("utf16le");
  if (sample.length >= 4 && nulsAt(0) > sample.length / 4) return Buffer.from(buffer.subarray(0, buffer.length & ~1)).swap16().toString("utf16le");
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(start));
  } catch {
    return new TextDecoder("windows-1252").decode(buffer);
  }
}
