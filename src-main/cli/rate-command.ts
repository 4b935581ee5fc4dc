import path from 'node:path';
import { z } from 'zod';
import { MEBIBYTE } from '../engine/config.js';
import { CullingEngine, type FileRating } from '../engine/engine.js';
import { toErrorInfo } from '../engine/errors.js';
import { collectFiles } from '../engine/files/collect-files.js';
import { burstGroups } from '../engine/grouping/burst-groups.js';
import { modelsToPrepare } from '../engine/models/model-store.js';
import { homeLayout } from '../engine/paths.js';
import { MODEL_ANALYZERS } from '../engine/rating/analyzers.js';
import { withGroups } from './group-command.js';
import { SHOOT_PROFILES } from '../../src-preload/contract/rating-result.js';
import { csvHeader, csvLine, jsonLine, tableHeader, tableLine, type OutputFormat } from './output-formats.js';
import { ProgressBar } from './progress-bar.js';

export const rateOptionsSchema = z.object({
  inputs: z.array(z.string().min(1)).min(1, 'name at least one file or folder to rate'),
  recursive: z.boolean(),
  format: z.enum(['json', 'csv', 'table']),
  home: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(64).optional(),
  maxFileMb: z.coerce.number().positive().max(4096).optional(),
  maxMegapixels: z.coerce.number().positive().max(10_000).optional(),
  progress: z.boolean(),
  models: z.boolean(),
  verbose: z.boolean(),
  /** Group bursts and add each result's `group` field; the output then waits for every photo. */
  group: z.boolean().optional(),
  /** Judge this run's results under this shoot profile; default: the library's. */
  profile: z.enum(SHOOT_PROFILES).optional(),
});

export type RateOptions = z.infer<typeof rateOptionsSchema>;

export type CliStreams = { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream };

/** One line on what ran the models, so the user can see whether a GPU was used and why not. */
function describeModels(engine: CullingEngine): string {
  if (!engine.models) return 'models off: faces and content were not analysed';
  const used = new Map<string, string[]>();
  for (const analyzer of engine.analyzers) {
    if (!analyzer.model) continue;
    if (analyzer.level !== 'embedded') continue;
    const provider = engine.models.providerOf(analyzer.model.split('@')[0]!);
    const key = provider ? `on ${provider}` : 'not loaded (no photo needed it)';
    used.set(key, [...(used.get(key) ?? []), analyzer.id]);
  }
  const ran = [...used].map(([where, ids]) => `${ids.join(' + ')} ${where}`).join('; ') || 'no model-backed analyzer installed';
  const unavailable = engine.models.providers.filter((entry) => !entry.available).map((entry) => `${entry.provider}: ${entry.reason}`);
  return `models: ${ran}${unavailable.length ? ` (not available: ${unavailable.join('; ')})` : ''}`;
}

function openEngine(options: RateOptions, stderr: CliStreams['stderr']): CullingEngine {
  return CullingEngine.open({
    home: options.home,
    models: options.models,
    log: options.verbose ? (message) => stderr.write(`culler: ${message}\n`) : undefined,
    config: {
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      limits: {
        ...(options.maxFileMb ? { maxFileBytes: Math.round(options.maxFileMb * MEBIBYTE) } : {}),
        ...(options.maxMegapixels ? { maxPixels: Math.round(options.maxMegapixels * 1_000_000) } : {}),
      } as never,
    },
  });
}

/** Without --group each photo is rated on its own: its `group` is null, and the result says why. */
function ungrouped(rating: FileRating): FileRating {
  if (!rating.ok) return rating;
  const reason = 'not grouped: `culler rate --group` (or `culler group`) groups the photos rated together into bursts';
  return { ...rating, result: { ...rating.result, group: null, unavailable: [...rating.result.unavailable, { field: 'group', reason }] } };
}

