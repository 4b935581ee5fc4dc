import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fail } from './ai-pack-errors.js';
import { indexTar, TarFormatError, type TarEntry } from './tar-reader.js';

/**
 * Where an import reads from: a folder or an uncompressed .tar, laid out like the installed pack —
 * one folder per component id holding that component's files under their manifest names
 * (`clip-vit-b16-image/vision_model.onnx`). A copy of another machine's `<home>/ai-pack` is such a
 * folder. The layout may sit one level down (a folder or archive whose only top entry is, say,
 * `ai-pack/`), which is what `tar -cf pack.tar ai-pack` produces.
 */
export type PackSource = {
  /** Human-readable location of a file, recorded as its source in installed.json. */
  locate(component: string, file: string): string;
  hasComponent(component: string): boolean;
  /** The file's size, or null when the source does not have it. */
  size(component: string, file: string): Promise<number | null>;
  read(component: string, file: string, signal?: AbortSignal): AsyncIterable<Buffer>;
};

export async function openPackSource(from: string, componentIds: string[]): Promise<PackSource> {
  const absolute = path.resolve(from);
  const info = await stat(absolute).catch(() => fail('invalid_source', `nothing to import at ${absolute}: no such folder or file`));
  if (info.isDirectory()) return folderSource(absolute, componentIds);
  if (info.isFile()) return tarSource(absolute, componentIds);
  fail('invalid_source', `${absolute} is neither a folder nor a file`);
}

async function subfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: Error) => fail('invalid_source', `cannot list ${folder}: ${error.message}`));
  return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
}

async function folderSource(folder: string, componentIds: string[]): Promise<PackSource> {
  let root = folder;
  let present = (await subfolders(root)).filter((name) => componentIds.includes(name));
  const top = await subfolders(folder);
  if (present.length === 0 && top.length === 1) {
    root = path.join(folder, top[0]!);
    present = (await subfolders(root)).filter((name) => componentIds.includes(name));
  }
  const where = (component: string, file: string) => path.join(root, component, file);
  return {
    locate: where,
    hasComponent: (component) => present.includes(component),
    size: async (component, file) => {
      const info = await stat(where(component, file)).catch(() => null);
      return info?.isFile() ? info.size : null;
    },
    read: (component, file, signal) => createReadStream(where(component, file), { signal }),
  };
}

async function tarSource(archive: string, componentIds: string[]): Promise<PackSource> {
  await refuseCompressed(archive);
  let entries: Map<string, TarEntry>;
  try {
    entries = await indexTar(archive);
  } catch (error) {
    if (error instanceof TarFormatError) fail('invalid_source', `${archive} is not a readable tar archive: ${error.message}`);
    fail('invalid_source', `cannot read ${archive}: ${(error as Error).message}`);
  }
  const names = [...entries.keys()];
  const firstSegments = new Set(names.map((name) => name.split('/')[0]!));
  const direct = componentIds.some((id) => firstSegments.has(id));
  const prefix = !direct && firstSegments.size === 1 ? `${[...firstSegments][0]}/` : '';
  const entry = (component: string, file: string) => entries.get(`${prefix}${component}/${file}`);
  return {
    locate: (component, file) => `${archive}#${prefix}${component}/${file}`,
    hasComponent: (component) => names.some((name) => name.startsWith(`${prefix}${component}/`)),
    size: async (component, file) => entry(component, file)?.size ?? null,
    read: (component, file, signal) => {
      const found = entry(component, file)!;
      // An empty range cannot be expressed with start/end: read nothing.
      if (found.size === 0) return (async function* () {})();
      return createReadStream(archive, { start: found.offset, end: found.offset + found.size - 1, signal });
    },
  };
}

async function refuseCompressed(archive: string): Promise<void> {
  const handle = await open(archive, 'r').catch((error: Error) => fail('invalid_source', `cannot read ${archive}: ${error.message}`));
  try {
    const magic = Buffer.alloc(6);
    await handle.read(magic, 0, 6, 0);
    if (magic[0] === 0x1f && magic[1] === 0x8b) fail('invalid_source', `${archive} is gzip-compressed; decompress it to a plain .tar (or a folder) first`);
    if (magic.subarray(0, 4).toString('ascii') === 'PK\u0003\u0004') fail('invalid_source', `${archive} is a zip archive; unpack it to a folder first (or make a .tar)`);
  } finally {
    await handle.close();
  }
}
