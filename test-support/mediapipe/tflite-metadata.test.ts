import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Builder, ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { extractModelMetadata, readImageNormalizationMetadata, withImageNormalizationMetadata } from './tflite-metadata.ts';

const FACE_DETECTION_DIR = path.dirname(createRequire(import.meta.url).resolve('@mediapipe/face_detection'));
const MODELS = ['face_detection_short_range.tflite', 'face_detection_full_range.tflite'];

function load(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FACE_DETECTION_DIR, name)));
}

/** Model.subgraphs[0]: input/output tensor names, read straight from the flatbuffer. */
function modelSummary(tflite: Uint8Array): { version: number; inputs: string[]; outputs: string[]; tensors: number; buffers: number } {
  const bb = new ByteBuffer(tflite);
  const root = bb.readUint32(0);
  const field = (table: number, slot: number): number => bb.__indirect(table + bb.__offset(table, 4 + 2 * slot));
  const tables = (vector: number): number[] => Array.from({ length: bb.readUint32(vector) }, (_, i) => bb.__indirect(vector + 4 + 4 * i));
  const ints = (vector: number): number[] => Array.from({ length: bb.readUint32(vector) }, (_, i) => bb.readInt32(vector + 4 + 4 * i));
  const subgraph = tables(field(root, 2))[0] ?? 0;
  const tensors = tables(field(subgraph, 0));
  const tensorName = (index: number): string => {
    const tensor = tensors[index] ?? 0;
    return bb.__string(tensor + bb.__offset(tensor, 4 + 2 * 3)) as string;
  };
  return {
    version: bb.readUint32(root + bb.__offset(root, 4)),
    inputs: ints(field(subgraph, 1)).map(tensorName),
    outputs: ints(field(subgraph, 2)).map(tensorName),
    tensors: tensors.length,
    buffers: tables(field(root, 4)).length,
  };
}

/** Names of the Model.metadata entries. */
function metadataNames(tflite: Uint8Array): string[] {
  const bb = new ByteBuffer(tflite);
  const root = bb.readUint32(0);
  const offset = bb.__offset(root, 4 + 2 * 6);
  if (offset === 0) return [];
  const vector = bb.__indirect(root + offset);
  return Array.from({ length: bb.readUint32(vector) }, (_, i) => {
    const entry = bb.__indirect(vector + 4 + 4 * i);
    return bb.__string(entry + bb.__offset(entry, 4)) as string;
  });
}

describe('withImageNormalizationMetadata', () => {
  it.each(MODELS)('adds readable NormalizationOptions + RGB metadata to %s and keeps the graph', (name) => {
    const original = load(name);
    expect(readImageNormalizationMetadata(original)).toBeNull();

    const augmented = withImageNormalizationMetadata(original, { mean: 127.5, std: 127.5 });

    expect(new ByteBuffer(augmented).__has_identifier('TFL3')).toBe(true);
    expect(readImageNormalizationMetadata(augmented)).toEqual({
      mean: [127.5],
      std: [127.5],
      colorSpace: 'RGB',
      minParserVersion: '1.0.0',
      subgraphCount: 1,
      inputTensorCount: 1,
    });
    expect(metadataNames(augmented)).toEqual(['TFLITE_METADATA']);
    const metadata = extractModelMetadata(augmented);
    expect(metadata && new ByteBuffer(metadata).__has_identifier('M001')).toBe(true);

    const before = modelSummary(original);
    expect(modelSummary(augmented)).toEqual({ ...before, buffers: before.buffers + 1 });
    // The original file sits unchanged, 64-byte aligned, inside the new one.
    const at = Buffer.from(augmented).indexOf(Buffer.from(original));
    expect(at).toBeGreaterThan(0);
    expect(at % 64).toBe(0);
  });

  it('replaces earlier TFLITE_METADATA instead of adding a second entry', () => {
    const once = withImageNormalizationMetadata(load(MODELS[0] ?? ''), { mean: 127.5, std: 127.5 });
    const twice = withImageNormalizationMetadata(once, { mean: 0, std: 255 });
    expect(readImageNormalizationMetadata(twice)).toMatchObject({ mean: [0], std: [255], colorSpace: 'RGB' });
    expect(metadataNames(twice)).toEqual(['TFLITE_METADATA']);
  });

  it('refuses what is not a TFLite model', () => {
    const builder = new Builder(64);
    builder.startObject(1);
    builder.finish(builder.endObject(), 'NOPE');
    expect(() => withImageNormalizationMetadata(builder.asUint8Array(), { mean: 127.5, std: 127.5 })).toThrow(/TFLite/);
    expect(() => withImageNormalizationMetadata(load(MODELS[0] ?? ''), { mean: 127.5, std: 0 })).toThrow(/normalization/);
  });
});
