/**
 * Typed failures of the AI pack's download, import and status functions. They leave those
 * functions as values (`{ ok: false, error }`); inside, they travel as `AiPackError` throws so that
 * every step does not have to thread results by hand. The set is closed: doors (CLI, HTTP API, UI)
 * switch over it exhaustively.
 */
export const AI_PACK_ERROR_CODES = [
  /** DNS failure, refused connection, timeout, or a connection lost for good mid-transfer. */
  'offline',
  /** The server answered with a status we cannot use (404, 500, too many redirects, …); see `status`. */
  'http_error',
  /** The bytes do not match the size or sha256 they must have. Nothing is installed. */
  'integrity_mismatch',
  /** Neither the manifest nor the server names a hash to check the bytes against; they are not trusted. */
  'integrity_unverifiable',
  /** Reading or writing the disk failed (no space, no permission, …). */
  'disk_error',
  /** The caller's AbortSignal fired. Partial downloads are kept for the next run to resume. */
  'aborted',
  /** The manifest handed in (object or file) is not a valid AI-pack manifest. */
  'invalid_manifest',
  /** The folder or archive to import from is missing, unreadable as a tar, or incomplete. */
  'invalid_source',
  /** Another download or import is already working on this home. */
  'busy',
  /**
   * The server says a pinned file is gone (HTTP 404 or 410): the revision the manifest pins is no
   * longer served. The message names the fix: import the pack from a folder, or update the pin.
   */
  'pin_gone',
] as const;

export type AiPackErrorCode = (typeof AI_PACK_ERROR_CODES)[number];

export type AiPackErrorInfo = {
  code: AiPackErrorCode;
  message: string;
  /** HTTP status, for `http_error`. */
  status?: number;
  /** The component and file concerned, when there is one. */
  component?: string;
  file?: string;
};

export type AiPackResult<T> = { ok: true; value: T } | { ok: false; error: AiPackErrorInfo };

export class AiPackError extends Error {
  constructor(
    readonly info: AiPackErrorInfo,
    options?: { cause?: unknown },
  ) {
    super(info.message, options);
    this.name = 'AiPackError';
  }
}

export function fail(code: AiPackErrorCode, message: string, extra: Omit<AiPackErrorInfo, 'code' | 'message'> = {}): never {
  throw new AiPackError({ code, message, ...extra });
}

/** Runs `work` and turns an `AiPackError` into an error value; anything else thrown is a bug and is rethrown. */
export async function asResult<T>(work: () => Promise<T>): Promise<AiPackResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AiPackError) return { ok: false, error: error.info };
    throw error;
  }
}

/** Wraps a filesystem step so its failure reads as `disk_error` with what was being done. */
export async function onDisk<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AiPackError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AiPackError({ code: 'disk_error', message: `${what} failed (${code}): ${(error as Error).message}` }, { cause: error });
  }
}
