import { EngineError } from '../errors.js';
import { exiftoolOrError } from './exiftool-process.js';

/**
 * What exiftool reports about a RAW file, as plain values: the camera facts and the list of
 * embedded JPEG images (by group-qualified tag, e.g. `SubIFD:JpgFromRaw`, with their byte length).
 * The choice of preview is the RAW room's (engine/raw/); this file only talks to exiftool.
 */
export type RawTags = {
  fileType: string | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  /** `YYYY:MM:DD HH:MM:SS[.ss][±HH:MM]` as exiftool prints it (sub-seconds when the camera wrote them). */
  capturedAt: string | null;
  iso: number | null;
  exposureSeconds: number | null;
  fNumber: number | null;
  focalLengthMm: number | null;
  /** EXIF orientation 1–8 of the RAW's main image (IFD0), or the CRW rotation mapped to one. */
  orientation: number | null;
  /** Image size the camera reports for the RAW (sensor output), not the preview's. */
  sensorWidth: number | null;
  sensorHeight: number | null;
  /** Every embedded image exiftool can hand out, largest first. */
  embedded: Array<{ tag: string; bytes: number }>;
};

/** Tags holding embedded JPEG images across makers (CR3 PRVW is `QuickTime:PreviewImage`). */
const EMBEDDED_IMAGE_TAGS = ['PreviewImage', 'JpgFromRaw', 'OtherImage', 'ThumbnailImage'];

const FACT_ARGS = [
  '-a',
  '-G1',
  '-FileType',
  '-Make',
  '-Model',
  '-LensModel',
  '-Lens',
  '-LensID',
  '-SubSecDateTimeOriginal',
  '-DateTimeOriginal',
  '-ISO',
  // `#`: the number, not exiftool's printed form ("1/125", "50.0 mm").
  '-ExposureTime#',
  '-FNumber#',
  '-FocalLength#',
  '-Orientation#',
  '-Rotation#',
  '-ImageSize#',
  ...EMBEDDED_IMAGE_TAGS.map((tag) => `-${tag}`),
];

type TagValues = Record<string, unknown>;

/** First value among `names` (each `Tag` or `Group:Tag`), trying preferred groups first. */
function pick(tags: TagValues, names: string[]): unknown {
  for (const name of names) {
    if (name.includes(':')) {
      if (tags[name] !== undefined && tags[name] !== '') return tags[name];
      continue;
    }
    for (const [key, value] of Object.entries(tags)) {
      if (key.endsWith(`:${name}`) && value !== '' && value !== undefined) return value;
    }
  }
  return null;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const cleaned = String(value).replace(/\0/g, '').trim();
  return cleaned.length > 0 ? cleaned.slice(0, 200) : null;
}

/** A positive number, or null (cameras write 0 for "unknown" ISO, aperture and focal length). */
function positive(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number > 0 ? number : null;
}

/** CRW stores a rotation in degrees instead of an EXIF orientation. */
function orientationOf(tags: TagValues): number | null {
  const exif = positive(pick(tags, ['IFD0:Orientation', 'Orientation']));
  if (exif && exif >= 1 && exif <= 8) return exif;
  const rotation = pick(tags, ['CanonRaw:Rotation']);
  const byRotation: Record<string, number> = { '0': 1, '90': 6, '180': 3, '270': 8 };
  return typeof rotation === 'number' || typeof rotation === 'string' ? (byRotation[String(rotation)] ?? null) : null;
}

const BINARY = /^\(Binary data (\d+) bytes/;

/** Reads the camera facts and the list of embedded images; one exiftool request. */
export async function readRawTags(file: string): Promise<RawTags> {
  const exiftool = await exiftoolOrError();
  let tags: TagValues;
  try {
    tags = (await exiftool.readRaw(file, { readArgs: FACT_ARGS })) as TagValues;
  } catch (error) {
    throw new EngineError('corrupt_image', `exiftool could not read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const embedded: RawTags['embedded'] = [];
  for (const [key, value] of Object.entries(tags)) {
    const [, name] = key.split(':');
    if (!name || !EMBEDDED_IMAGE_TAGS.includes(name) || typeof value !== 'string') continue;
    const match = BINARY.exec(value);
    if (match) embedded.push({ tag: key, bytes: Number(match[1]) });
  }
  embedded.sort((a, b) => b.bytes - a.bytes);
  const size = text(pick(tags, ['Composite:ImageSize']))?.split(/[ x]/).map(Number) ?? [];
  // LensModel is the lens's own name; Nikon writes only `Lens` ("50mm f/1.8"); LensID is
  // exiftool's lookup, used last because it guesses ("Unknown (251) 16-35mm") for old lenses.
  const lens = ['LensModel', 'Nikon:Lens', 'LensID']
    .map((name) => text(pick(tags, [name])))
    // Nikon writes "0mm f/0" for a lens without a CPU; LensID then says "Manual Lens No CPU".
    .find((name) => name !== null && !/^0(\.0)?mm f\/0/.test(name));
  return {
    fileType: text(pick(tags, ['File:FileType'])),
    make: text(pick(tags, ['IFD0:Make', 'Make'])),
    model: text(pick(tags, ['IFD0:Model', 'Model'])),
    lens: lens && !/^Unknown\b/.test(lens) ? lens : null,
    capturedAt: text(pick(tags, ['Composite:SubSecDateTimeOriginal', 'ExifIFD:DateTimeOriginal', 'DateTimeOriginal'])),
    iso: positive(pick(tags, ['ExifIFD:ISO', 'Composite:ISO', 'ISO'])),
    exposureSeconds: positive(pick(tags, ['ExifIFD:ExposureTime', 'ExposureTime'])),
    fNumber: positive(pick(tags, ['ExifIFD:FNumber', 'FNumber'])),
    focalLengthMm: positive(pick(tags, ['ExifIFD:FocalLength', 'FocalLength'])),
    orientation: orientationOf(tags),
    sensorWidth: positive(size[0]),
    sensorHeight: positive(size[1]),
    embedded,
  };
}

const TAG_REFERENCE = /^[A-Za-z0-9]+:[A-Za-z0-9]+$/;

/**
 * The bytes of one embedded image (`Group:Tag` from `readRawTags`). exiftool seeks to it inside the
 * RAW and returns only those bytes: the RAW itself is never read into this process's memory.
 */
export async function extractEmbeddedImage(file: string, tag: string): Promise<Buffer | null> {
  if (!TAG_REFERENCE.test(tag)) throw new EngineError('internal_error', `not an embedded image tag: ${tag}`);
  const exiftool = await exiftoolOrError();
  // readRaw with `-a -G1`, not extractBinaryTagToBuffer: a DNG holds two `PreviewImage`s (IFD0's
  // thumbnail and SubIFD1's preview), told apart only by group. The tag is asked for by its bare
  // name and picked by group here: asking exiftool for `-Group:Tag` with `-b` leaves the stay-open
  // process answering later reads of that file with the binary (measured with exiftool 13.x).
  const bareName = tag.split(':')[1]!;
  const tags = (await exiftool.readRaw(file, { readArgs: ['-a', '-G1', '-b', `-${bareName}`] })) as TagValues;
  const value = tags[tag];
  if (typeof value !== 'string' || !value.startsWith('base64:')) return null;
  const bytes = Buffer.from(value.slice('base64:'.length), 'base64');
  return bytes.length > 0 ? bytes : null;
}
