import { open, type FileHandle } from 'node:fs/promises';

/**
 * A small reader for uncompressed tar archives (POSIX ustar and pax, GNU long names), written here
 * because no tar library is a direct dependency of the app. It only indexes: it walks the 512-byte
 * headers, seeking over contents, and returns where each regular file's bytes lie, so callers can
 * stream exactly the entries they need. Nothing is ever extracted by the archive's own paths, so a
 * hostile name (`../x`, `/etc/x`) cannot write anywhere; such names are skipped. Links, devices
 * and other special entries are skipped too. Compressed archives (.tar.gz) are not read.
 */

export type TarEntry = { name: string; offset: number; size: number };

export class TarFormatError extends Error {}

const BLOCK = 512;
/** Caps on metadata entries, so a corrupt header cannot make us allocate gigabytes. */
const MAX_META_BYTES = 1 << 20;

export async function indexTar(file: string): Promise<Map<string, TarEntry>> {
  const handle = await open(file, 'r');
  try {
    return await walk(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

async function walk(handle: FileHandle, fileSize: number): Promise<Map<string, TarEntry>> {
  const entries = new Map<string, TarEntry>();
  const header = Buffer.alloc(BLOCK);
  let position = 0;
  let longName: string | null = null;
  let pax: Record<string, string> = {};
  for (;;) {
    const { bytesRead } = await handle.read(header, 0, BLOCK, position);
    if (bytesRead === 0 && position > 0 && entries.size > 0) break; // some writers omit the end blocks
    if (bytesRead < BLOCK) throw new TarFormatError(`the archive ends inside a header at byte ${position}`);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumMatches(header)) throw new TarFormatError(`bad header checksum at byte ${position}: not a tar archive, or a damaged one`);
    const type = String.fromCharCode(header[156]!);
    const dataOffset = position + BLOCK;
    const size = type === '0' || type === '\0' || type === '7' ? Number(pax.size ?? readNumber(header, 124, 12)) : readNumber(header, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0 || dataOffset + size > fileSize) throw new TarFormatError(`entry at byte ${position} runs past the end of the archive`);
    switch (type) {
      case 'x':
        pax = parsePax(await readData(handle, dataOffset, size));
        break;
      case 'L':
        longName = (await readData(handle, dataOffset, size)).toString('utf8').replace(/\0+$/, '');
        break;
      case 'g':
      case 'K':
        break;
      default: {
        if (type === '0' || type === '\0' || type === '7') {
          const name = safeName(pax.path ?? longName ?? headerName(header));
          // Later entries replace earlier ones of the same name, as when tar extracts.
          if (name !== null) entries.set(name, { name, offset: dataOffset, size });
        }
        longName = null;
        pax = {};
      }
    }
    position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

async function readData(handle: FileHandle, offset: number, size: number): Promise<Buffer> {
  if (size > MAX_META_BYTES) throw new TarFormatError(`a ${size}-byte metadata entry is too large`);
  const data = Buffer.alloc(size);
  await handle.read(data, 0, size, offset);
  return data;
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 0x20 : header[index]!;
  return readNumber(header, 148, 8) === sum;
}

/** Octal ASCII (NUL/space terminated), or GNU base-256 when the first byte's high bit is set. */
function readNumber(header: Buffer, offset: number, length: number): number {
  const field = header.subarray(offset, offset + length);
  if (field[0]! & 0x80) {
    let value = field[0]! & 0x7f;
    for (let index = 1; index < length; index++) value = value * 256 + field[index]!;
    return value;
  }
  const text = field.toString('ascii').replace(/[\0 ]+$/, '').trim();
  return text === '' ? 0 : /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN;
}

function headerName(header: Buffer): string {
  const text = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  const name = text(0, 100);
  const ustar = header.subarray(257, 262).toString('ascii') === 'ustar';
  const prefix = ustar ? text(345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** pax records: "<length> <key>=<value>\n", length counting the whole record in bytes. */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let index = 0;
  while (index < data.length) {
    const space = data.indexOf(0x20, index);
    const length = Number.parseInt(data.subarray(index, space).toString('ascii'), 10);
    if (space < 0 || !Number.isSafeInteger(length) || length <= 0 || index + length > data.length) throw new TarFormatError('malformed pax header');
    const record = data.subarray(space + 1, index + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    index += length;
  }
  return records;
}

/** `./a//b` → `a/b`; absolute names and names with `..` are refused (null). */
function safeName(raw: string): string | null {
  const parts = raw.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');
  if (raw.startsWith('/') || parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}
