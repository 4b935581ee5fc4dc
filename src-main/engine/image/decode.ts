import sharp from 'sharp';
import type { DecodeLimits } from '../config.js';
import { EngineError } from '../errors.js';
import type { HeicDecoder } from './heic-decoder.js';
import type { RawImage } from './raw-image.js';
import { sniffFormat, SUPPORTED_FORMATS, type ImageFormat } from './sniff.js';
import { heifExifBlock } from './heif-exif.js';
import { sourceMetadataFromHeif, sourceMetadataFromSharp, type SourceMetadata } from './source-metadata.js';

/** The one decode of an image that every analyzer is fed from. */
export type DecodedImage = {
  format: ImageFormat;
  /** Full size in pixels, after EXIF orientation. */
  width: number;
  height: number;
  source: SourceMetadata;
  /** Upright sRGB pixels, long side at most the configured working size (never enlarged). */
  working: RawImage;
};

export type DecodeOptions = {
  limits: DecodeLimits;
  workingLongSidePx: number;
  heic: HeicDecoder;
};

/** Bumped when the decode path changes what pixels the analyzers see. */
const DECODE_PIPELINE_VERSION = '1';

/** Version of the decode path and the decoders behind it, for the result's `analyzers`. */
export function decoderVersion(): string {
  return `${DECODE_PIPELINE_VERSION}; sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, libheif-js (heic-decode)`;
}

// Alpha is flattened onto white: a transparent product shot is judged as it would be shown.
const FLATTEN_BACKGROUND = { r: 255, g: 255, b: 255 };

export async function decodeImage(bytes: Buffer, options: DecodeOptions): Promise<DecodedImage> {
  if (bytes.length === 0) throw new EngineError('empty_file', 'the file is empty');
  const sniffed = sniffFormat(bytes);
  switch (sniffed.kind) {
    case 'unknown':
      throw new EngineError('unsupported_format', `not a recognised image; supported: ${SUPPORTED_FORMATS.join(', ')}`);
    case 'unsupported':
      throw new EngineError('unsupported_format', `${sniffed.what} is not supported; supported: ${SUPPORTED_FORMATS.join(', ')}`);
    case 'raw':
      // RAW files are rated from their embedded preview through engine/raw/, by file.
      throw new EngineError('unsupported_format', `a ${sniffed.format.toUpperCase()} camera RAW is rated from its file (its embedded preview), not decoded from bytes here`);
    case 'supported':
      return sniffed.format === 'heic'
        ? decodeHeic(bytes, options)
        : decodeWithSharp(bytes, sniffed.format, options);
  }
}

function pixelLimitError(width: number, height: number, maxPixels: number): EngineError {
  return new EngineError(
    'too_many_pixels',
    `image is ${width}×${height} (${width * height} pixels), over the limit of ${maxPixels}`,
  );
}

/** libvips reports everything as text; sort its messages into our closed set of codes. */
export function classifySharpError(error: unknown, format: ImageFormat): EngineError {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (/pixel limit/i.test(message)) return new EngineError('too_many_pixels', message, { cause: error });
  if (/timeout/i.test(message)) return new EngineError('decode_timeout', message, { cause: error });
  if (/unsupported image format|compression format .* not (built|supported)|no decoder|not a known/i.test(message)) {
    return new EngineError('unsupported_format', `${format}: ${message}`, { cause: error });
  }
  return new EngineError('corrupt_image', `${format} could not be decoded: ${message}`, { cause: error });
}

/**
 * Decodes a JPEG preview embedded in a camera RAW and turns it upright by the RAW's own EXIF
 * `orientation` (1–8): cameras store the preview as the sensor saw it and record the rotation in
 * the RAW, and whatever orientation the preview itself carries is ignored so it is never applied twice.
 */
export async function decodeEmbeddedPreview(bytes: Buffer, orientation: number, options: DecodeOptions): Promise<DecodedImage> {
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind !== 'supported') throw new EngineError('corrupt_image', 'the embedded preview is not a readable image');
  return decodeWithSharp(bytes, sniffed.format, options, orientation);
}

/** The stored size of an embedded JPEG from its header alone; null when it is not a readable JPEG. */
export async function embeddedImageSize(bytes: Buffer): Promise<{ width: number; height: number } | null> {
  try {
    const meta = await sharp(bytes).metadata();
    return meta.width && meta.height && meta.format === 'jpeg' ? { width: meta.width, height: meta.height } : null;
  } catch {
    return null;
  }
}

