// Decodes HEIC/HEIF in a worker thread: the decoder is WebAssembly and runs synchronously for a
// second or more on a 12 MP photo, which must not stall the host's event loop. The parent kills
// this worker when a decode outlives its time limit. Plain JavaScript so that Node, tsx, vitest
// and the Electron bundle can all start it without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import heicDecode from 'heic-decode';

// libheif prints its diagnostics (console.log from WebAssembly) while a decode runs. They are
// caught here, in the worker, and sent back inside that decode's own reply: through the worker's
// stdout pipe they arrived late, after the reply, and were read as the next file's diagnostics.
const MAX_DIAGNOSTICS = 4096;
let diagnostics = '';
const capture = (chunk) => {
  if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  return true;
};
process.stdout.write = capture;
process.stderr.write = capture;

/** Sends a reply with the diagnostics printed since this decode began. */
function reply(message, transfer) {
  parentPort.postMessage({ ...message, diagnostics }, transfer);
}

// The parent sends one decode at a time and waits for its reply, so `diagnostics` is that decode's.
parentPort.on('message', async (request) => {
  const { id, bytes, maxPixels } = request;
  diagnostics = '';
  try {
    const images = await heicDecode.all({ buffer: new Uint8Array(bytes) });
    try {
      const primary = images[0];
      const pixels = primary.width * primary.height;
      if (!(pixels > 0)) {
        reply({ id, ok: false, code: 'corrupt_image', message: 'HEIF image has no size' });
        return;
      }
      // Checked before decoding, so a hostile header cannot make us allocate gigabytes.
      if (pixels > maxPixels) {
        reply({
          id, ok: false, code: 'too_many_pixels',
          message: `image is ${primary.width}×${primary.height} (${pixels} pixels), over the limit of ${maxPixels}`,
        });
        return;
      }
      const { width, height, data } = await primary.decode();
      const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      reply({ id, ok: true, width, height, rgba }, [rgba.buffer]);
    } finally {
      images.dispose();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /not a HEIC image/.test(message) ? 'unsupported_format' : 'corrupt_image';
    reply({ id, ok: false, code, message });
  }
});
