import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { COLOR_LABELS, SIDECAR_NAMINGS, type ColorLabel, type CullMark, type PhotoSummary, type XmpSettings } from '../../src-preload/contract/library-types.js';
import { CullOutRepo } from '../engine/catalog/cull-out.repo.js';
import { LibraryRepo } from '../engine/catalog/library.repo.js';
import { CullingEngine } from '../engine/engine.js';
import { toErrorInfo } from '../engine/errors.js';
import { endExiftool } from '../engine/exiftool/exiftool-process.js';
import { CatalogExport } from '../engine/export/catalog-export.js';
import { embedMarksInJpegCopies } from '../engine/export/embed-marks.js';
import { formatBytes } from '../engine/export/export-destination.js';
import { photosCsv } from '../engine/export/export-csv.js';
import { exportPhotos } from '../engine/export/export-files.js';
import { SidecarWriter, type SidecarSummary } from '../engine/sidecars/sidecar-writer.js';
import { autoCullMarks, hasUserMarks } from '../engine/sidecars/xmp-marks.js';
import { readSettings } from '../service/settings-store.js';
import { parseCommand } from './parse-command.js';
import type { CliStreams } from './rate-command.js';

export const MARK_USAGE = `culler mark <files...> [--pick|--reject|--unflag] [--stars 0-5] [--label red|yellow|green|blue|purple|none]

Sets culling marks in the catalog (the same rows the app shows) and, while the setting "Write XMP
sidecars" is on (the default), writes each photo's XMP sidecar. A file the catalog does not know
yet is rated first.

Options:
      --pick | --reject | --unflag   the flag
      --stars <0-5>                  stars (0 clears)
      --label <colour|none>          colour label
      --no-xmp                       leave the sidecars alone this time
      --no-models                    scores of (and rating unknown files with) the pixel analyzers only,
                                     as culler rate --no-models
      --home <dir>                   where the catalog lives (default: $CULLER_HOME or the user data folder)

Exit status: 0 when every file was marked, 1 when any failed, 2 for a usage error.
`;

export const EXPORT_USAGE = `culler export <folders...> [--xmp] [--to DEST [--copy|--move] …] [--csv FILE]
culler export --undo ID

Works on the rated photos at or under the folders (culler rate or the app rated them).

  --xmp                       write (merge) every selected photo's XMP sidecar now
  --to <dest>                 copy (default) or --move the photos, with their RAW/JPEG partners
                              and sidecars, into an existing folder outside the sources
      --picks | --not-rejected | --min-stars <n> | --min-score <0-100>   which photos (AND-ed;
                              default all)
      --skip-existing         skip a photo whose name is taken (default: add -1, -2 …)
      --embed-xmp             copy mode: also write the marks into each JPEG copy's embedded XMP
                              (Lightroom reads that, not sidecars); originals are never written
      --dry-run               print what would be copied or moved; change nothing
  --csv <file>                path, mark, stars, label, score, rating, verdict, issues, tags per
                              photo ('-' for stdout); an existing file is not replaced
  --undo <id>                 move back the files of the move with this id (printed by --move)
  --naming adobe|darktable    sidecar names (default: the app's setting)
  --auto-cull                 unmarked photos get the auto-cull mapping in their sidecars
  --no-models                 read the scores of a rating made with culler rate --no-models
  --home <dir>                where the catalog lives

Exit status: 0 when everything asked for was done, 1 when anything failed, 2 for a usage error.
`;

function usageError(streams: CliStreams, message: string): number {
  streams.stderr.write(`culler: ${message}\n`);
  return 2;
}

function describeMarks(photo: PhotoSummary): string {
  const parts = [photo.mark ?? 'unflagged', `${photo.stars} star${photo.stars === 1 ? '' : 's'}`];
  if (photo.label) parts.push(`${photo.label} label`);
  return parts.join(', ');
}

function reportSidecars(streams: CliStreams, summary: SidecarSummary, library: LibraryRepo): void {
  for (const failed of summary.failed) {
    streams.stderr.write(`culler: sidecar for ${library.photoFile(failed.photoId)?.path ?? failed.photoId}: ${failed.error?.code}: ${failed.error?.message}\n`);
  }
  if (summary.adopted.length) streams.stdout.write(`took marks another app had written into ${summary.adopted.length} sidecar(s) into the catalog\n`);
}

