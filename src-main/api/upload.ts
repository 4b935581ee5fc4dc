import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-errors.js';

/** Room for the multipart boundaries and part headers around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

/**
 * Refuses an upload whose declared length is already too big, before a byte of the body is read
 * (the onRequest hook of /rate). Chunked uploads have no length; `readUpload` caps those.
 */
export function refuseDeclaredOversize(request: FastifyRequest, maxBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
    throw new ApiError('file_too_large', `the upload is ${declared} bytes; the limit is ${maxBytes} bytes`);
  }
}

/**
 * The bytes of the multipart field `file`, read while counting: past `maxBytes` the stream is
 * abandoned (and the connection closed by the error handler) rather than buffered to the end.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type', 'send the photo as multipart/form-data in the field `file`');
  const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1024, parts: 10 } });
  if (!part) throw new ApiError('validation_error', 'the multipart body has no file; send the photo in the field `file`');
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw new ApiError('validation_error', `the photo goes in the field \`file\`, not \`${part.fieldname}\``);
  }
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new ApiError('file_too_large', `the upload is larger than the limit of ${maxBytes} bytes`);
    }
    throw error;
  }
}
