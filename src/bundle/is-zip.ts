/** A zip (an EQA bundle made by `portfolio bundle`), by its first bytes rather than its name. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
