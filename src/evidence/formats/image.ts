import type { EvidenceText, Passage } from "../evidence.ts";
import { localName, walkXml } from "../xml.ts";

/**
 * A photo's or picture's metadata, read with exifr (made for exactly this: EXIF, XMP,
 * IPTC and GPS in JPEG, PNG, TIFF, HEIC and AVIF, without decoding the picture): the
 * camera owner, author, description, keywords and captions, and where it was taken. WebP,
 * which exifr does not read, keeps the same EXIF and XMP in RIFF chunks, read here.
 * The picture itself is not read: a name written on a whiteboard in a photo is not found.
 */
export async function readImage(bytes: Uint8Array): Promise<EvidenceText> {
  const passages: Passage[] = [];
  let location: EvidenceText["location"];
  const take = async (data: Uint8Array) => {
    const found = await parseMetadata(data);
    if (!found) return;
    for (const [segment, fields] of Object.entries(found)) {
      if (!fields || typeof fields !== "object") continue;
      for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
        for (const text of strings(value)) passages.push({ text, place: { kind: "metadata", of: "photo metadata", field: fieldName(segment, field) } });
      }
    }
    const gps = found.gps as { latitude?: unknown; longitude?: unknown } | undefined;
    if (typeof gps?.latitude === "number" && typeof gps.longitude === "number" && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
      location = { latitude: gps.latitude, longitude: gps.longitude };
    }
  };
  if (isWebp(bytes)) {
    for (const chunk of riffChunks(bytes)) {
      if (chunk.id === "EXIF") await take(withoutExifHeader(chunk.data));
      if (chunk.id === "XMP ") passages.push(...xmpPassages(new TextDecoder().decode(chunk.data)));
    }
  } else {
    await take(bytes);
  }
  return { format: "photo", passages, ...(location ? { location } : {}) };
}

type ExifrParse = (data: Buffer, options: Record<string, unknown>) => Promise<unknown>;
let exifr: Promise<ExifrParse> | undefined;

/** Every segment exifr knows, kept apart (`ifd0`, `exif`, `gps`, `iptc`, XMP by namespace). */
async function parseMetadata(data: Uint8Array): Promise<Record<string, unknown> | undefined> {
  exifr ??= import("exifr").then((m) => ((m as unknown as { default?: { parse: ExifrParse } }).default ?? (m as unknown as { parse: ExifrParse })).parse);
  try {
    return await (await exifr)(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
      tiff: true, ifd1: false, exif: true, gps: true, interop: false, xmp: true, iptc: true, icc: false, jfif: false, ihdr: true,
      makerNote: false, userComment: true, multiSegment: true, mergeOutput: false, sanitize: true, reviveValues: true, translateKeys: true, translateValues: false,
    }) as Record<string, unknown> | undefined;
  } catch {
    // A format exifr does not read (GIF, BMP) has no metadata it could find.
    return undefined;
  }
}

/** Text values, however nested (XMP's language alternatives, lists of keywords); not binary or numbers. */
function strings(value: unknown, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === "string") return /\p{L}/u.test(value) && !/[\u0000-\u0008]/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Uint8Array) && !(value instanceof Date)) return Object.values(value).flatMap((v) => strings(v, depth + 1));
  return [];
}

/** "Artist"; for XMP and IPTC the namespace too ("XMP dc:creator", "IPTC Byline"). */
function fieldName(segment: string, field: string): string {
  if (["ifd0", "exif", "gps", "ihdr", "ifd1", "interop"].includes(segment)) return field;
  if (segment === "iptc") return `IPTC ${field}`;
  return `XMP ${segment}:${field}`;
}

function isWebp(bytes: Uint8Array): boolean {
  return bytes.length > 12 && String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP";
}

function* riffChunks(bytes: Uint8Array): Generator<{ id: string; data: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    yield { id, data: bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size)) };
    at += 8 + size + (size % 2);
  }
}

/** Some writers put JPEG's "Exif\0\0" before the TIFF data in a WebP's EXIF chunk. */
function withoutExifHeader(data: Uint8Array): Uint8Array {
  return data.length > 6 && String.fromCharCode(...data.subarray(0, 4)) === "Exif" ? data.subarray(6) : data;
}

/** An XMP packet's values: each property's text (list items under it) and the properties written as attributes. */
export function xmpPassages(xmp: string): Passage[] {
  const passages: Passage[] = [];
  const path: string[] = [];
  try {
    walkXml(xmp, {
      open(name, attributes) {
        path.push(name);
        if (localName(name) === "Description") {
          for (const [key, value] of Object.entries(attributes)) {
            if (!key.startsWith("xmlns") && !key.startsWith("rdf:") && /\p{L}/u.test(value)) passages.push({ text: value, place: { kind: "metadata", of: "photo metadata", field: `XMP ${key}` } });
          }
        }
      },
      close() {
        path.pop();
      },
      text(text) {
        const property = [...path].reverse().find((n) => !n.startsWith("rdf:") && !n.startsWith("x:"));
        if (property && text.trim()) passages.push({ text, place: { kind: "metadata", of: "photo metadata", field: `XMP ${property}` } });
      },
    }, "the XMP metadata");
  } catch {
    // A damaged packet is searched as text.
    passages.push({ text: xmp, place: { kind: "metadata", of: "photo metadata", field: "XMP" } });
  }
  return passages;
}
