/**
 * The EXIF block of a HEIC/HEIF file: an item of type `Exif` in the `meta` box, located by `iloc`.
 * libheif (the decoder) gives pixels only, so iPhone photos had no capture time, camera or
 * orientation; these few boxes are read here and the block is handed to exif-reader, as for JPEG.
 * Every read is bounds-checked: HEIC files arrive from anywhere (the fuzzing corpus included),
 * and a malformed box means "no EXIF", never a failure of the photo.
 */

type Box = { type: string; start: number; end: number; body: number };

function boxes(bytes: Uint8Array, start: number, end: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end && found.length < 1000) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    let body = offset + 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(view.getBigUint64(offset + 8));
      body = offset + 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < body - offset || offset + size > end) break;
    found.push({ type, start: offset, end: offset + size, body });
    offset += size;
  }
  return found;
}

/** Reads an unsigned big-endian integer of 0, 2, 4 or 8 bytes, or throws past `end`. */
function uint(view: DataView, offset: number, size: number, end: number): number {
  if (offset + size > end) throw new RangeError('box ends early');
  switch (size) {
    case 0:
      return 0;
    case 2:
      return view.getUint16(offset);
    case 4:
      return view.getUint32(offset);
    case 8:
      return Number(view.getBigUint64(offset));
    default:
      throw new RangeError(`field size ${size}`);
  }
}

function exifItemId(bytes: Uint8Array, view: DataView, iinf: Box): number | null {
  const version = bytes[iinf.body]!;
  const entriesStart = iinf.body + 4 + (version === 0 ? 2 : 4);
  for (const infe of boxes(bytes, entriesStart, iinf.end)) {
    if (infe.type !== 'infe') continue;
    const infeVersion = bytes[infe.body]!;
    if (infeVersion < 2) continue;
    const idSize = infeVersion === 2 ? 2 : 4;
    const id = uint(view, infe.body + 4, idSize, infe.end);
    const typeAt = infe.body + 4 + idSize + 2;
    if (typeAt + 4 > infe.end) continue;
    if (String.fromCharCode(...bytes.subarray(typeAt, typeAt + 4)) === 'Exif') return id;
  }
  return null;
}

function itemExtents(bytes: Uint8Array, view: DataView, iloc: Box, itemId: number): Array<{ offset: number; length: number }> | null {
  const end = iloc.end;
  const version = bytes[iloc.body]!;
  let at = iloc.body + 4;
  const sizes = uint(view, at, 2, end);
  const offsetSize = sizes >> 12;
  const lengthSize = (sizes >> 8) & 0xf;
  const baseOffsetSize = (sizes >> 4) & 0xf;
  const indexSize = version === 1 || version === 2 ? sizes & 0xf : 0;
  at += 2;
  const itemCount = version < 2 ? uint(view, at, 2, end) : uint(view, at, 4, end);
  at += version < 2 ? 2 : 4;
  for (let item = 0; item < itemCount; item++) {
    const id = version < 2 ? uint(view, at, 2, end) : uint(view, at, 4, end);
    at += version < 2 ? 2 : 4;
    let method = 0;
    if (version === 1 || version === 2) {
      method = uint(view, at, 2, end) & 0xf;
      at += 2;
    }
    at += 2; // data_reference_index
    const baseOffset = uint(view, at, baseOffsetSize, end);
    at += baseOffsetSize;
    const extentCount = uint(view, at, 2, end);
    at += 2;
    const extents = [];
    for (let extent = 0; extent < extentCount; extent++) {
      at += indexSize;
      const offset = uint(view, at, offsetSize, end);
      at += offsetSize;
      const length = uint(view, at, lengthSize, end);
      at += lengthSize;
      extents.push({ offset: baseOffset + offset, length });
    }
    // Only file-offset items (method 0): cameras and phones store EXIF that way.
    if (id === itemId) return method === 0 ? extents : null;
  }
  return null;
}

/** The HEIC's EXIF as exif-reader takes it (`Exif\0\0` + TIFF), or null when there is none or it is malformed. */
export function heifExifBlock(bytes: Uint8Array): Buffer | null {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const meta = boxes(bytes, 0, bytes.length).find((box) => box.type === 'meta');
    if (!meta) return null;
    const children = boxes(bytes, meta.body + 4, meta.end);
    const iinf = children.find((box) => box.type === 'iinf');
    const iloc = children.find((box) => box.type === 'iloc');
    if (!iinf || !iloc) return null;
    const id = exifItemId(bytes, view, iinf);
    if (id === null) return null;
    const extents = itemExtents(bytes, view, iloc, id);
    if (!extents || extents.length === 0) return null;
    const parts = [];
    for (const { offset, length } of extents) {
      const size = length === 0 ? bytes.length - offset : length;
      if (offset < 0 || size < 0 || offset + size > bytes.length) return null;
      parts.push(bytes.subarray(offset, offset + size));
    }
    const item = Buffer.concat(parts);
    // The item starts with the offset of the TIFF header after this 4-byte field (often past "Exif\0\0").
    if (item.length < 4) return null;
    const tiffAt = 4 + item.readUInt32BE(0);
    if (tiffAt + 8 > item.length) return null;
    return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), item.subarray(tiffAt)]);
  } catch {
    return null;
  }
}
