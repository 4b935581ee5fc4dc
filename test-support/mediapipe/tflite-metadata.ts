// Adds TFLite Support metadata (metadata_schema.fbs, identifier "M001") to a .tflite model.
//
// MediaPipe tasks refuse a model whose float image input carries no NormalizationOptions, and the
// BlazeFace files shipped by @mediapipe/face_detection carry none. Rather than re-serialising the
// whole TFLite graph, the original file is embedded unchanged at the end of a new flatbuffer and a
// new root Model table is written in front of it: flatbuffer offsets are relative and point
// forward, so every old sub-object stays valid as long as its alignment is kept (the old bytes
// start on a 64-byte boundary; the schema asks 16 of buffer data).
//
// Field slots (index = declaration order in the schema):
//   schema.fbs       Model { version 0, operator_codes 1, subgraphs 2, description 3, buffers 4,
//                            metadata_buffer 5, metadata 6, signature_defs 7 }
//                    Buffer { data 0 (force_align 16), offset 1, size 2 }   Metadata { name 0, buffer 1 }
//   metadata_schema  ModelMetadata { name 0, description 1, version 2, subgraph_metadata 3, author 4,
//                                    license 5, associated_files 6, min_parser_version 7 }
//                    SubGraphMetadata { name 0, description 1, input_tensor_metadata 2, ... }
//                    TensorMetadata { name 0, description 1, dimension_names 2, content 3, process_units 4 }
//                    Content { content_properties (type 0, value 1), range 2 }
//                    ImageProperties { color_space 0, default_size 1 }
//                    ProcessUnit { options (type 0, value 1) }   NormalizationOptions { mean 0, std 1 }
import { Builder, ByteBuffer } from 'flatbuffers';

const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** The name under which TFLite Support (and MediaPipe's extractor) looks the metadata up. */
export const TFLITE_METADATA_NAME = 'TFLITE_METADATA';
/** NormalizationOptions and ImageProperties both date from metadata schema 1.0.0. */
const MIN_PARSER_VERSION = '1.0.0';
const OLD_BYTES_ALIGNMENT = 64;

const MODEL_FIELD_COUNT = 8;
const enum ModelField {
  Version = 0,
  OperatorCodes = 1,
  Subgraphs = 2,
  Description = 3,
  Buffers = 4,
  MetadataBuffer = 5,
  Metadata = 6,
  SignatureDefs = 7,
}
const PROCESS_UNIT_NORMALIZATION_OPTIONS = 1; // union ProcessUnitOptions
const CONTENT_PROPERTIES_IMAGE_PROPERTIES = 2; // union ContentProperties
const COLOR_SPACE_RGB = 1; // enum ColorSpaceType

export type ImageNormalizationMetadata = {
  mean: number[];
  std: number[];
  colorSpace: 'UNKNOWN' | 'RGB' | 'GRAYSCALE';
  minParserVersion: string | null;
  subgraphCount: number;
  inputTensorCount: number;
};

/** vtable slot number → the voffset the flatbuffers API takes. */
function voffset(slot: number): number {
  return 4 + 2 * slot;
}

/** Absolute position of the table/vector/string an offset field points at, or null if absent. */
function readOffsetField(bb: ByteBuffer, table: number, slot: number): number | null {
  const o = bb.__offset(table, voffset(slot));
  return o === 0 ? null : bb.__indirect(table + o);
}

/** A vector at absolute position `vector`: its length, then its elements from `vector + 4`. */
function vectorLength(bb: ByteBuffer, vector: number): number {
  return bb.readUint32(vector);
}

function tablePositions(bb: ByteBuffer, vector: number | null): number[] {
  if (vector === null) return [];
  return Array.from({ length: vectorLength(bb, vector) }, (_, i) => bb.__indirect(vector + 4 + 4 * i));
}

function readString(bb: ByteBuffer, table: number, slot: number): string | null {
  const o = bb.__offset(table, voffset(slot));
  return o === 0 ? null : (bb.__string(table + o) as string);
}

function readFloatVector(bb: ByteBuffer, table: number, slot: number): number[] {
  const vector = readOffsetField(bb, table, slot);
  if (vector === null) return [];
  return Array.from({ length: vectorLength(bb, vector) }, (_, i) => bb.readFloat32(vector + 4 + 4 * i));
}

function modelRoot(bb: ByteBuffer): number {
  if (bb.capacity() < 8 || !bb.__has_identifier(TFLITE_IDENTIFIER)) {
    throw new Error(`not a TFLite flatbuffer (file identifier is not "${TFLITE_IDENTIFIER}")`);
  }
  return bb.readUint32(bb.position()) + bb.position();
}

/** A vector of table offsets, written back to front as flatbuffers require. */
function offsetVector(b: Builder, offsets: number[]): number {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] ?? 0);
  return b.endVector();
}

