/**
 * Recognises an image format from its first bytes, never from the file name: photographers rename
 * files, cameras and phones write `.JPG` files that are HEIC, and a hostile upload can claim anything.
 */
export const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heic'] as const;
export type ImageFormat = (typeof SUPPORTED_FORMATS)[number];

export type SniffResult =
  | { kind: 'supported'; format: ImageFormat }
  | { kind: 'unsupported'; what: string }
  | { kind: 'unknown' };

/** How many leading bytes `sniffFormat` wants to see (ISO-BMFF brand lists can be long). */
export const SNIFF_BYTES = 4096;

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2', 'miaf']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return '';
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, index) => bytes[offset + index] === value);
}

function sniffIsoBmff(bytes: Uint8Array): SniffResult | null {
  if (ascii(bytes, 4, 4) !== 'ftyp') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = bytes.length >= 4 ? view.getUint32(0) : 0;
  const major = ascii(bytes, 8, 4);
  const brands = [major];
  const end = Math.min(boxSize, bytes.length);
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, 4));

  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return { kind: 'supported', format: 'avif' };
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return { kind: 'supported', format: 'heic' };
  if (GENERIC_HEIF_BRANDS.has(major)) return { kind: 'supported', format: 'heic' };
  if (major === 'crx ') return { kind: 'unsupported', what: 'Canon CR3 raw file' };
  if (['qt  ', 'isom', 'mp41', 'mp42', 'M4V ', 'avc1', '3gp4', '3gp5'].includes(major)) {
    return { kind: 'unsupported', what: 'video file' };
  }
  return { kind: 'unsupported', what: `ISO media file with brand '${major.trim()}'` };
}

/**
 * TIFF is also the container of most camera raw formats (CR2, NEF, ARW, DNG). Their first image is
 * a small preview, so decoding them as TIFF would rate a thumbnail: refuse them instead.
 */
function sniffTiff(bytes: Uint8Array): SniffResult | null {
  const little = startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]);
  const big = startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]);
  const bigTiff = startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b]);
  if (bigTiff) return { kind: 'supported', format: 'tiff' };
  if (!little && !big) return null;
  if (ascii(bytes, 8, 2) === 'CR') return { kind: 'unsupported', what: 'Canon CR2 raw file' };

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > bytes.length) return { kind: 'supported', format: 'tiff' };
  const entries = view.getUint16(ifd, little);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > bytes.length) break;
    const tag = view.getUint16(entry, little);
    if (tag === 0xc612) return { kind: 'unsupported', what: 'DNG raw file' };
    // NewSubfileType = 1 on the first image: a reduced-resolution preview, as raw files carry.
    if (tag === 0x00fe && view.getUint32(entry + 8, little) === 1) {
      return { kind: 'unsupported', what: 'camera raw file (its first image is only a preview)' };
    }
  }
  return { kind: 'supported', format: 'tiff' };
}

export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'supported', format: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'supported', format: 'png' };
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return { kind: 'supported', format: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { kind: 'supported', format: 'webp' };

  const tiff = sniffTiff(bytes);
  if (tiff) return tiff;
  const isoMedia = sniffIsoBmff(bytes);
  if (isoMedia) return isoMedia;

  if (ascii(bytes, 0, 2) === 'BM') return { kind: 'unsupported', what: 'BMP image' };
  if (ascii(bytes, 0, 4) === '%PDF') return { kind: 'unsupported', what: 'PDF document' };
  if (ascii(bytes, 0, 4) === '8BPS') return { kind: 'unsupported', what: 'Photoshop document' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'unsupported', what: 'ZIP archive' };
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 4) === 'JXL ') return { kind: 'unsupported', what: 'JPEG XL image' };
  if (ascii(bytes, 0, 8) === 'FUJIFILM') return { kind: 'unsupported', what: 'Fujifilm RAF raw file' };
  const text = ascii(bytes, 0, Math.min(bytes.length, 256)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) {
    return { kind: 'unsupported', what: 'SVG drawing' };
  }
  return { kind: 'unknown' };
}
