// Decodes HEIC/HEIF in a worker thread: the decoder is WebAssembly and runs synchronously for a
// second or more on a 12 MP photo, which must not stall the host's event loop. The parent kills
// this worker when a decode outlives its time limit. Plain JavaScript so that Node, tsx, vitest
// and the Electron bundle can all start it without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import heicDecode from 'heic-decode';

parentPort.on('message', async (request) => {
  const { id, bytes, maxPixels } = request;
  try {
    const images = await heicDecode.all({ buffer: new Uint8Array(bytes) });
    try {
      const primary = images[0];
      const pixels = primary.width * primary.height;
      if (!(pixels > 0)) {
        parentPort.postMessage({ id, ok: false, code: 'corrupt_image', message: 'HEIF image has no size' });
        return;
      }
      // Checked before decoding, so a hostile header cannot make us allocate gigabytes.
      if (pixels > maxPixels) {
        parentPort.postMessage({
          id, ok: false, code: 'too_many_pixels',
          message: `image is ${primary.width}×${primary.height} (${pixels} pixels), over the limit of ${maxPixels}`,
        });
        return;
      }
      const { width, height, data } = await primary.decode();
      const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      parentPort.postMessage({ id, ok: true, width, height, rgba }, [rgba.buffer]);
    } finally {
      images.dispose();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /not a HEIC image/.test(message) ? 'unsupported_format' : 'corrupt_image';
    parentPort.postMessage({ id, ok: false, code, message });
  }
});