function buildModelMetadata(mean: number, std: number): Uint8Array {
  const b = new Builder(512);
  const floatVector = (value: number): number => {
    b.startVector(4, 1, 4);
    b.addFloat32(value);
    return b.endVector();
  };
  const meanVector = floatVector(mean);
  const stdVector = floatVector(std);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, meanVector, 0);
  b.addFieldOffset(1, stdVector, 0);
  const normalization = b.endObject();

  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, PROCESS_UNIT_NORMALIZATION_OPTIONS, 0);
  b.addFieldOffset(1, normalization, 0);
  const processUnit = b.endObject();
  const processUnits = offsetVector(b, [processUnit]);

  b.startObject(2); // ImageProperties
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProperties = b.endObject();

  b.startObject(3); // Content
  b.addFieldInt8(0, CONTENT_PROPERTIES_IMAGE_PROPERTIES, 0);
  b.addFieldOffset(1, imageProperties, 0);
  const content = b.endObject();

  const tensorName = b.createString('image');
  const tensorDescription = b.createString('Input image, RGB, normalised as (x - mean) / std.');
  b.startObject(7); // TensorMetadata
  b.addFieldOffset(0, tensorName, 0);
  b.addFieldOffset(1, tensorDescription, 0);
  b.addFieldOffset(3, content, 0);
  b.addFieldOffset(4, processUnits, 0);
  const inputTensor = b.endObject();
  const inputTensors = offsetVector(b, [inputTensor]);

  b.startObject(10); // SubGraphMetadata
  b.addFieldOffset(2, inputTensors, 0);
  const subgraph = b.endObject();
  const subgraphs = offsetVector(b, [subgraph]);

  const description = b.createString('Input normalisation metadata added by culler test-support.');
  const minParserVersion = b.createString(MIN_PARSER_VERSION);
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(1, description, 0);
  b.addFieldOffset(3, subgraphs, 0);
  b.addFieldOffset(7, minParserVersion, 0);
  b.finish(b.endObject(), METADATA_IDENTIFIER);
  return b.asUint8Array().slice();
}

/**
 * A copy of `tflite` whose Model.metadata has a "TFLITE_METADATA" entry pointing at a new buffer
 * holding a ModelMetadata flatbuffer: one subgraph, one input tensor with ImageProperties (RGB) and
 * a NormalizationOptions process unit (mean, std). An existing TFLITE_METADATA entry is replaced;
 * other metadata entries (e.g. min_runtime_version) are kept.
 */
