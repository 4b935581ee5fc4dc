import { stat } from 'node:fs/promises';
import { asResult, type AiPackResult } from './ai-pack-errors.js';
import { aiPackFilePath, componentDirectory, readInstalledRecord, type InstalledComponent } from './ai-pack-layout.js';
import { loadAiPackManifest, type AiPackComponent, type AiPackManifestSource, type AiPackTask } from './ai-pack-manifest.js';
import { sha256OfFile } from './file-digest.js';
import { pinTraces, untracedPins, type PinTrace } from './ai-pack-provenance.js';

/**
 * Which components of the pack are usable, checked against installed.json:
 *   installed  recorded for the manifest's revision and files, and the files on disk match the record
 *   missing    not recorded, or recorded for other files than the manifest now declares
 *   corrupt    recorded, but a file on disk is gone or differs from the record
 * Sizes are always compared; sha256 only with `verifySha256` (hashing ~1.7 GB takes a while).
 */

export type AiPackComponentState = 'installed' | 'missing' | 'corrupt';

export type AiPackComponentStatus = {
  id: string;
  task: AiPackTask;
  state: AiPackComponentState;
  /** Why it is not installed; null when it is. */
  reason: string | null;
  /** The component's folder (its files are `<directory>/<file name>`). */
  directory: string;
  /** Every pinned revision, size and sha256, with the public material that establishes it (or null). */
  provenance: PinTrace[];
  /** The pins no public material was found for, in words (empty when all are traced). */
  untraced: string[];
};

export type AiPackStatusOptions = { manifest?: AiPackManifestSource; verifySha256?: boolean };

export function aiPackStatus(home: string, options: AiPackStatusOptions = {}): Promise<AiPackResult<AiPackComponentStatus[]>> {
  return asResult(async () => {
    const manifest = await loadAiPackManifest(options.manifest);
    return componentStatuses(home, manifest.components, options.verifySha256 ?? false);
  });
}

export async function componentStatuses(home: string, components: AiPackComponent[], verifySha256: boolean): Promise<AiPackComponentStatus[]> {
  const read = await readInstalledRecord(home);
  const statuses: AiPackComponentStatus[] = [];
  for (const component of components) {
    const base = {
      id: component.id,
      task: component.task,
      directory: componentDirectory(home, component.id),
      provenance: pinTraces(component),
      untraced: untracedPins(component),
    };
    if (!read.ok) {
      statuses.push({ ...base, state: 'corrupt', reason: read.reason });
      continue;
    }
    const recorded = read.record.components[component.id];
    const verdict = recorded ? await checkComponent(home, component, recorded, verifySha256) : { state: 'missing' as const, reason: 'not installed' };
    statuses.push({ ...base, ...verdict });
  }
  return statuses;
}

type Verdict = { state: AiPackComponentState; reason: string | null };

async function checkComponent(home: string, component: AiPackComponent, recorded: InstalledComponent, verifySha256: boolean): Promise<Verdict> {
  if (recorded.revision !== component.source.revision) {
    return { state: 'missing', reason: `installed files are from revision ${recorded.revision}; the manifest pins ${component.source.revision}` };
  }
  for (const file of component.files) {
    const entry = recorded.files.find((candidate) => candidate.name === file.name);
    if (!entry) return { state: 'missing', reason: `${file.name} is declared by the manifest but was not installed` };
    if ((file.sha256 !== null && entry.sha256 !== file.sha256) || (file.bytes !== null && entry.bytes !== file.bytes)) {
      return { state: 'missing', reason: `the installed ${file.name} is not the one the manifest declares` };
    }
    const installedPath = aiPackFilePath(home, component.id, file.name);
    let size: number;
    try {
      size = (await stat(installedPath)).size;
    } catch (error) {
      return { state: 'corrupt', reason: `${file.name} is recorded as installed but cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
    }
    if (size !== entry.bytes) return { state: 'corrupt', reason: `${file.name} has ${size} bytes; ${entry.bytes} were installed` };
    if (verifySha256) {
      const { sha256 } = await sha256OfFile(installedPath).catch(() => ({ sha256: 'unreadable' }));
      if (sha256 !== entry.sha256) return { state: 'corrupt', reason: `${file.name} has sha256 ${sha256}; ${entry.sha256} was installed` };
    }
  }
  return { state: 'installed', reason: null };
}