/** A file's format and upright size from its header (sharp reads no pixels); null when it is no readable image. */
export async function imageFileSize(file: string): Promise<{ format: string; width: number; height: number } | null> {
  try {
    const meta = await sharp(file).metadata();
    if (!meta.width || !meta.height || !meta.format) return null;
    const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
    return { format: meta.format, width: upright.width, height: upright.height };
  } catch {
    return null;
  }
}

/** Applies EXIF orientation `orientation` to upright pixels, one sharp operation per pass. */
async function orientPixels(image: RawImage, orientation: number): Promise<RawImage> {
  // EXIF: 2 mirror, 3 rotate 180, 4 flip, 5 mirror + rotate 270, 6 rotate 90, 7 mirror + rotate 90, 8 rotate 270.
  const steps: Array<'flop' | 'flip' | 90 | 180 | 270> = {
    1: [], 2: ['flop'], 3: [180], 4: ['flip'], 5: ['flop', 270], 6: [90], 7: ['flop', 90], 8: [270],
  }[orientation] as Array<'flop' | 'flip' | 90 | 180 | 270> | undefined ?? [];
  let current = image;
  for (const step of steps) {
    const pipeline = sharp(current.data, { raw: { width: current.width, height: current.height, channels: 3 } });
    const stepped = step === 'flop' ? pipeline.flop() : step === 'flip' ? pipeline.flip() : pipeline.rotate(step);
    const { data, info } = await stepped.raw().toBuffer({ resolveWithObject: true });
    current = { data, width: info.width, height: info.height, channels: 3 };
  }
  return current;
}

async function decodeWithSharp(bytes: Buffer, format: ImageFormat, options: DecodeOptions, orientation?: number): Promise<DecodedImage> {
  const { limits, workingLongSidePx } = options;
  // failOn 'error': libjpeg warnings such as extraneous bytes still give a full image, while
  // truncated or broken data fails instead of being rated as a half-grey picture.
  const sharpOptions = { failOn: 'error', limitInputPixels: limits.maxPixels, animated: false } as const;
  try {
    const image = sharp(bytes, sharpOptions);
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new EngineError('corrupt_image', `${format} header has no size`);
    const frameHeight = meta.pageHeight ?? meta.height;
    if (meta.width * frameHeight > limits.maxPixels) throw pixelLimitError(meta.width, frameHeight, limits.maxPixels);

    const swaps = orientation !== undefined && orientation >= 5;
    const upright =
      orientation === undefined
        ? (meta.autoOrient ?? { width: meta.width, height: frameHeight })
        : { width: swaps ? frameHeight : meta.width, height: swaps ? meta.width : frameHeight };
    const timed = image.timeout({ seconds: Math.max(1, Math.ceil(limits.decodeTimeoutMs / 1000)) });
    const { data, info } = await (orientation === undefined ? timed.autoOrient() : timed)
      .resize({ width: workingLongSidePx, height: workingLongSidePx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: FLATTEN_BACKGROUND })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new EngineError('internal_error', `expected 3 channels after decode, got ${info.channels}`);
    const decoded: RawImage = { data, width: info.width, height: info.height, channels: 3 };

    return {
      format,
      width: upright.width,
      height: upright.height,
      source: sourceMetadataFromSharp(meta),
      working: orientation === undefined ? decoded : await orientPixels(decoded, orientation),
    };
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw classifySharpError(error, format);
  }
}

async function decodeHeic(bytes: Buffer, options: DecodeOptions): Promise<DecodedImage> {
  const { limits, workingLongSidePx, heic } = options;
  // libheif applies the HEIF transforms (irot/imir) itself, so the pixels arrive upright.
  const decoded = await heic.decode(bytes, { maxPixels: limits.maxPixels, timeoutMs: limits.decodeTimeoutMs });
  try {
    const { data, info } = await sharp(decoded.rgba, {
      raw: { width: decoded.width, height: decoded.height, channels: 4 },
      limitInputPixels: limits.maxPixels,
    })
      .resize({ width: workingLongSidePx, height: workingLongSidePx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: FLATTEN_BACKGROUND })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      format: 'heic',
      width: decoded.width,
      height: decoded.height,
      source: sourceMetadataFromHeif(heifExifBlock(bytes), false),
      working: { data, width: info.width, height: info.height, channels: 3 },
    };
  } catch (error) {
    throw classifySharpError(error, 'heic');
  }
}
