import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { onDisk } from './ai-pack-errors.js';
import { aiPackDirectory, componentDirectory, syncDirectory, trashPath, updateInstalledRecord, type InstalledFile } from './ai-pack-layout.js';
import type { AiPackComponent } from './ai-pack-manifest.js';

/**
 * Moves a fully verified, fsynced staging folder into place as `<home>/ai-pack/<id>/` and records
 * it. The order is what keeps "installed" honest after a crash at any point:
 *   1. drop the component from installed.json (if it was there),
 *   2. move the old folder aside, rename the staging folder into place, fsync the parent,
 *   3. record the component in installed.json (atomic write),
 *   4. delete the old folder.
 * A crash between 1 and 3 leaves a complete folder that is not recorded: status says `missing`
 * and the next download or import redoes it. Nothing half-written is ever marked installed.
 */
export async function installComponent(
  home: string,
  component: AiPackComponent,
  stagingDirectory: string,
  files: InstalledFile[],
  via: 'download' | 'import',
): Promise<void> {
  const target = componentDirectory(home, component.id);
  const parent = aiPackDirectory(home);
  await onDisk(`syncing ${stagingDirectory}`, () => syncDirectory(stagingDirectory));
  await updateInstalledRecord(home, (record) => {
    delete record.components[component.id];
  });
  const trash = trashPath(home, component.id);
  await onDisk(`installing ${component.id}`, async () => {
    await mkdir(path.dirname(trash), { recursive: true });
    try {
      await rename(target, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(stagingDirectory, target);
    await syncDirectory(parent);
  });
  await updateInstalledRecord(home, (record) => {
    record.components[component.id] = {
      task: component.task,
      revision: component.source.revision,
      via,
      installedAt: new Date().toISOString(),
      files,
    };
  });
  await rm(trash, { recursive: true, force: true });
}

/** Removes leftovers of earlier runs that died mid-way (staging folders, replaced components). */
export async function removeLeftovers(home: string): Promise<void> {
  for (const folder of ['.staging', '.trash']) await rm(path.join(aiPackDirectory(home), folder), { recursive: true, force: true });
}
