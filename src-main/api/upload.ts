import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * abandoned (and the connection closed by the error handler) rather than buffered to the end. The
 * whole body is walked, so a second file is refused rather than silently ignored, and a body that
 * is not well-formed multipart (no boundary, a wrong one, cut short) is the client's 400.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type', 'send the photo as multipart/form-data in the field `file`');
  let photo: Buffer | null = null;
  try {
    // One byte past the limit reaches readPart, which stops there: at the limit itself busboy would
    // only mark the part truncated and keep reading (and discarding) the rest of the request.
    for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: 2, fields: 8, fieldSize: 1024, parts: 10 } })) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new ApiError('validation_error', `the photo goes in the field \`file\`, not \`${part.fieldname}\``);
      }
      if (photo) {
        part.file.resume();
        throw new ApiError('validation_error', 'send one photo per request (this one has more than one file); /rate-batch takes many URLs');
      }
      photo = await readPart(part.file, maxBytes);
    }
  } catch (error) {
    throw malformed(error);
  }
  if (!photo) throw new ApiError('validation_error', 'the multipart body has no file; send the photo in the field `file`');
  return photo;
}

/** Not part.toBuffer(), which reads on to the end: the first byte over the limit ends the read. */
async function readPart(file: AsyncIterable<Buffer> & { truncated: boolean }, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): ApiError => new ApiError('file_too_large', `the upload is larger than the limit of ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of file) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  if (file.truncated) throw tooLarge();
  return Buffer.concat(chunks);
}

/**
 * The API's own errors and the multipart plugin's coded ones (sizes, limits) pass through to the
 * error handler; what busboy throws about the body's form (no boundary, a boundary that never
 * comes, an unexpected end) is a malformed request, not a server failure.
 */
function malformed(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT') return new ApiError('validation_error', 'send one photo per request (this one has more than one file)');
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('validation_error', `the body is not well-formed multipart/form-data (${message.slice(0, 200)})`);
}

/** How long a refused upload may keep sending after the answer before its connection is cut. */
const LINGER_MS = 1_000;

/**
 * For an answer sent before the request body was read to its end (a refused upload). Closing the
 * socket right away would let the kernel reset the connection with the client's unread bytes still
 * queued, which can destroy the answer before the client reads it; draining the body instead would
 * read the whole upload. So: discard what still arrives for a moment, as web servers' lingering
 * close does, then cut the connection if the body has still not ended.
 */
export function lingerThenClose(request: IncomingMessage, response: ServerResponse): void {
  response.once('finish', () => {
    if (request.complete) return;
    const timer = setTimeout(() => request.socket.destroy(), LINGER_MS);
    request.once('end', () => clearTimeout(timer));
    request.resume();
  });
}
