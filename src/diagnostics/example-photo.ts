/**
 * A photo for the rules' examples (`evidence-location`, `evidence-too-large`): the few
 * bytes of a JPEG that a phone's camera would write around a picture, an EXIF block with
 * the camera's make and, if given, where it was taken (GPS latitude and longitude, in
 * degrees, minutes and seconds). The picture itself is left out: nothing reads it.
 */
export function examplePhoto(options: { gps?: { latitude: number; longitude: number } } = {}): Uint8Array {
  const { gps } = options;
  // TIFF, little-endian: the header, IFD0 (Make, and a pointer to the GPS IFD), then the GPS IFD.
  const tiff: number[] = [];
  const u16 = (n: number) => tiff.push(n & 0xff, n >> 8);
  const u32 = (n: number) => tiff.push(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
  const entry = (tag: number, type: number, count: number, value: number) => (u16(tag), u16(type), u32(count), u32(value));
  const ASCII = 2, LONG = 4, RATIONAL = 5;
  const ifd0Entries = gps ? 2 : 1;
  const ifd0End = 8 + 2 + ifd0Entries * 12 + 4;
  const make = "Phone\0\0\0";
  const gpsAt = ifd0End + make.length;
  const gpsEnd = gpsAt + 2 + 4 * 12 + 4;
  tiff.push(0x49, 0x49), u16(42), u32(8);
  u16(ifd0Entries);
  entry(0x010f, ASCII, make.length, ifd0End);
  if (gps) entry(0x8825, LONG, 1, gpsAt);
  u32(0);
  tiff.push(...[...make].map((c) => c.charCodeAt(0)));
  if (gps) {
    const ref = (text: string) => text.charCodeAt(0);
    u16(4);
    entry(0x0001, ASCII, 2, ref(gps.latitude >= 0 ? "N" : "S"));
    entry(0x0002, RATIONAL, 3, gpsEnd);
    entry(0x0003, ASCII, 2, ref(gps.longitude >= 0 ? "E" : "W"));
    entry(0x0004, RATIONAL, 3, gpsEnd + 24);
    u32(0);
    for (const degrees of [Math.abs(gps.latitude), Math.abs(gps.longitude)]) {
      const d = Math.floor(degrees);
      const m = Math.floor((degrees - d) * 60);
      const s = Math.round(((degrees - d) * 60 - m) * 60 * 100);
      u32(d), u32(1), u32(m), u32(1), u32(s), u32(100);
    }
  }
  const exif = [...Buffer.from("Exif\0\0", "latin1"), ...tiff];
  const length = exif.length + 2;
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 0xff, ...exif, 0xff, 0xd9]);
}
