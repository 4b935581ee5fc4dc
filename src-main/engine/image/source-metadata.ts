import exifReader from 'exif-reader';
import type { Metadata } from 'sharp';

/** Facts about where a photo came from, kept for sorting (capture time) and provenance checks. */
export type SourceMetadata = {
  /** False where nothing but pixels was read: then the other fields are unknown. */
  metadataRead: boolean;
  hasExif: boolean;
  cameraMake: string | null;
  cameraModel: string | null;
  software: string | null;
  /** Wall-clock capture time as the camera wrote it, `YYYY-MM-DDTHH:MM:SS`, no time zone. */
  capturedAt: string | null;
  hasIccProfile: boolean;
  /** EXIF orientation 1–8 as found in the file (1 when absent); already applied to the pixels. */
  orientation: number;
  /** Number of frames or pages; only the first is rated. */
  pages: number;
  bitDepth: number | null;
  hasAlpha: boolean;
  progressive: boolean | null;
  chromaSubsampling: string | null;
  /** Capture time with the camera's sub-seconds (`YYYY-MM-DDTHH:MM:SS.ss`), for ordering bursts. */
  capturedAtPrecise: string | null;
  lens: string | null;
  iso: number | null;
  exposureSeconds: number | null;
  fNumber: number | null;
  focalLengthMm: number | null;
  /** What a camera RAW held and which of its embedded images was rated; null for other formats. */
  raw: RawSourceDetails | null;
};

export type RawSourceDetails = {
  /** The RAW format recognised from the bytes (cr2, cr3, nef, …). */
  format: string;
  /** Which embedded image was rated, as exiftool names it (`SubIFD:JpgFromRaw`, `QuickTime:PreviewImage`). */
  preview: string;
  /** The preview's size as stored, before the RAW's orientation is applied. */
  previewWidth: number;
  previewHeight: number;
  /** The image size the camera reports for the RAW itself. */
  sensorWidth: number | null;
  sensorHeight: number | null;
};

export const UNREAD_SOURCE_METADATA: SourceMetadata = {
  metadataRead: false,
  hasExif: false,
  cameraMake: null,
  cameraModel: null,
  software: null,
  capturedAt: null,
  hasIccProfile: false,
  orientation: 1,
  pages: 1,
  bitDepth: null,
  hasAlpha: false,
  progressive: null,
  chromaSubsampling: null,
  capturedAtPrecise: null,
  lens: null,
  iso: null,
  exposureSeconds: null,
  fNumber: null,
  focalLengthMm: null,
  raw: null,
};

function cleanText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // Cameras pad fixed-size EXIF fields with NULs and spaces.
  const text = value.replace(/\0/g, '').trim();
  return text.length > 0 ? text.slice(0, 200) : null;
}

function bitDepthOf(depth: string | undefined): number | null {
  switch (depth) {
    case 'uchar':
    case 'char':
      return 8;
    case 'ushort':
    case 'short':
      return 16;
    case 'uint':
    case 'int':
    case 'float':
      return 32;
    case 'double':
      return 64;
    default:
      return null;
  }
}

type ExifFacts = Pick<
  SourceMetadata,
  'hasExif' | 'cameraMake' | 'cameraModel' | 'software' | 'capturedAt' | 'capturedAtPrecise' | 'lens' | 'iso' | 'exposureSeconds' | 'fNumber' | 'focalLengthMm'
> & { orientation: number | null };

/** The camera facts of an EXIF block (`Exif\0\0` or TIFF header first). Broken EXIF is common and never fails a photo. */
function exifFacts(block: Buffer | undefined | null): ExifFacts {
  let exif: ReturnType<typeof exifReader> | null = null;
  if (block && block.length > 0) {
    try {
      exif = exifReader(block);
    } catch {
      exif = null;
    }
  }
  const original = exif?.Photo?.DateTimeOriginal ?? exif?.Photo?.DateTimeDigitized;
  const capturedAt = original instanceof Date && !Number.isNaN(original.getTime()) ? original.toISOString().slice(0, 19) : null;
  const subSeconds = cleanText(exif?.Photo?.SubSecTimeOriginal);
  const orientation = exif?.Image?.Orientation;
  return {
    hasExif: exif !== null,
    cameraMake: cleanText(exif?.Image?.Make),
    cameraModel: cleanText(exif?.Image?.Model),
    software: cleanText(exif?.Image?.Software),
    capturedAt,
    capturedAtPrecise: capturedAt && subSeconds && /^\d+$/.test(subSeconds) ? `${capturedAt}.${subSeconds}` : capturedAt,
    lens: cleanText(exif?.Photo?.LensModel),
    iso: positiveNumber(exif?.Photo?.ISOSpeedRatings),
    exposureSeconds: positiveNumber(exif?.Photo?.ExposureTime),
    fNumber: positiveNumber(exif?.Photo?.FNumber),
    focalLengthMm: positiveNumber(exif?.Photo?.FocalLength),
    orientation: typeof orientation === 'number' && orientation >= 1 && orientation <= 8 ? orientation : null,
  };
}

/** Reads what sharp's header parse found. */
export function sourceMetadataFromSharp(meta: Metadata): SourceMetadata {
  const { orientation: _exifOrientation, ...facts } = exifFacts(meta.exif);
  return {
    ...UNREAD_SOURCE_METADATA,
    ...facts,
    metadataRead: true,
    hasIccProfile: Boolean(meta.icc && meta.icc.length > 0),
    orientation: meta.orientation ?? 1,
    pages: meta.pages ?? 1,
    bitDepth: bitDepthOf(meta.depth),
    hasAlpha: Boolean(meta.hasAlpha),
    progressive: meta.format === 'jpeg' ? Boolean(meta.isProgressive) : null,
    chromaSubsampling: meta.chromaSubsampling ?? null,
    raw: null,
  };
}

/**
 * A HEIC's facts from its EXIF item (see heif-exif.ts). libheif has already turned the pixels
 * upright by the HEIF transforms (irot/imir), which phones write to match the EXIF orientation.
 */
export function sourceMetadataFromHeif(exifBlock: Buffer | null, hasAlpha: boolean): SourceMetadata {
  const { orientation, ...facts } = exifFacts(exifBlock);
  return { ...UNREAD_SOURCE_METADATA, ...facts, metadataRead: true, orientation: orientation ?? 1, hasAlpha };
}

/** A positive number (first of a list); cameras write 0 for "unknown". */
function positiveNumber(value: unknown): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'number' && Number.isFinite(first) && first > 0 ? first : null;
}

/**
 * Camera facts as exiftool prints them (`YYYY:MM:DD HH:MM:SS[.ss][±HH:MM]`), turned into this
 * file's wall-clock forms: the time zone is dropped as for every other photo.
 */
export function captureTimes(exiftoolDate: string | null): { capturedAt: string | null; capturedAtPrecise: string | null } {
  const match = exiftoolDate ? /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(exiftoolDate) : null;
  if (!match || match[1] === '0000') return { capturedAt: null, capturedAtPrecise: null };
  const capturedAt = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}`;
  return { capturedAt, capturedAtPrecise: match[7] ? `${capturedAt}${match[7]}` : capturedAt };
}

/** "Canon EOS R6", "NIKON D7100", "Leica Camera AG LEICA M10": the make once, then the model. */
export function cameraLabel(make: string | null, model: string | null): string | null {
  if (!make || !model) return make ?? model ?? null;
  const brand = make.split(/\s+/)[0]!.toLowerCase();
  return model.toLowerCase().startsWith(brand) ? model : `${make} ${model}`;
}
