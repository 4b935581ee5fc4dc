/**
 * Recognises an image format from its first bytes, never from the file name: photographers rename
 * files, cameras and phones write `.JPG` files that are HEIC, and a hostile upload can claim anything.
 */
export const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heic'] as const;
export type ImageFormat = (typeof SUPPORTED_FORMATS)[number];

/**
 * Camera RAW formats, recognised by their makers' markers. They are not decoded from sensor data:
 * the engine rates the JPEG preview the camera embedded (engine/raw/), read through exiftool.
 */
export const RAW_FORMATS = ['cr2', 'cr3', 'crw', 'nef', 'arw', 'dng', 'gpr', 'raf', 'orf', 'rw2', 'pef', 'srw'] as const;
export type RawFormat = (typeof RAW_FORMATS)[number];

export type SniffResult =
  | { kind: 'supported'; format: ImageFormat }
  | { kind: 'raw'; format: RawFormat }
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
  if (major === 'crx ') return { kind: 'raw', format: 'cr3' };
  if (['qt  ', 'isom', 'mp41', 'mp42', 'M4V ', 'avc1', '3gp4', '3gp5'].includes(major)) {
    return { kind: 'unsupported', what: 'video file' };
  }
  return { kind: 'unsupported', what: `ISO media file with brand '${major.trim()}'` };
}

/** Reads the TIFF entries of the IFD at `ifd` that lie inside `bytes` (tag and 32-bit value/offset). */
function ifdEntries(bytes: Uint8Array, ifd: number, little: boolean): Array<{ tag: number; value: number; type: number }> {
  if (ifd + 2 > bytes.length) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = [];
  const count = view.getUint16(ifd, little);
  for (let index = 0; index < count; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > bytes.length) break;
    const type = view.getUint16(entry + 2, little);
    // SHORT values sit in the first two bytes of the value field.
    const value = type === 3 ? view.getUint16(entry + 8, little) : view.getUint32(entry + 8, little);
    entries.push({ tag: view.getUint16(entry, little), value, type });
  }
  return entries;
}

const TAG_MAKE = 0x010f;
const TAG_DNG_VERSION = 0xc612;
const TAG_NEW_SUBFILE_TYPE = 0x00fe;

/** The Make string of IFD0, when its bytes are within the sniffed head. */
function tiffMake(bytes: Uint8Array, entries: Array<{ tag: number; value: number }>): string {
  const make = entries.find((entry) => entry.tag === TAG_MAKE);
  if (!make) return '';
  // Every maker's name is longer than 4 bytes, so it sits at the entry's offset.
  const offset = make.value;
  if (offset <= 0 || offset + 4 > bytes.length) return '';
  return ascii(bytes, offset, Math.min(32, bytes.length - offset)).split('\0')[0]!.trim().toLowerCase();
}

/**
 * TIFF is also the container of most camera RAW formats (CR2, NEF, ARW, DNG, PEF, GPR) and the
 * near-TIFF headers of ORF (`IIRO`/`MMOR`/`IIRS`) and RW2 (`IIU`). Their first image is a small
 * preview, so decoding them as TIFF would rate a thumbnail: they are sent to the RAW reader.
 */
function sniffTiff(bytes: Uint8Array): SniffResult | null {
  if (ascii(bytes, 0, 4) === 'IIU\0') return { kind: 'raw', format: 'rw2' };
  const head4 = ascii(bytes, 0, 4);
  if (head4 === 'IIRO' || head4 === 'MMOR' || head4 === 'IIRS') return { kind: 'raw', format: 'orf' };
  const little = startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]);
  const big = startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]);
  const bigTiff = startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b]);
  if (bigTiff) return { kind: 'supported', format: 'tiff' };
  if (!little && !big) return null;
  if (ascii(bytes, 8, 2) === 'CR') return { kind: 'raw', format: 'cr2' };

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = ifdEntries(bytes, view.getUint32(4, little), little);
  const make = tiffMake(bytes, entries);
  if (entries.some((entry) => entry.tag === TAG_DNG_VERSION)) return { kind: 'raw', format: make.startsWith('gopro') ? 'gpr' : 'dng' };
  // NewSubfileType = 1 on the first image: a reduced-resolution preview, as RAW files carry.
  const firstIsPreview = entries.some((entry) => entry.tag === TAG_NEW_SUBFILE_TYPE && entry.value === 1);
  const rawByMake: Array<[string, RawFormat]> = [
    ['nikon', 'nef'],
    ['sony', 'arw'],
    ['pentax', 'pef'],
    ['ricoh', 'pef'],
    ['samsung', 'srw'],
    ['canon', 'cr2'],
    ['olympus', 'orf'],
    ['om digital', 'orf'],
  ];
  const byMake = rawByMake.find(([prefix]) => make.startsWith(prefix));
  if (byMake && (firstIsPreview || byMake[1] !== 'cr2')) {
    // A TIFF a Nikon or Sony wrote is a RAW only when its first image is a preview or it holds
    // sub-images; an ordinary TIFF saved by the camera (rare) carries full-size pixels first.
    if (firstIsPreview || entries.some((entry) => entry.tag === 0x014a)) return { kind: 'raw', format: byMake[1] };
  }
  if (firstIsPreview) return { kind: 'unsupported', what: 'camera raw file of an unknown maker (its first image is only a preview)' };
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
  if (ascii(bytes, 0, 15) === 'FUJIFILMCCD-RAW') return { kind: 'raw', format: 'raf' };
  // Canon CRW: a CIFF heap, `II` + header length, then `HEAPCCDR`.
  if (ascii(bytes, 6, 8) === 'HEAPCCDR') return { kind: 'raw', format: 'crw' };
  const text = ascii(bytes, 0, Math.min(bytes.length, 256)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) {
    return { kind: 'unsupported', what: 'SVG drawing' };
  }
  return { kind: 'unknown' };
}
