import { Writable } from 'node:stream';

/** Collects what a CLI command writes, as a non-terminal stream 120 columns wide. */
export class CaptureStream extends Writable {
  text = '';
  isTTY = false;
  columns = 120;
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}
