import { inflateSync } from "node:zlib";
import { PdfDict, PdfName, PdfStream, type PdfValue } from "./objects.ts";

export class UnsupportedFilterError extends Error {}

/**
 * A stream's decoded data, for the streams the verifier must read itself: cross-reference
 * streams, object streams, and the appearance of a comment added after signing. Flate
 * (with the PNG and TIFF predictors that cross-reference streams use) and ASCIIHex; any
 * other filter is refused rather than guessed.
 */
export function decodeStream(stream: PdfStream, resolve: (value: PdfValue | undefined) => PdfValue | undefined = (v) => v): Uint8Array {
  const filter = resolve(stream.dict.get("Filter"));
  const filters = (Array.isArray(filter) ? filter : filter ? [filter] : []).map((f) => resolve(f));
  const params = resolve(stream.dict.get("DecodeParms"));
  const paramList = Array.isArray(params) ? params.map((p) => resolve(p)) : [params];
  let data = stream.data;
  filters.forEach((f, i) => {
    const name = f instanceof PdfName ? f.name : "";
    const parms = paramList[i];
    if (name === "FlateDecode" || name === "Fl") data = predictor(inflate(data), parms instanceof PdfDict ? parms : undefined, resolve);
    else if (name === "ASCIIHexDecode" || name === "AHx") data = asciiHex(data);
    else throw new UnsupportedFilterError(`the ${name || "unnamed"} filter is not read here`);
  });
  return data;
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data);
  } catch {
    // Many writers end a Flate stream without its checksum; readers accept what inflated.
    return inflateSync(data, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  }
}

function asciiHex(data: Uint8Array): Uint8Array {
  const text = Buffer.from(data).toString("latin1");
  const digits = text.slice(0, text.includes(">") ? text.indexOf(">") : undefined).replace(/[^0-9A-Fa-f]/g, "");
  return Buffer.from(digits.length % 2 ? `${digits}0` : digits, "hex");
}

function predictor(data: Uint8Array, parms: PdfDict | undefined, resolve: (value: PdfValue | undefined) => PdfValue | undefined): Uint8Array {
  const number = (key: string, fallback: number) => {
    const value = resolve(parms?.get(key));
    return typeof value === "number" ? value : fallback;
  };
  const kind = number("Predictor", 1);
  if (kind < 2) return data;
  const colors = number("Colors", 1);
  const bpc = number("BitsPerComponent", 8);
  const columns = number("Columns", 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (kind === 2) {
    const out = Uint8Array.from(data);
    for (let row = 0; row + rowLength <= out.length; row += rowLength) {
      for (let i = bpp; i < rowLength; i++) out[row + i] = (out[row + i]! + out[row + i - bpp]!) & 0xff;
    }
    return out;
  }
  // PNG predictors: each row starts with its filter type.
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      let value = raw;
      if (type === 1) value = raw + left;
      else if (type === 2) value = raw + up;
      else if (type === 3) value = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[dst + i] = value & 0xff;
    }
  }
  return out;
}
