import { storageError, type EngineErrorCode } from '../engine/errors.js';
import type { UrlFetchErrorCode } from './url-fetch/safe-fetch.js';

/**
 * The error codes the local API answers with, as `{error_code, message}`: the engine's codes, the
 * URL fetcher's, and the API's own. A Record over the closed union keeps every code's HTTP status
 * in one place and makes a new code fail to compile until it has one.
 */
export type ApiOwnErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'quota_exhausted'
  | 'rate_limited';

export type ApiErrorCode = EngineErrorCode | UrlFetchErrorCode | ApiOwnErrorCode;

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  validation_error: 400,
  unauthorized: 401,
  not_found: 404,
  body_too_large: 413,
  file_too_large: 413,
  too_many_pixels: 413,
  unsupported_media_type: 415,
  unsupported_format: 415,
  empty_file: 400,
  corrupt_image: 400,
  quota_exhausted: 422,
  rate_limited: 429,
  url_scheme_not_allowed: 400,
  url_blocked_address: 403,
  url_unresolvable: 400,
  url_fetch_failed: 502,
  url_too_many_redirects: 502,
  url_timeout: 504,
  decode_timeout: 503,
  model_not_installed: 503,
  exiftool_unavailable: 503,
  // A RAW whose embedded preview is a thumbnail, or that holds none: the upload is understood but cannot be rated.
  raw_preview_too_small: 422,
  raw_no_preview: 422,
  // The engine's file and catalog codes cannot come from bytes sent over HTTP; if one ever does,
  // it is the server's fault.
  file_not_found: 500,
  not_a_file: 500,
  unreadable_file: 500,
  catalog_too_new: 500,
  catalog_corrupt: 500,
  internal_error: 500,
  // Sidecars and export are not served over HTTP; should one surface there, it is the server's side.
  invalid_sidecar: 500,
  destination_missing: 500,
  destination_read_only: 500,
  destination_inside_source: 500,
  disk_full: 507,
  file_vanished: 500,
  // Where the server keeps its data cannot take writes: the server's trouble, not the request's.
  catalog_read_only: 503,
  home_unwritable: 503,
};

export type ApiErrorBody = { error_code: ApiErrorCode; message: string };

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = API_ERROR_STATUS[code];
  }

  body(): ApiErrorBody {
    return { error_code: this.code, message: this.message };
  }
}

/** Errors fastify and @fastify/multipart raise before a handler runs, in the API's vocabulary. */
export function fromFrameworkError(error: { code?: string; statusCode?: number; message: string }): ApiError {
  // A write of the catalog (quota, tokens) on a full disk or read-only home: its own code, not a 500.
  const storage = storageError(error, "the server's data folder");
  if (storage) return new ApiError(storage.code, storage.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('body_too_large', 'the request body is larger than this endpoint accepts');
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError('file_too_large', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError('unsupported_media_type', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('validation_error', `the body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode === 413) return new ApiError('body_too_large', error.message);
  // Fastify's JSON parser throws a SyntaxError carrying statusCode 400 for malformed JSON.
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return new ApiError('validation_error', error.message);
  return new ApiError('internal_error', `unexpected failure: ${error.message}`);
}