/** Rates every input; exit code 0 when all files were rated, 1 when any failed. */
export async function runRate(options: RateOptions, streams: CliStreams): Promise<number> {
  const { stdout, stderr } = streams;
  const collected = await collectFiles(options.inputs, { recursive: options.recursive });
  let engine: CullingEngine;
  try {
    engine = openEngine(options, stderr);
  } catch (error) {
    // The home or its catalog cannot be used (read-only, damaged, too new…): one sentence, no stack.
    const info = toErrorInfo(error);
    stderr.write(`culler: ${info.code}: ${info.message}\n`);
    return 1;
  }

  // The first run converts the bundled models to ONNX (seconds each); say so rather than seem stuck.
  if (engine.models && collected.files.length > 0) {
    const installed = new Set(engine.analyzers.map((analyzer) => analyzer.id));
    const ids = MODEL_ANALYZERS.filter((analyzer) => installed.has(analyzer.id)).flatMap((analyzer): string[] => [...analyzer.models]);
    const cacheDir = homeLayout(engine.home).modelCacheDir;
    const pending = modelsToPrepare(cacheDir, ids);
    if (pending.length) stderr.write(`culler: preparing the models for their first use (${pending.join(', ')}); later runs load them from ${cacheDir}\n`);
  }

  const format: OutputFormat = options.format;
  const write = (line: string): void => {
    progress.clear();
    stdout.write(`${line}\n`);
  };
  const progress = new ProgressBar(stderr, collected.files.length, options.progress && Boolean(stderr.isTTY) && collected.files.length > 1);
  const startedAt = performance.now();
  let failed = 0;
  let cached = 0;
  let diskFull = 0;

  try {
    if (format === 'csv') write(csvHeader());
    if (format === 'table') write(tableHeader());
    const render = (rating: FileRating): string => (format === 'json' ? jsonLine(rating) : format === 'csv' ? csvLine(rating) : tableLine(rating));
    for (const missing of collected.errors) {
      failed++;
      write(render({ ok: false, path: missing.path, error: missing.error }));
    }
    let done = 0;
    const ratings = await engine.rateFiles(
      collected.files,
      (rating) => {
      done++;
      if (!rating.ok) {
        failed++;
        if (rating.error.code === 'disk_full') diskFull++;
      } else if (rating.cached) cached++;
      if (!options.group) write(render(ungrouped(rating)));
      progress.update(done, path.basename(rating.path));
      },
      { profile: options.profile },
    );
    if (options.group) {
      const rated = ratings.flatMap((rating) => (rating.ok ? [{ key: rating.path, path: rating.path, result: rating.result }] : []));
      for (const rating of withGroups(ratings, burstGroups(rated))) write(render(rating));
    }
  } finally {
    progress.clear();
    await engine.close();
  }

  const seconds = (performance.now() - startedAt) / 1000;
  const rated = collected.files.length - (failed - collected.errors.length);
  const parts = [
    `rated ${rated} photo${rated === 1 ? '' : 's'}${cached ? ` (${cached} unchanged, from the catalog)` : ''}`,
    `${failed} failed`,
    `${seconds.toFixed(1)} s`,
  ];
  if (collected.skipped.length) parts.push(`${collected.skipped.length} non-image file${collected.skipped.length === 1 ? '' : 's'} skipped`);
  stderr.write(`culler: ${parts.join(', ')}; catalog: ${engine.home}\n`);
  if (diskFull > 0) {
    stderr.write(
      `culler: disk_full: the disk holding ${engine.home} is full; ${diskFull} photo${diskFull === 1 ? ' was' : 's were'} not rated and nothing was recorded against ${diskFull === 1 ? 'it' : 'them'}: free some space and run the same command again\n`,
    );
  }
  stderr.write(`culler: judged as ${options.profile ?? engine.profile}${options.profile ? '' : " (the library's profile; --profile portfolio|wedding|landscape)"}\n`);
  stderr.write(`culler: ${describeModels(engine)}\n`);
  stderr.write(
    `culler: ${engine.aiPack.installed ? `AI pack: installed (${engine.aiPack.label}): scores, dimensions and tags by the AI level` : `embedded level only: ${engine.aiPack.reason}`}\n`,
  );
  return failed > 0 ? 1 : 0;
}