export function withImageNormalizationMetadata(tflite: Uint8Array, options: { mean: number; std: number }): Uint8Array {
  if (!Number.isFinite(options.mean) || !Number.isFinite(options.std) || options.std === 0) {
    throw new Error(`invalid normalization: mean ${options.mean}, std ${options.std}`);
  }
  const old = new ByteBuffer(tflite);
  const oldRoot = modelRoot(old);

  const vtable = oldRoot - old.readInt32(oldRoot);
  const slotCount = (old.readUint16(vtable) - 4) / 2;
  for (let slot = MODEL_FIELD_COUNT; slot < slotCount; slot++) {
    if (old.__offset(oldRoot, voffset(slot)) !== 0) {
      throw new Error(`Model table has field ${slot}, unknown to this rewriter; refusing to drop it`);
    }
  }

  const versionOffset = old.__offset(oldRoot, voffset(ModelField.Version));
  const version = versionOffset === 0 ? 0 : old.readUint32(oldRoot + versionOffset);
  const oldBuffers = tablePositions(old, readOffsetField(old, oldRoot, ModelField.Buffers));
  for (const buffer of oldBuffers) {
    // Buffer.offset is counted from the start of the file; prepending bytes would break it.
    if (old.__offset(buffer, voffset(1)) !== 0 && old.readUint64(buffer + old.__offset(buffer, voffset(1))) !== 0n) {
      throw new Error('model stores buffer data outside the flatbuffer (Buffer.offset); not supported');
    }
  }
  const keptMetadata = tablePositions(old, readOffsetField(old, oldRoot, ModelField.Metadata)).filter(
    (entry) => readString(old, entry, 0) !== TFLITE_METADATA_NAME,
  );

  const metadataBytes = buildModelMetadata(options.mean, options.std);
  const b = new Builder(tflite.length + metadataBytes.length + 4096);

  // The old file, byte for byte, at the end of the new one. Builder offsets count from the end of
  // the buffer, so old position p has builder offset `base - p`.
  b.prep(OLD_BYTES_ALIGNMENT, tflite.length);
  for (let i = tflite.length - 1; i >= 0; i--) b.writeInt8(tflite[i] ?? 0);
  const base = b.offset();
  const fromOld = (position: number): number => base - position;

  const bufferTables = oldBuffers.map(fromOld);
  if (bufferTables.length === 0) {
    // Buffer 0 must be the empty sentinel; a model without buffers gets one.
    b.startObject(3);
    bufferTables.push(b.endObject());
  }
  b.startVector(1, metadataBytes.length, 16);
  for (let i = metadataBytes.length - 1; i >= 0; i--) b.addInt8(metadataBytes[i] ?? 0);
  const metadataData = b.endVector();
  b.startObject(3); // Buffer
  b.addFieldOffset(0, metadataData, 0);
  const metadataIndex = bufferTables.length;
  bufferTables.push(b.endObject());
  const buffers = offsetVector(b, bufferTables);

  const metadataName = b.createString(TFLITE_METADATA_NAME);
  b.startObject(2); // Metadata
  b.addFieldOffset(0, metadataName, 0);
  b.addFieldInt32(1, metadataIndex, 0);
  const metadataEntry = b.endObject();
  const metadata = offsetVector(b, [...keptMetadata.map(fromOld), metadataEntry]);

  b.startObject(MODEL_FIELD_COUNT);
  b.addFieldInt32(ModelField.Version, version, 0);
  for (const slot of [ModelField.OperatorCodes, ModelField.Subgraphs, ModelField.Description, ModelField.MetadataBuffer, ModelField.SignatureDefs]) {
    const position = readOffsetField(old, oldRoot, slot);
    if (position !== null) b.addFieldOffset(slot, fromOld(position), 0);
  }
  b.addFieldOffset(ModelField.Buffers, buffers, 0);
  b.addFieldOffset(ModelField.Metadata, metadata, 0);
  b.finish(b.endObject(), TFLITE_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** The ModelMetadata flatbuffer a .tflite carries under TFLITE_METADATA, or null. */
export function extractModelMetadata(tflite: Uint8Array): Uint8Array | null {
  const bb = new ByteBuffer(tflite);
  const root = modelRoot(bb);
  const entry = tablePositions(bb, readOffsetField(bb, root, ModelField.Metadata)).find(
    (table) => readString(bb, table, 0) === TFLITE_METADATA_NAME,
  );
  if (entry === undefined) return null;
  const indexOffset = bb.__offset(entry, voffset(1));
  const index = indexOffset === 0 ? 0 : bb.readUint32(entry + indexOffset);
  const buffer = tablePositions(bb, readOffsetField(bb, root, ModelField.Buffers))[index];
  if (buffer === undefined) throw new Error(`TFLITE_METADATA points at buffer ${index}, which does not exist`);
  const data = readOffsetField(bb, buffer, 0);
  if (data === null) return null;
  return tflite.subarray(data + 4, data + 4 + vectorLength(bb, data));
}

/** Reads back what `withImageNormalizationMetadata` wrote (first subgraph, first input tensor). */
export function readImageNormalizationMetadata(tflite: Uint8Array): ImageNormalizationMetadata | null {
  const bytes = extractModelMetadata(tflite);
  if (bytes === null) return null;
  const bb = new ByteBuffer(bytes);
  if (!bb.__has_identifier(METADATA_IDENTIFIER)) throw new Error(`metadata lacks the "${METADATA_IDENTIFIER}" identifier`);
  const root = bb.readUint32(0);
  const subgraphs = tablePositions(bb, readOffsetField(bb, root, 3));
  const inputs = subgraphs[0] === undefined ? [] : tablePositions(bb, readOffsetField(bb, subgraphs[0], 2));
  const input = inputs[0];
  let mean: number[] = [];
  let std: number[] = [];
  let colorSpace: ImageNormalizationMetadata['colorSpace'] = 'UNKNOWN';
  if (input !== undefined) {
    for (const unit of tablePositions(bb, readOffsetField(bb, input, 4))) {
      const typeOffset = bb.__offset(unit, voffset(0));
      const options = readOffsetField(bb, unit, 1);
      if (typeOffset !== 0 && bb.readUint8(unit + typeOffset) === PROCESS_UNIT_NORMALIZATION_OPTIONS && options !== null) {
        mean = readFloatVector(bb, options, 0);
        std = readFloatVector(bb, options, 1);
      }
    }
    const content = readOffsetField(bb, input, 3);
    const typeOffset = content === null ? 0 : bb.__offset(content, voffset(0));
    const properties = content === null ? null : readOffsetField(bb, content, 1);
    if (content !== null && typeOffset !== 0 && bb.readUint8(content + typeOffset) === CONTENT_PROPERTIES_IMAGE_PROPERTIES && properties !== null) {
      const colorOffset = bb.__offset(properties, voffset(0));
      const value = colorOffset === 0 ? 0 : bb.readInt8(properties + colorOffset);
      colorSpace = value === 1 ? 'RGB' : value === 2 ? 'GRAYSCALE' : 'UNKNOWN';
    }
  }
  return {
    mean,
    std,
    colorSpace,
    minParserVersion: readString(bb, root, 7),
    subgraphCount: subgraphs.length,
    inputTensorCount: inputs.length,
  };
}
