import { rm } from 'node:fs/promises';
import path from 'node:path';
import { asResult, fail, onDisk, type AiPackResult } from './ai-pack-errors.js';
import { installComponent, removeLeftovers } from './ai-pack-install.js';
import { newStagingDirectory, type InstalledFile } from './ai-pack-layout.js';
import { withAiPackLock } from './ai-pack-lock.js';
import { loadAiPackManifest, selectComponents, type AiPackComponent, type AiPackManifestSource } from './ai-pack-manifest.js';
import { copyHashing } from './file-digest.js';
import { openPackSource, type PackSource } from './pack-source.js';

/**
 * Installs the pack from a folder or a .tar (see pack-source.ts for the layout) — the way in for
 * machines that cannot reach Hugging Face. Every component found in the source is copied into a
 * staging folder while hashed, checked against the manifest (size, and sha256 where the manifest
 * has one; otherwise the computed sha256 is recorded and reported as unverified), and only when
 * every component found has passed are they installed, atomically, exactly as a download would.
 * Components the source does not contain are left as they are and reported.
 */

export type ImportAiPackOptions = {
  manifest?: AiPackManifestSource;
  /** Component ids to import; all that the source holds when omitted. */
  components?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: { component: string; file: string; bytesDone: number; bytesTotal: number }) => void;
};

export type ImportAiPackReport = {
  installed: Array<{ id: string; files: InstalledFile[] }>;
  /** Components of the manifest that the source does not contain. */
  notInSource: string[];
  /** Files the manifest gives no sha256 for: their computed sha256 was recorded, not checked. */
  unverified: Array<{ component: string; file: string; sha256: string }>;
};

type Staged = { component: AiPackComponent; directory: string; files: InstalledFile[] };

export function importAiPack(home: string, from: string, options: ImportAiPackOptions = {}): Promise<AiPackResult<ImportAiPackReport>> {
  return asResult(async () => {
    const manifest = await loadAiPackManifest(options.manifest);
    const components = selectComponents(manifest, options.components);
    const source = await openPackSource(from, components.map((component) => component.id));
    const present = components.filter((component) => source.hasComponent(component.id));
    const notInSource = components.filter((component) => !present.includes(component)).map((component) => component.id);
    if (present.length === 0) {
      fail('invalid_source', `no AI-pack component folders in ${path.resolve(from)} (expected folders named ${components.map((component) => component.id).join(', ')})`);
    }
    await checkComplete(source, present);
    return withAiPackLock(home, async () => {
      await removeLeftovers(home);
      const staged: Staged[] = [];
      try {
        for (const component of present) staged.push(await stageComponent(home, source, component, options));
      } catch (error) {
        if (options.signal?.aborted) fail('aborted', 'import aborted; nothing was installed');
        throw error;
      } finally {
        if (staged.length < present.length) for (const done of staged) await rm(done.directory, { recursive: true, force: true });
      }
      for (const { component, directory, files } of staged) await installComponent(home, component, directory, files, 'import');
      const unverified = staged.flatMap(({ component, files }) =>
        files.filter((file) => file.verifiedBy === 'computed').map((file) => ({ component: component.id, file: file.name, sha256: file.sha256 })),
      );
      return { installed: staged.map(({ component, files }) => ({ id: component.id, files })), notInSource, unverified };
    });
  });
}

/** A component folder that is there must be whole: a partial one is refused before anything is copied. */
async function checkComplete(source: PackSource, components: AiPackComponent[]): Promise<void> {
  for (const component of components) {
    const missing: string[] = [];
    for (const file of component.files) if ((await source.size(component.id, file.name)) === null) missing.push(file.name);
    if (missing.length > 0) fail('invalid_source', `${source.locate(component.id, '')} lacks ${missing.join(', ')}`, { component: component.id });
  }
}

async function stageComponent(home: string, source: PackSource, component: AiPackComponent, options: ImportAiPackOptions): Promise<Staged> {
  const directory = await newStagingDirectory(home, component.id);
  const files: InstalledFile[] = [];
  try {
    for (const file of component.files) {
      const where = { component: component.id, file: file.name };
      const size = (await source.size(component.id, file.name))!;
      if (file.bytes !== null && size !== file.bytes) {
        fail('integrity_mismatch', `${source.locate(component.id, file.name)} has ${size} bytes; the manifest says ${file.bytes}`, where);
      }
      const digest = await onDisk(`copying ${source.locate(component.id, file.name)}`, () =>
        copyHashing(source.read(component.id, file.name, options.signal), path.join(directory, file.name), (bytesDone) =>
          options.onProgress?.({ ...where, bytesDone, bytesTotal: size }),
        ),
      );
      if (file.sha256 !== null && digest.sha256 !== file.sha256) {
        fail('integrity_mismatch', `${source.locate(component.id, file.name)} has sha256 ${digest.sha256}; the manifest says ${file.sha256}`, where);
      }
      const verifiedBy = file.sha256 === null ? 'computed' : 'manifest_sha256';
      files.push({ name: file.name, bytes: digest.bytes, sha256: digest.sha256, source: source.locate(component.id, file.name), verifiedBy });
    }
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return { component, directory, files };
}
