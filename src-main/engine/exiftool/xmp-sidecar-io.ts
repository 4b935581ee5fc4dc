import { randomBytes } from 'node:crypto';
import { copyFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { WriteTags } from 'exiftool-vendored';
import { EngineError } from '../errors.js';
import { exiftoolOrError } from './exiftool-process.js';

/**
 * The XMP fields Culler reads and writes, by exiftool tag name. Standard tags where one exists
 * (xmp:Rating and xmp:Label, which Lightroom, Bridge, Capture One and darktable read; dc:subject and
 * lr:hierarchicalSubject for keywords), Culler's own namespace for the rest (see
 * resources/exiftool/culler-xmp.config).
 */
export type XmpFields = {
  /** −1 (rejected) to 5; null when the sidecar has none. */
  rating: number | null;
  /** "Red" … "Purple" as Lightroom writes it; null for none. */
  label: string | null;
  subjects: string[];
  hierarchicalSubjects: string[];
  pick: string | null;
  score: number | null;
  verdict: string | null;
  source: string | null;
};

/** What to set; a field left out is left as the file has it, null deletes it. */
export type XmpWrite = Partial<XmpFields>;

const TAGS: Record<keyof XmpFields, string> = {
  rating: 'XMP-xmp:Rating',
  label: 'XMP-xmp:Label',
  subjects: 'XMP-dc:Subject',
  hierarchicalSubjects: 'XMP-lr:HierarchicalSubject',
  pick: 'XMP-culler:Pick',
  score: 'XMP-culler:Score',
  verdict: 'XMP-culler:Verdict',
  source: 'XMP-culler:Source',
};

// exiftool reads a damaged packet with a warning (and refuses to write it) instead of failing.
const MALFORMED = /format error|not a valid|invalid xmp|corrupt|unknown file type|file is empty/i;

/** Reads Culler's fields from an XMP sidecar (or a photo's embedded XMP); `invalid_sidecar` when it is not valid XMP. */
export async function readXmpFields(file: string): Promise<XmpFields> {
  const exiftool = await exiftoolOrError();
  let raw: Record<string, unknown>;
  try {
    raw = (await exiftool.readRaw(file, { readArgs: ['-G1', '-XMP:all'] })) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new EngineError('invalid_sidecar', `${file} could not be read as XMP: ${(error as Error).message}`, { cause: error });
  }
  const problems = [...((raw.errors as string[] | undefined) ?? []), ...((raw.warnings as string[] | undefined) ?? [])].filter((line) => MALFORMED.test(line));
  if (problems.length > 0) throw new EngineError('invalid_sidecar', `${file} is not valid XMP (${problems[0]}); it was left as it is`);
  const text = (tag: string): string | null => (raw[tag] === undefined || raw[tag] === '' ? null : String(raw[tag]));
  const number = (tag: string): number | null => {
    const value = Number(raw[tag]);
    return raw[tag] === undefined || !Number.isFinite(value) ? null : value;
  };
  const list = (tag: string): string[] => (raw[tag] === undefined ? [] : (Array.isArray(raw[tag]) ? raw[tag] : [raw[tag]]).map(String));
  return {
    rating: number(TAGS.rating),
    label: text(TAGS.label),
    subjects: list(TAGS.subjects),
    hierarchicalSubjects: list(TAGS.hierarchicalSubjects),
    pick: text(TAGS.pick),
    score: number(TAGS.score),
    verdict: text(TAGS.verdict),
    source: text(TAGS.source),
  };
}

function toWriteTags(fields: XmpWrite): WriteTags {
  const tags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields) as Array<[keyof XmpFields, unknown]>) {
    if (value === undefined) continue;
    // An empty list deletes the tag (exiftool would otherwise write one empty keyword).
    tags[TAGS[key]] = Array.isArray(value) && value.length === 0 ? null : value;
  }
  return tags as WriteTags;
}

/**
 * Writes fields into an XMP sidecar atomically: the existing sidecar (if any) is copied to a temp
 * file beside it, exiftool updates only the named tags in the copy (every other app's tags,
 * keywords and darktable's edit history stay as they were), and the copy is renamed over the
 * sidecar. A reader never sees a half-written sidecar, and a failed write leaves the old one.
 */
export async function writeXmpSidecarAtomically(sidecar: string, fields: XmpWrite, exists: boolean): Promise<void> {
  const exiftool = await exiftoolOrError();
  // Ends in .xmp so exiftool writes (or creates) an XMP file; hidden, so no app lists it meanwhile.
  const temp = path.join(path.dirname(sidecar), `.${path.basename(sidecar)}.culler-${process.pid}-${randomBytes(4).toString('hex')}.xmp`);
  try {
    if (exists) await copyFile(sidecar, temp);
    await exiftool.write(temp, toWriteTags(fields), { writeArgs: ['-overwrite_original'] });
    await rename(temp, sidecar);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof EngineError) throw error;
    const message = (error as Error).message;
    if (MALFORMED.test(message)) throw new EngineError('invalid_sidecar', `${sidecar} is not valid XMP (${message}); it was left as it is`, { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new EngineError('disk_full', `no space left to write ${sidecar}`, { cause: error });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new EngineError('destination_read_only', `cannot write ${sidecar}: ${message}`, { cause: error });
    throw new EngineError('internal_error', `writing ${sidecar} failed: ${message}`, { cause: error });
  }
}

/**
 * Writes fields into the XMP embedded in a photo file: only ever called on an export's copy
 * (Lightroom reads a JPEG's embedded XMP, not a sidecar), never on the user's original.
 */
export async function writeEmbeddedXmp(copy: string, fields: XmpWrite): Promise<void> {
  const exiftool = await exiftoolOrError();
  await exiftool.write(copy, toWriteTags(fields), { writeArgs: ['-overwrite_original'] });
}
