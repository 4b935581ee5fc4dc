import { EngineError } from '../errors.js';
import { extractEmbeddedImage, readRawTags, type RawTags } from '../exiftool/raw-metadata.js';
import path from 'node:path';
import { decodeEmbeddedPreview, embeddedImageSize, imageFileSize, type DecodedImage, type DecodeOptions } from '../image/decode.js';
import type { RawFormat } from '../image/sniff.js';
import { cameraLabel, captureTimes } from '../image/source-metadata.js';

/**
 * Camera RAW files are rated from the JPEG the camera embedded (what the photographer saw on the
 * camera's screen), as every culling tool does: decoding sensor data would take seconds per file
 * and a RAW converter per maker. exiftool (engine/exiftool/) lists and hands out the previews; this
 * room chooses the one to rate and refuses, with a typed error, RAWs that hold only a thumbnail.
 */

/** An embedded JPEG this small is a placeholder (stripped files carry 8×8 ones), not a preview. */
const PLACEHOLDER_LONG_SIDE_PX = 64;

export type RawPreview = {
  format: RawFormat;
  tags: RawTags;
  /** The chosen embedded image: its tag, its bytes (a few MB at most) and its stored size. */
  tag: string;
  jpeg: Buffer;
  width: number;
  height: number;
};

type Held = { tag: string; width: number; height: number };

/** What an error message calls the file: 'this Canon EOS R CR3', or 'this CR3 from an unknown camera'. */
export function rawFileName(tags: Pick<RawTags, 'make' | 'model'>, kind: string): string {
  const camera = cameraLabel(tags.make, tags.model);
  return camera ? `this ${camera} ${kind}` : `this ${kind} from an unknown camera`;
}

function describe(held: Held[]): string {
  // "an 8×8", "an 11…", "an 18…": the article follows the spoken number.
  const article = (width: number): string => (/^(8|11|18)/.test(String(width)) ? 'an' : 'a');
  return held.map((image) => `${article(image.width)} ${image.width}×${image.height} ${image.tag.split(':')[1]}`).join(' and ');
}

/**
 * The largest usable embedded image of a RAW file. Candidates are tried largest (in bytes) first,
 * so a 6000×4000 JpgFromRaw is taken without extracting the smaller ones behind it. Throws
 * `raw_preview_too_small` when only thumbnails (long side under `minLongSidePx`) are there,
 * `raw_no_preview` when there is nothing but placeholders or nothing at all.
 */
export async function readRawPreview(file: string, format: RawFormat, minLongSidePx: number): Promise<RawPreview> {
  const tags = await readRawTags(file);
  const held: Held[] = [];
  for (const candidate of tags.embedded) {
    const jpeg = await extractEmbeddedImage(file, candidate.tag).catch((error: unknown) => {
      // A preview cut off inside a truncated file is skipped; a missing exiftool is not.
      if (error instanceof EngineError) throw error;
      return null;
    });
    const size = jpeg ? await embeddedImageSize(jpeg) : null;
    if (!jpeg || !size) continue;
    if (Math.max(size.width, size.height) >= minLongSidePx) return { format, tags, tag: candidate.tag, jpeg, ...size };
    held.push({ tag: candidate.tag, ...size });
  }
  const named = rawFileName(tags, format.toUpperCase());
  const thumbnails = held.filter((image) => Math.max(image.width, image.height) > PLACEHOLDER_LONG_SIDE_PX);
  if (thumbnails.length > 0) {
    throw new EngineError(
      'raw_preview_too_small',
      `${named} holds only ${describe(thumbnails)}: a thumbnail, under the ${minLongSidePx} px a preview needs to be rated as the photo`,
    );
  }
  const placeholders = held.length > 0 ? ` (only ${describe(held)} placeholder)` : '';
  throw new EngineError('raw_no_preview', `${named} holds no embedded JPEG preview${placeholders}; Culler rates RAW files from their preview and does not decode sensor data`);
}

/**
 * A RAW file's preview decoded upright, with the camera facts and what was rated as its `source`;
 * `previewJpeg` is kept for the larger detail-view preview, so the file is not read twice.
 */
export async function decodeRawFile(file: string, format: RawFormat, options: DecodeOptions): Promise<{ decoded: DecodedImage; previewJpeg: Buffer }> {
  return decodeRawPreview(await readRawPreview(file, format, options.limits.minRawPreviewLongSidePx), options);
}

/** Decodes a preview chosen by `readRawPreview`. */
export async function decodeRawPreview(preview: RawPreview, options: DecodeOptions): Promise<{ decoded: DecodedImage; previewJpeg: Buffer }> {
  const { tags } = preview;
  const orientation = tags.orientation ?? 1;
  const decoded = await decodeEmbeddedPreview(preview.jpeg, orientation, options);
  return { decoded: withRawSource(decoded, preview, orientation), previewJpeg: preview.jpeg };
}

function withRawSource(decoded: DecodedImage, preview: RawPreview, orientation: number): DecodedImage {
  const { tags, format } = preview;
  return {
    ...decoded,
    source: {
      ...decoded.source,
      metadataRead: true,
      hasExif: true,
      cameraMake: tags.make,
      cameraModel: tags.model,
      ...captureTimes(tags.capturedAt),
      orientation,
      pages: 1,
      lens: tags.lens,
      iso: tags.iso,
      exposureSeconds: tags.exposureSeconds,
      fNumber: tags.fNumber,
      focalLengthMm: tags.focalLengthMm,
      raw: {
        format,
        preview: preview.tag,
        previewWidth: preview.width,
        previewHeight: preview.height,
        sensorWidth: tags.sensorWidth,
        sensorHeight: tags.sensorHeight,
      },
    },
  };
}

const CAMERA_JPEG_EXTENSIONS = ['.JPG', '.jpg', '.JPEG', '.jpeg', '.Jpg'];

/**
 * The camera JPEG shot with a RAW (IMG_0001.JPG beside IMG_0001.CR2), when there is one: cameras
 * set to RAW+JPEG write both with the same name. Checked by the JPEG's bytes, not its name.
 */
export async function cameraJpegBeside(rawFile: string): Promise<{ path: string; width: number; height: number } | null> {
  const stem = rawFile.slice(0, rawFile.length - path.extname(rawFile).length);
  for (const extension of CAMERA_JPEG_EXTENSIONS) {
    const candidate = stem + extension;
    if (candidate === rawFile) continue;
    const size = await imageFileSize(candidate);
    if (size?.format === 'jpeg') return { path: candidate, width: size.width, height: size.height };
  }
  return null;
}
