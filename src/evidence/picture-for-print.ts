/**
 * A picture as the PDF should carry it: the same pixels, without the metadata a camera or
 * phone wrote (owner, author, captions, where it was taken), which Chromium copies into
 * the PDF with a JPEG's bytes. Only the orientation is kept, so that a phone photo still
 * stands the right way up. The site's copy of the evidence is the file itself, unchanged.
 */
export async function pictureForPrint(bytes: Uint8Array, type: string): Promise<Uint8Array> {
  try {
    if (type === "image/jpeg") return await jpegWithoutMetadata(bytes);
    if (type === "image/png") return pngWithoutMetadata(bytes);
    if (type === "image/webp") return webpWithoutMetadata(bytes);
  } catch {
    // A picture whose structure is not as expected is placed as it is: the check has read its metadata already.
  }
  return bytes;
}

/** JPEG markers kept: JFIF (APP0), the colour profile (APP2) and Adobe's colour transform (APP14). */
const KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

async function jpegWithoutMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return bytes;
  const orientation = await readOrientation(bytes);
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  if (orientation && orientation !== 1) kept.push(orientationSegment(orientation));
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return bytes;
    const marker = bytes[at + 1]!;
    // Start of scan: the compressed picture follows to the end, kept whole.
    if (marker === 0xda) { kept.push(bytes.subarray(at)); break; }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const segment = bytes.subarray(at, at + 2 + length);
    const metadata = (marker >= 0xe0 && marker <= 0xef && !KEPT_APP.has(marker)) || marker === 0xfe;
    if (!metadata) kept.push(segment);
    at += 2 + length;
  }
  return concat(kept);
}

/** An APP1 segment holding an EXIF block with the orientation tag alone. */
function orientationSegment(orientation: number): Uint8Array {
  return Uint8Array.from([
    0xff, 0xe1, 0x00, 0x22, // APP1, length 34
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT, 1, value
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
}

async function readOrientation(bytes: Uint8Array): Promise<number | undefined> {
  const exifr = (await import("exifr")) as unknown as { default?: { orientation(data: Buffer): Promise<number | undefined> }; orientation?(data: Buffer): Promise<number | undefined> };
  const read = exifr.default?.orientation ?? exifr.orientation!;
  const value = await read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).catch(() => undefined);
  return typeof value === "number" && value >= 1 && value <= 8 ? value : undefined;
}

/** PNG chunks of text and EXIF (tEXt, zTXt, iTXt, eXIf) are left out; the rest are kept as they are. */
function pngWithoutMetadata(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) return bytes;
    if (!["tEXt", "zTXt", "iTXt", "eXIf"].includes(type)) kept.push(bytes.subarray(at, end));
    at = end;
  }
  return concat(kept);
}

/** WebP's EXIF and XMP chunks are left out, and the extended header no longer says it has them. */
function webpWithoutMetadata(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [];
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    const end = Math.min(bytes.length, at + 8 + size + (size % 2));
    if (id === "VP8X") {
      const chunk = Uint8Array.from(bytes.subarray(at, end));
      chunk[8] = chunk[8]! & ~0x0c;
      kept.push(chunk);
    } else if (id !== "EXIF" && id !== "XMP ") {
      kept.push(bytes.subarray(at, end));
    }
    at = end;
  }
  const body = concat(kept);
  const header = Uint8Array.from(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return concat([header, body]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}
