import sharp from 'sharp';
import type { DecodeLimits } from '../config.js';
import { EngineError } from '../errors.js';
import type { HeicDecoder } from './heic-decoder.js';
import type { RawImage } from './raw-image.js';
import { sniffFormat, SUPPORTED_FORMATS, type ImageFormat } from './sniff.js';
import { UNREAD_SOURCE_METADATA, sourceMetadataFromSharp, type SourceMetadata } from './source-metadata.js';

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

async function decodeWithSharp(bytes: Buffer, format: ImageFormat, options: DecodeOptions): Promise<DecodedImage> {
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

    const upright = meta.autoOrient ?? { width: meta.width, height: frameHeight };
    const { data, info } = await image
      .timeout({ seconds: Math.max(1, Math.ceil(limits.decodeTimeoutMs / 1000)) })
      .autoOrient()
      .resize({ width: workingLongSidePx, height: workingLongSidePx, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: FLATTEN_BACKGROUND })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new EngineError('internal_error', `expected 3 channels after decode, got ${info.channels}`);

    return {
      format,
      width: upright.width,
      height: upright.height,
      source: sourceMetadataFromSharp(meta),
      working: { data, width: info.width, height: info.height, channels: 3 },
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
      source: UNREAD_SOURCE_METADATA,
      working: { data, width: info.width, height: info.height, channels: 3 },
    };
  } catch (error) {
    throw classifySharpError(error, 'heic');
  }
}
