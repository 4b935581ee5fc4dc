import path from 'node:path';
import { CullingEngine, type FileRating } from '../engine/engine.js';
import { collectFiles } from '../engine/files/collect-files.js';
import { burstGroups, resultGroups, type BurstGroup, type RatedPhoto } from '../engine/grouping/burst-groups.js';
import { parseCommand, usageError } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

const USAGE = `Usage: culler group <files|folders...> [--json] [--home DIR] [-r] [--no-models]

Groups near-identical shots (bursts) and names the best frame of each, with the reason.
Photos are rated first (unchanged files come from the catalog).

  --json        one JSON object per group: {"group": id, "files": [...], "best": path, "reason": "..."};
                a photo that stands alone is a group of one
  --home <dir>  where the catalog and thumbnails live
  -r, --recursive   descend into sub-folders
  --no-models   pixels only: no faces, so no eyes in the choice of the best frame
`;

/** Rates the inputs and groups what rated; failures are listed on stderr (exit 1). */
export async function rateAndGroup(
  inputs: string[],
  options: { home?: string; recursive: boolean; models: boolean },
  stderr: NodeJS.WritableStream,
): Promise<{ ratings: FileRating[]; groups: BurstGroup[]; failed: number }> {
  const collected = await collectFiles(inputs, { recursive: options.recursive });
  const engine = CullingEngine.open({ home: options.home, models: options.models });
  let ratings: FileRating[];
  try {
    ratings = await engine.rateFiles(collected.files, () => {});
  } finally {
    await engine.close();
  }
  let failed = collected.errors.length;
  for (const missing of collected.errors) stderr.write(`culler: ${missing.path}: ${missing.error.message}\n`);
  const rated: RatedPhoto[] = [];
  for (const rating of ratings) {
    if (rating.ok) rated.push({ key: rating.path, path: rating.path, result: rating.result });
    else {
      failed++;
      stderr.write(`culler: ${rating.path}: ${rating.error.code}: ${rating.error.message}\n`);
    }
  }
  return { ratings, groups: burstGroups(rated), failed };
}

/** Adds each result's `group` field (for `culler rate --group`). */
export function withGroups(ratings: FileRating[], groups: BurstGroup[]): FileRating[] {
  const byPath = resultGroups(groups);
  return ratings.map((rating) => (rating.ok ? { ...rating, result: { ...rating.result, group: byPath.get(rating.path) ?? null } } : rating));
}

export async function runGroup(args: string[], streams: CliStreams): Promise<number> {
  const cli = { name: 'culler', usage: USAGE, streams };
  const parsed = parseCommand(
    args,
    {
      json: { type: 'boolean', default: false },
      home: { type: 'string' },
      recursive: { type: 'boolean', short: 'r', default: false },
      'no-models': { type: 'boolean', default: false },
    },
    cli,
  );
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  if (positionals.length === 0) return usageError(cli, 'name at least one file or folder to group');
  const { groups, failed } = await rateAndGroup(positionals, { home: values.home, recursive: values.recursive, models: !values['no-models'] }, streams.stderr);
  for (const group of groups) {
    if (values.json) {
      streams.stdout.write(`${JSON.stringify({ group: group.id, files: group.keys, best: group.best, reason: group.reason })}\n`);
      continue;
    }
    const names = group.keys.map((key) => (key === group.best ? `[${path.basename(key)}]` : path.basename(key)));
    streams.stdout.write(`group ${group.id} (${group.keys.length}): ${names.join(' ')}\n  best: ${path.basename(group.best)} — ${group.reason}\n`);
  }
  const bursts = groups.filter((group) => group.keys.length > 1).length;
  streams.stderr.write(`culler: ${groups.length} group${groups.length === 1 ? '' : 's'}, ${bursts} of two or more frames, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
