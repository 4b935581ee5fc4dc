/**
 * Typed errors of the engine. Every door (CLI, HTTP API, desktop UI) maps these codes to its own
 * presentation; the set is closed so that a `switch` over it can be exhaustive.
 */
export const ENGINE_ERROR_CODES = [
  'file_not_found',
  'not_a_file',
  'unreadable_file',
  'empty_file',
  'file_too_large',
  'unsupported_format',
  'corrupt_image',
  'too_many_pixels',
  'decode_timeout',
  'validation_error',
  'model_not_installed',
  'catalog_too_new',
  'catalog_corrupt',
  'exiftool_unavailable',
  'raw_preview_too_small',
  'raw_no_preview',
  'internal_error',
  // the cull going out: XMP sidecars and export
  'invalid_sidecar',
  'destination_missing',
  'destination_read_only',
  'destination_inside_source',
  'disk_full',
  'file_vanished',
  'catalog_read_only',
  'home_unwritable',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export type EngineErrorInfo = { code: EngineErrorCode; message: string };

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }

  toInfo(): EngineErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/** Errors cross boundaries as values. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineErrorInfo };

/** Turns anything thrown into a typed error value; unknown throws are bugs and say so. */
export function toErrorInfo(error: unknown): EngineErrorInfo {
  if (error instanceof EngineError) return error.toInfo();
  const storage = storageError(error);
  if (storage) return storage.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: `unexpected failure: ${message}` };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** SQLite's and the file system's codes for "no space left", whichever wrote the bytes. */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/**
 * A write that failed for want of space, or because the catalog became read-only, rather than
 * because of a photo: the typed error that names that cause, or null. Read by the code SQLite and
 * Node put on their errors, so the engine needs no import of either. A bare EROFS or EACCES is not
 * mapped here: it may concern a photo's own folder, not the home (the catalog's opening tells those
 * apart itself, see catalog-database.ts).
 */
export function storageError(error: unknown, what = 'the app\'s data folder'): EngineError | null {
  if (error instanceof EngineError) return ['disk_full', 'catalog_read_only', 'home_unwritable'].includes(error.code) ? error : null;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED…) narrow a primary one (SQLITE_READONLY).
  const base = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  // libvips (sharp) reports a failed write in words only.
  const message = error instanceof Error ? error.message : '';
  if (DISK_FULL_CODES.has(base) || /No space left on device|database or disk is full/i.test(message)) {
    return new EngineError('disk_full', `the disk holding ${what} is full; free some space and resume`, { cause: error });
  }
  if (base === 'SQLITE_READONLY') return new EngineError('catalog_read_only', `the catalog became read-only; nothing can be saved there`, { cause: error });
  return null;
}
