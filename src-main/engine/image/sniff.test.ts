import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { sniffFormat } from './sniff.js';

const head = (...parts: string[]): Buffer => readFileSync(corpusFile(...parts)).subarray(0, 4096);

describe('sniffFormat', () => {
  it.each([
    ['formats/hopper.jpg', 'jpeg'],
    ['formats/hopper.png', 'png'],
    ['formats/hopper.gif', 'gif'],
    ['formats/hopper.webp', 'webp'],
    ['formats/hopper.tif', 'tiff'],
    ['formats/hopper.avif', 'avif'],
    ['heif/example.avif', 'avif'],
    ['heif/example.heic', 'heic'],
  ])('recognises %s as %s from its bytes', (file, format) => {
    expect(sniffFormat(head(file))).toEqual({ kind: 'supported', format });
  });

  it('ignores the file name: a PNG is a PNG whatever it is called', () => {
    // sniffFormat never sees a name; this documents that the CLI and API rely on bytes alone.
    expect(sniffFormat(head('faces/32bit.png'))).toEqual({ kind: 'supported', format: 'png' });
  });

  it('names formats it recognises but does not support', () => {
    expect(sniffFormat(Buffer.from('BM\x36\x00\x00\x00', 'latin1'))).toEqual({ kind: 'unsupported', what: 'BMP image' });
    expect(sniffFormat(Buffer.from('%PDF-1.7\n'))).toMatchObject({ kind: 'unsupported', what: 'PDF document' });
    expect(sniffFormat(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({ kind: 'unsupported' });
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\0\0isomiso2')]);
    expect(sniffFormat(mp4)).toEqual({ kind: 'unsupported', what: 'video file' });
  });

  it.each([
    ['canon-eos-r6-pruned.cr3', 'cr3'],
    ['canon-eos-r-cut128k.cr3', 'cr3'],
    ['canon-eos-1ds-mark3-truncated.cr2', 'cr2'],
    ['canon-eos-d30.crw', 'crw'],
    ['nikon-d7100-truncated.nef', 'nef'],
    ['sony-slt-a55v-truncated.arw', 'arw'],
    ['sony-zv-e10-cut100k.arw', 'arw'],
    ['canon-eos-6d-reduced.dng', 'dng'],
    ['leica-m10-cut100k.dng', 'dng'],
    ['canon-550d-magiclantern-nopreview.dng', 'dng'],
    ['gopro-hero8-black.gpr', 'gpr'],
    ['fujifilm-s5pro-stripped.raf', 'raf'],
    ['panasonic-lx3-stripped.rw2', 'rw2'],
  ])('recognises the camera RAW %s as %s from its bytes', (file, format) => {
    expect(sniffFormat(head('raw', file))).toEqual({ kind: 'raw', format });
  });

  it('recognises RAW headers no corpus file has: Olympus ORF, a bare CR2 header', () => {
    expect(sniffFormat(Buffer.from('IIRO\x08\0\0\0', 'latin1'))).toEqual({ kind: 'raw', format: 'orf' });
    expect(sniffFormat(Buffer.from('MMOR\0\0\0\x08', 'latin1'))).toEqual({ kind: 'raw', format: 'orf' });
    const cr2 = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x10, 0, 0, 0, 0x43, 0x52, 0x02, 0x00]);
    expect(sniffFormat(cr2)).toEqual({ kind: 'raw', format: 'cr2' });
  });

  it('takes a .nef that is really a JPEG for the JPEG it is', () => {
    expect(sniffFormat(head('raw', 'nikon-d70s-actually-jpeg.nef'))).toEqual({ kind: 'supported', format: 'jpeg' });
  });

  it('answers unknown for text, empty and tiny inputs', () => {
    expect(sniffFormat(Buffer.from('{"json": true}'))).toEqual({ kind: 'unknown' });
    expect(sniffFormat(Buffer.alloc(0))).toEqual({ kind: 'unknown' });
    expect(sniffFormat(Buffer.from([0xff]))).toEqual({ kind: 'unknown' });
  });
});