type Opened = { engine: CullingEngine; library: LibraryRepo; records: CullOutRepo; sidecars: SidecarWriter };

async function withCatalog<T>(home: string | undefined, models: boolean, work: (opened: Opened) => Promise<T>): Promise<T> {
  const engine = CullingEngine.open({ home, models });
  const library = new LibraryRepo(engine.catalog.database, engine.analysisKey);
  const records = new CullOutRepo(engine.catalog.database);
  try {
    return await work({ engine, library, records, sidecars: new SidecarWriter(library, records) });
  } finally {
    await endExiftool();
    await engine.close();
  }
}

export async function runMark(args: string[], streams: CliStreams): Promise<number> {
  const parsed = parseCommand(args, {
    pick: { type: 'boolean', default: false },
    reject: { type: 'boolean', default: false },
    unflag: { type: 'boolean', default: false },
    stars: { type: 'string' },
    label: { type: 'string' },
    'no-xmp': { type: 'boolean', default: false },
    'no-models': { type: 'boolean', default: false },
    home: { type: 'string' },
  }, { name: 'culler', usage: MARK_USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  const flags = (['pick', 'reject', 'unflag'] as const).filter((flag) => values[flag]);
  if (flags.length > 1) return usageError(streams, 'choose one of --pick, --reject, --unflag');
  const stars = values.stars === undefined ? undefined : z.coerce.number().int().min(0).max(5).safeParse(values.stars);
  if (stars && !stars.success) return usageError(streams, `--stars takes a whole number from 0 to 5, not '${values.stars}'`);
  const labelText = values.label?.toLowerCase();
  if (labelText !== undefined && labelText !== 'none' && !COLOR_LABELS.includes(labelText as ColorLabel)) {
    return usageError(streams, `--label takes ${COLOR_LABELS.join(', ')} or none, not '${values.label}'`);
  }
  if (positionals.length === 0) return usageError(streams, `name at least one file to mark\n\n${MARK_USAGE}`);
  const change: { mark?: CullMark | null; stars?: number; label?: ColorLabel | null } = {};
  if (flags[0]) change.mark = flags[0] === 'unflag' ? null : flags[0];
  if (stars?.success) change.stars = stars.data;
  if (labelText !== undefined) change.label = labelText === 'none' ? null : (labelText as ColorLabel);
  if (Object.keys(change).length === 0) return usageError(streams, 'give --pick, --reject, --unflag, --stars or --label');

  return withCatalog(values.home, !values['no-models'], async ({ engine, library, sidecars }) => {
    let failed = 0;
    const ids: number[] = [];
    const files = positionals.map((file) => path.resolve(file));
    const unknown = files.filter((file) => !library.photoFileByPath(file));
    if (unknown.length) {
      await engine.rateFiles(unknown, (rating) => {
        if (!rating.ok) {
          failed++;
          streams.stderr.write(`culler: ${rating.path}: ${rating.error.code}: ${rating.error.message}\n`);
        } else streams.stdout.write(`${rating.path}: rated (score ${rating.result.score})\n`);
      });
    }
    for (const file of files) {
      const photo = library.photoFileByPath(file);
      if (!photo || photo.status === 'missing') {
        if (!unknown.includes(file)) {
          failed++;
          streams.stderr.write(`culler: ${file}: file_not_found: not in the catalog\n`);
        }
        continue;
      }
      ids.push(photo.id);
    }
    if (ids.length) library.setCull(ids, change);
    const settings = readSettings(library).xmp;
    const writeXmp = settings.writeSidecars && !values['no-xmp'];
    const summary = writeXmp ? await sidecars.write(ids, settings) : null;
    const failedIds = new Set(summary?.failed.map((entry) => entry.photoId));
    for (const photo of library.summaries(ids)) {
      const sidecar = writeXmp && !failedIds.has(photo.id) ? `; sidecar ${sidecars.sidecarsOf(photo.id, settings.naming).map((file) => path.basename(file)).join(', ')}` : '';
      streams.stdout.write(`${photo.path}: ${describeMarks(photo)}${sidecar}\n`);
    }
    if (summary) reportSidecars(streams, summary, library);
    failed += summary?.failed.length ?? 0;
    streams.stderr.write(`culler: marked ${ids.length} photo${ids.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}${writeXmp ? '' : '; sidecars not written (setting off or --no-xmp)'}\n`);
    return failed > 0 ? 1 : 0;
  });
}

function selectPhotos(photos: PhotoSummary[], values: { picks?: boolean; 'not-rejected'?: boolean }, minStars: number | undefined, minScore: number | undefined): PhotoSummary[] {
  return photos.filter(
    (photo) =>
      (!values.picks || photo.mark === 'pick') &&
      (!values['not-rejected'] || photo.mark !== 'reject') &&
      (minStars === undefined || photo.stars >= minStars) &&
      (minScore === undefined || (photo.score !== null && photo.score >= minScore)),
  );
}

export async function runExport(args: string[], streams: CliStreams): Promise<number> {
  const parsed = parseCommand(args, {
    xmp: { type: 'boolean', default: false },
    to: { type: 'string' },
    copy: { type: 'boolean', default: false },
    move: { type: 'boolean', default: false },
    picks: { type: 'boolean', default: false },
    'not-rejected': { type: 'boolean', default: false },
    'min-stars': { type: 'string' },
    'min-score': { type: 'string' },
    'skip-existing': { type: 'boolean', default: false },
    'embed-xmp': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    csv: { type: 'string' },
    undo: { type: 'string' },
    naming: { type: 'string' },
    'auto-cull': { type: 'boolean', default: false },
    'no-models': { type: 'boolean', default: false },
    home: { type: 'string' },
  }, { name: 'culler', usage: EXPORT_USAGE, streams });
  if (!parsed.ok) return parsed.exit;
  const { values, positionals } = parsed;
  if (values.undo !== undefined) {
    const exportId = z.coerce.number().int().positive().safeParse(values.undo);
    if (!exportId.success) return usageError(streams, `--undo takes the id a move printed, not '${values.undo}'`);
    return withCatalog(values.home, false, async ({ library, records, sidecars }) => {
      try {
        const summary = await new CatalogExport(library, records, sidecars).undo(exportId.data);
        for (const failure of summary.failures) streams.stderr.write(`culler: ${failure.path}: ${failure.code}: ${failure.message}\n`);
        streams.stdout.write(`moved ${summary.restored} file${summary.restored === 1 ? '' : 's'} back${summary.failures.length ? `; ${summary.failures.length} could not be` : ''}\n`);
        return summary.failures.length ? 1 : 0;
      } catch (error) {
        const info = toErrorInfo(error);
        streams.stderr.write(`culler: ${info.code}: ${info.message}\n`);
        return 1;
      }
    });
  }
  if (positionals.length === 0) return usageError(streams, `name at least one folder\n\n${EXPORT_USAGE}`);
  if (!values.xmp && values.to === undefined && values.csv === undefined) return usageError(streams, 'give --xmp, --to DEST or --csv FILE');
  if (values.copy && values.move) return usageError(streams, 'choose one of --copy and --move');
  if ((values.copy || values.move || values['dry-run'] || values['skip-existing'] || values['embed-xmp']) && values.to === undefined) return usageError(streams, '--copy, --move, --dry-run, --skip-existing and --embed-xmp go with --to DEST');
  if (values['embed-xmp'] && values.move) return usageError(streams, '--embed-xmp writes into copies only (never into moved originals): use --copy');
  const minStars = values['min-stars'] === undefined ? undefined : z.coerce.number().int().min(0).max(5).safeParse(values['min-stars']);
  if (minStars && !minStars.success) return usageError(streams, `--min-stars takes 0 to 5, not '${values['min-stars']}'`);
  const minScore = values['min-score'] === undefined ? undefined : z.coerce.number().min(0).max(100).safeParse(values['min-score']);
  if (minScore && !minScore.success) return usageError(streams, `--min-score takes 0 to 100, not '${values['min-score']}'`);
  if (values.naming !== undefined && !SIDECAR_NAMINGS.includes(values.naming as never)) return usageError(streams, `--naming takes adobe or darktable, not '${values.naming}'`);
  const missing = positionals.filter((folder) => !existsSync(folder));
  if (missing.length) {
    streams.stderr.write(`culler: file_not_found: ${missing.join(', ')} does not exist\n`);
    return 1;
  }
  const folders = positionals.map((folder) => path.resolve(folder));

  return withCatalog(values.home, !values['no-models'], async ({ library, records, sidecars }) => {
    const all = library.summaries(records.photoIdsUnder(folders, path.sep));
    if (all.length === 0) {
      streams.stderr.write(`culler: no rated photos at or under ${folders.join(', ')}: run culler rate on them first\n`);
      return 1;
    }
    const chosen = selectPhotos(all, values, minStars?.success ? minStars.data : undefined, minScore?.success ? minScore.data : undefined);
    const stored = readSettings(library).xmp;
    const settings: XmpSettings = {
      ...stored,
      naming: (values.naming as XmpSettings['naming'] | undefined) ?? stored.naming,
      autoCull: { ...stored.autoCull, enabled: values['auto-cull'] || stored.autoCull.enabled },
    };
    let failed = 0;
    streams.stderr.write(`culler: ${chosen.length} of ${all.length} rated photos selected\n`);

    if (values.xmp || (values.to !== undefined && settings.writeSidecars && !values['dry-run'])) {
      const summary = await sidecars.write(chosen.map((photo) => photo.id), settings);
      reportSidecars(streams, summary, library);
      failed += summary.failed.length;
      if (values.xmp) {
        for (const photo of library.summaries(chosen.map((entry) => entry.id))) {
          if (summary.failed.some((entry) => entry.photoId === photo.id)) continue;
          const auto = !hasUserMarks(photo) && settings.autoCull.enabled ? autoCullMarks(settings.autoCull, photo) : null;
          const marks = auto ? `auto-cull: ${describeMarks({ ...photo, ...auto })}` : describeMarks(photo);
          streams.stdout.write(`${sidecars.sidecarsOf(photo.id, settings.naming).join(', ')}: ${marks}\n`);
        }
        streams.stdout.write(`xmp: ${summary.written} written, ${summary.unchanged} already up to date, ${summary.failed.length} failed (${settings.naming} names)\n`);
      }
    }

    if (values.to !== undefined) {
      const mode = values.move ? 'move' : 'copy';
      const exporter = new CatalogExport(library, records, sidecars);
      const dryRun = values['dry-run'];
      try {
        const summary = await exportPhotos({
          groups: exporter.groups(chosen.map((photo) => photo.id)),
          destination: path.resolve(values.to),
          sources: folders,
          mode,
          onCollision: values['skip-existing'] ? 'skip' : 'suffix',
          dryRun,
          book: exporter.book(mode, path.resolve(values.to)),
          afterCopy: values['embed-xmp'] ? async (group, copied) => {
            const [photo] = group.photoId === null ? [] : library.summaries([group.photoId]);
            if (photo) await embedMarksInJpegCopies(photo, copied);
          } : undefined,
        });
        const done = mode === 'copy' ? 'copied' : 'moved';
        const verb = dryRun ? `would be ${done}` : done;
        for (const file of summary.files) streams.stdout.write(`${dryRun ? `would ${mode}` : done} ${file.source} -> ${file.destination}\n`);
        for (const failure of summary.failures) streams.stderr.write(`culler: ${failure.path}: ${failure.code}: ${failure.message}\n`);
        failed += summary.failed;
        streams.stdout.write(
          `${dryRun ? 'dry run: ' : ''}${summary.exported} photo${summary.exported === 1 ? '' : 's'} ${verb} (${summary.files.length} files, ${formatBytes(summary.bytes)}), ${summary.skipped} skipped (name taken), ${summary.failed} failed\n`,
        );
        if (summary.exportId !== null) streams.stdout.write(`undo with: culler export --undo ${summary.exportId}${values.home ? ` --home ${values.home}` : ''}\n`);
      } catch (error) {
        const info = toErrorInfo(error);
        streams.stderr.write(`culler: ${info.code}: ${info.message}\n`);
        return 1;
      }
    }

    if (values.csv !== undefined) {
      const csv = photosCsv(library.summaries(chosen.map((photo) => photo.id)));
      if (values.csv === '-') streams.stdout.write(csv);
      else {
        try {
          writeFileSync(values.csv, csv, { flag: 'wx' });
          streams.stdout.write(`csv: ${chosen.length} rows written to ${path.resolve(values.csv)}\n`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          streams.stderr.write(`culler: ${code === 'EEXIST' ? `${values.csv} exists; it was not replaced (choose another name)` : (error as Error).message}\n`);
          failed++;
        }
      }
    }
    return failed > 0 ? 1 : 0;
  });
}
