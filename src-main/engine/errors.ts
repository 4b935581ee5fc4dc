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
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal_error', message: `unexpected failure: ${message}` };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
