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
 * abandoned (and the connection closed by the error handler) rather than buffered to the end.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) throw new ApiError('unsupported_media_type', 'send the photo as multipart/form-data in the field `file`');
  // One byte past the limit reaches the loop below, which stops there: at the limit itself busboy
  // would only mark the part truncated and keep reading (and discarding) the rest of the request.
  const part = await request.file({ limits: { fileSize: maxBytes + 1, files: 1, fields: 8, fieldSize: 1024, parts: 10 } });
  if (!part) throw new ApiError('validation_error', 'the multipart body has no file; send the photo in the field `file`');
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw new ApiError('validation_error', `the photo goes in the field \`file\`, not \`${part.fieldname}\``);
  }
  // Not part.toBuffer(), which also reads on to the end of the request. Here the first byte over the
  // limit ends the read, and the error handler closes the connection instead of draining it.
  const tooLarge = (): ApiError => new ApiError('file_too_large', `the upload is larger than the limit of ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  if (part.file.truncated) throw tooLarge();
  return Buffer.concat(chunks);
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
