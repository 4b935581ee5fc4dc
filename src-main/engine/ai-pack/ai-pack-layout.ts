import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { onDisk } from './ai-pack-errors.js';

/**
 * The installed layout — a contract the encoders rely on, keep it exactly:
 *
 *   <home>/ai-pack/<component-id>/<file name>   the verified files of one component
 *   <home>/ai-pack/installed.json               what was installed: files, sha256, sizes, source, time
 *
 * and, private to this module's callers (never read by the encoders):
 *
 *   <home>/ai-pack/.partial/<component-id>/<file name>.part   downloads to resume
 *   <home>/ai-pack/.staging/<component-id>.<random>/          a component being assembled
 *   <home>/ai-pack/.trash/                                    a replaced component, until removed
 *   <home>/ai-pack/.lock                                      held by a running download/import
 *
 * A component counts as installed only when installed.json says so and its files match; the
 * record is written after the folder is complete, and removed before a folder is replaced.
 */

export function aiPackDirectory(home: string): string {
  return path.join(home, 'ai-pack');
}

export function componentDirectory(home: string, componentId: string): string {
  return path.join(aiPackDirectory(home), componentId);
}

/** Absolute path of one installed file, e.g. aiPackFilePath(home, 'clip-vit-b16-image', 'vision_model.onnx'). */
export function aiPackFilePath(home: string, componentId: string, fileName: string): string {
  return path.join(componentDirectory(home, componentId), fileName);
}

export function installedRecordPath(home: string): string {
  return path.join(aiPackDirectory(home), 'installed.json');
}

export function partialDirectory(home: string, componentId: string): string {
  return path.join(aiPackDirectory(home), '.partial', componentId);
}

export async function newStagingDirectory(home: string, componentId: string): Promise<string> {
  const directory = path.join(aiPackDirectory(home), '.staging', `${componentId}.${randomBytes(6).toString('hex')}`);
  await onDisk(`creating ${directory}`, () => mkdir(directory, { recursive: true }));
  return directory;
}

export function trashPath(home: string, componentId: string): string {
  return path.join(aiPackDirectory(home), '.trash', `${componentId}.${randomBytes(6).toString('hex')}`);
}

/** How a file's bytes were verified before installing it. */
export const VERIFIED_BY = ['manifest_sha256', 'x_linked_etag', 'git_blob_etag', 'computed'] as const;
export type VerifiedBy = (typeof VERIFIED_BY)[number];

const installedFileSchema = z.object({
  name: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The URL it was downloaded from, or the path (`archive.tar#entry` for archives) it was imported from. */
  source: z.string(),
  verifiedBy: z.enum(VERIFIED_BY),
});

const installedComponentSchema = z.object({
  task: z.string(),
  /** The manifest revision the files were accepted as. */
  revision: z.string(),
  via: z.enum(['download', 'import']),
  installedAt: z.string(),
  files: z.array(installedFileSchema),
});

const installedRecordSchema = z.object({ recordVersion: z.literal(1), components: z.record(z.string(), installedComponentSchema) });

export type InstalledFile = z.infer<typeof installedFileSchema>;
export type InstalledComponent = z.infer<typeof installedComponentSchema>;
export type InstalledRecord = z.infer<typeof installedRecordSchema>;

export type ReadRecord = { ok: true; record: InstalledRecord } | { ok: false; reason: string };

/** installed.json, or why it cannot be used (an absent file is an empty record, not a problem). */
export async function readInstalledRecord(home: string): Promise<ReadRecord> {
  let text: string;
  try {
    text = await readFile(installedRecordPath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, record: { recordVersion: 1, components: {} } };
    return { ok: false, reason: `cannot read installed.json: ${(error as Error).message}` };
  }
  try {
    const parsed = installedRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? { ok: true, record: parsed.data } : { ok: false, reason: 'installed.json does not have the expected shape' };
  } catch {
    return { ok: false, reason: 'installed.json is not valid JSON' };
  }
}

/** Writes installed.json atomically: temporary file, fsync, rename, fsync of the folder. */
export async function writeInstalledRecord(home: string, record: InstalledRecord): Promise<void> {
  const target = installedRecordPath(home);
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await onDisk('writing installed.json', async () => {
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await writeFileSynced(temporary, `${JSON.stringify(record, null, 2)}\n`);
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
    await syncDirectory(path.dirname(target));
  });
}

/** Changes installed.json by applying `change` to the current record (an unreadable one starts empty). */
export async function updateInstalledRecord(home: string, change: (record: InstalledRecord) => void): Promise<void> {
  const current = await readInstalledRecord(home);
  const record: InstalledRecord = current.ok ? current.record : { recordVersion: 1, components: {} };
  change(record);
  await writeInstalledRecord(home, record);
}

async function writeFileSynced(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of a folder, so a rename inside it survives a power cut. Windows cannot open folders for this. */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
