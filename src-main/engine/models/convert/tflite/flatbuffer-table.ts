import { ByteBuffer } from 'flatbuffers';

/**
 * Field access for a flatbuffer table without generated code: a field is addressed by its index in
 * the schema (its vtable slot is 4 + 2·index), and an absent field reads as its default.
 */
export class Table {
  constructor(
    private readonly bb: ByteBuffer,
    private readonly pos: number,
  ) {}

  /** An absent table: every field reads as its default. */
  static empty(): Table {
    return new Table(new ByteBuffer(new Uint8Array(0)), -1);
  }

  /** Byte position of field `index`, or 0 when the field is absent (it then has its default). */
  private field(index: number): number {
    if (this.pos < 0) return 0;
    const offset = this.bb.__offset(this.pos, 4 + 2 * index);
    return offset === 0 ? 0 : this.pos + offset;
  }

  int8(index: number, fallback = 0): number {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readInt8(at);
  }

  uint8(index: number, fallback = 0): number {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readUint8(at);
  }

  bool(index: number, fallback = false): boolean {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readUint8(at) !== 0;
  }

  int32(index: number, fallback = 0): number {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readInt32(at);
  }

  uint32(index: number, fallback = 0): number {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readUint32(at);
  }

  uint64(index: number, fallback = 0n): bigint {
    const at = this.field(index);
    return at === 0 ? fallback : this.bb.readUint64(at);
  }

  string(index: number): string | null {
    const at = this.field(index);
    return at === 0 ? null : (this.bb.__string(at) as string);
  }

  table(index: number): Table | null {
    const at = this.field(index);
    return at === 0 ? null : new Table(this.bb, this.bb.__indirect(at));
  }

  tables(index: number): Table[] {
    const at = this.field(index);
    if (at === 0) return [];
    const start = this.bb.__vector(at);
    const length = this.bb.__vector_len(at);
    return Array.from({ length }, (_, i) => new Table(this.bb, this.bb.__indirect(start + 4 * i)));
  }

  int32s(index: number): number[] | null {
    const at = this.field(index);
    if (at === 0) return null;
    const start = this.bb.__vector(at);
    return Array.from({ length: this.bb.__vector_len(at) }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  float32s(index: number): number[] | null {
    const at = this.field(index);
    if (at === 0) return null;
    const start = this.bb.__vector(at);
    return Array.from({ length: this.bb.__vector_len(at) }, (_, i) => this.bb.readFloat32(start + 4 * i));
  }

  int64s(index: number): bigint[] | null {
    const at = this.field(index);
    if (at === 0) return null;
    const start = this.bb.__vector(at);
    return Array.from({ length: this.bb.__vector_len(at) }, (_, i) => this.bb.readInt64(start + 8 * i));
  }

  bytes(index: number): Uint8Array | null {
    const at = this.field(index);
    if (at === 0) return null;
    const start = this.bb.__vector(at);
    return this.bb.bytes().subarray(start, start + this.bb.__vector_len(at));
  }
}

/** The root table of a flatbuffer. */
export function rootTable(bytes: Uint8Array): { root: Table; bb: ByteBuffer } {
  const bb = new ByteBuffer(bytes);
  return { root: new Table(bb, bb.readInt32(0)), bb };
}
