import path from 'node:path';
import { downloadAiPack } from '../engine/ai-pack/ai-pack-download.js';
import { importAiPack } from '../engine/ai-pack/ai-pack-import.js';
import { aiPackStatus } from '../engine/ai-pack/ai-pack-status.js';
import { defaultHome } from '../engine/paths.js';
import { parseCommand } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

export const MODELS_USAGE = `culler models — the optional AI pack (CLIP, LAION aesthetic head, SigLIP, ViT NSFW)

Usage:
  culler models status [--verify] [--json] [--home <dir>]
                                                   what is installed (--verify: check every sha256),
                                                   and which pinned revisions, sizes and sha256 no
                                                   public material was found for
  culler models install [--base-url <url>] [--home <dir>]
                                                   download the pack (resumes; verified; atomic)
  culler models import <folder|file.tar> [--home <dir>]
                                                   install from a copy, for machines offline

The pack is about 1 GB. Without it, every result still has the embedded level's values; the
semantic dimensions, AI tags, the content cross-check and custom scales stay unavailable.
`;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** culler models …; exit code 0 on success, 1 on a failed install or a pack not fully installed, 2 on usage. */
export async function runModels(args: string[], streams: CliStreams): Promise<number> {
  const { stdout, stderr } = streams;
  const parsed = parseCommand(args, { home: { type: 'string' }, verify: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, 'base-url': { type: 'string' } }, { name: 'culler models', usage: MODELS_USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  const [verb, ...rest] = positionals;
  if (!verb) {
    stdout.write(MODELS_USAGE);
    return 2;
  }
  const home = path.resolve(values.home ?? defaultHome());

  switch (verb) {
    case 'status': {
      const status = await aiPackStatus(home, { verifySha256: values.verify });
      if (!status.ok) {
        stderr.write(`culler models: ${status.error.code}: ${status.error.message}\n`);
        return 1;
      }
      if (values.json) {
        stdout.write(`${JSON.stringify({ components: status.value })}\n`);
        return status.value.every((component) => component.state === 'installed') ? 0 : 1;
      }
      for (const component of status.value) {
        stdout.write(`${component.id.padEnd(26)} ${component.state.padEnd(10)} ${component.reason ?? component.directory}\n`);
        for (const line of component.untraced) stdout.write(`${''.padEnd(26)} untraced   ${line}\n`);
      }
      const untraced = status.value.reduce((sum, component) => sum + component.untraced.length, 0);
      const pins = status.value.reduce((sum, component) => sum + component.provenance.length, 0);
      stdout.write(
        `provenance: ${pins - untraced} of ${pins} pinned revisions, sizes and sha256 traced to public material (cited in models/ai-pack.json)` +
          `${untraced ? `; ${untraced} untraced: they stand on the publisher's server alone, and every download is still checked against them` : ''}\n`,
      );
      return status.value.every((component) => component.state === 'installed') ? 0 : 1;
    }
    case 'install': {
      const onProgress = stderr.isTTY
        ? (progress: { component: string; file: string; overallBytesDone: number; overallBytesTotal: number }): void => {
            stderr.write(`\r\x1b[2K${megabytes(progress.overallBytesDone)}/${megabytes(progress.overallBytesTotal)} MB  ${progress.component}/${progress.file}`);
          }
        : undefined;
      const result = await downloadAiPack({ home, ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}), ...(onProgress ? { onProgress } : {}) });
      if (stderr.isTTY) stderr.write('\r\x1b[2K');
      if (!result.ok) {
        stderr.write(`culler models: ${result.error.code}: ${result.error.message}\n`);
        return 1;
      }
      stdout.write(`installed: ${result.value.installed.map((component) => component.id).join(', ') || 'nothing new'}\n`);
      if (result.value.alreadyInstalled.length) stdout.write(`already installed: ${result.value.alreadyInstalled.join(', ')}\n`);
      return 0;
    }
    case 'import': {
      const [from] = rest;
      if (!from) {
        stderr.write('culler models import: name a folder or a .tar archive\n');
        return 2;
      }
      const result = await importAiPack(home, path.resolve(from));
      if (!result.ok) {
        stderr.write(`culler models: ${result.error.code}: ${result.error.message}\n`);
        return 1;
      }
      stdout.write(`installed: ${result.value.installed.map((component) => component.id).join(', ') || 'nothing'}\n`);
      if (result.value.notInSource.length) stdout.write(`not in ${from}: ${result.value.notInSource.join(', ')}\n`);
      for (const file of result.value.unverified) stdout.write(`no published sha256 for ${file.component}/${file.file}: recorded ${file.sha256}\n`);
      return 0;
    }
    default:
      stderr.write(`culler models: unknown verb '${verb}'\n\n${MODELS_USAGE}`);
      return 2;
  }
}
