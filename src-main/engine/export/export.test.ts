import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOnlyFolder, tinyDisk } from '../../../test-support/constrained-folders.js';
import { corpusFile, temporaryFolder } from '../../../test-support/corpus.js';
import { exiftoolReads, sha256Of } from '../../../test-support/exiftool-cli.js';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { CullOutRepo } from '../catalog/cull-out.repo.js';
import { LibraryRepo } from '../catalog/library.repo.js';
import { endExiftool } from '../exiftool/exiftool-process.js';
import { SidecarWriter } from '../sidecars/sidecar-writer.js';
import { DEFAULT_AUTO_CULL } from '../sidecars/xmp-marks.js';
import { CatalogExport } from './catalog-export.js';
import { photosCsv } from './export-csv.js';
import { exportPhotos } from './export-files.js';

const engine = useTestEngine({ models: false, aiPack: false });
const folder = temporaryFolder('culler-export-');
afterAll(async () => {
  await endExiftool();
  folder.remove();
});

let shoots = 0;
/** A rated shoot of three photos with sidecars: 1 picked, 2 rejected, 3 unflagged with 2 stars. */
async function shoot() {
  const base = path.join(folder.dir, `shoot-${++shoots}`);
  const dir = path.join(base, 'photos');
  const dest = path.join(base, 'out');
  mkdirSync(dir, { recursive: true });
  mkdirSync(dest);
  const names = [['obama.jpg', 'IMG_0001.JPG'], ['biden.jpg', 'IMG_0002.JPG'], ['img1.jpg', 'IMG_0003.JPG']];
  const paths = names.map(([from, to]) => {
    copyFileSync(corpusFile('faces', from!), path.join(dir, to!));
    return path.join(dir, to!);
  });
  await engine().rateFiles(paths, () => {});
  const library = new LibraryRepo(engine().catalog.database, engine().analysisKey);
  const records = new CullOutRepo(engine().catalog.database);
  const ids = paths.map((file) => library.photoFileByPath(file)!.id);
  library.setCull([ids[0]!], { mark: 'pick', label: 'green' });
  library.setCull([ids[1]!], { mark: 'reject' });
  library.setCull([ids[2]!], { stars: 2 });
  const writer = new SidecarWriter(library, records);
  await writer.write(ids, { naming: 'adobe', autoCull: DEFAULT_AUTO_CULL });
  const exporter = new CatalogExport(library, records, writer);
  return { dir, dest, paths, ids, library, records, exporter, hashes: paths.map(sha256Of) };
}

describe('export', () => {
  it('copies exactly the picks with their sidecars, never overwrites (suffix, or skip), and leaves the originals', async () => {
    const s = await shoot();
    writeFileSync(path.join(s.dest, 'IMG_0001.JPG'), 'somebody else’s file');
    const picks = [s.ids[0]!];
    const copy = (onCollision: 'suffix' | 'skip', dryRun = false) =>
      exportPhotos({ groups: s.exporter.groups(picks), destination: s.dest, sources: [s.dir], mode: 'copy', onCollision, dryRun });

    const dry = await copy('suffix', true);
    expect(dry).toMatchObject({ dryRun: true, exported: 1, failed: 0 });
    expect(dry.files.map((file) => path.basename(file.destination))).toEqual(['IMG_0001-1.JPG', 'IMG_0001-1.xmp']);
    expect(readdirSync(s.dest)).toEqual(['IMG_0001.JPG']);

    const copied = await copy('suffix');
    expect(copied).toMatchObject({ exported: 1, skipped: 0, failed: 0, exportId: null });
    expect(readdirSync(s.dest).sort()).toEqual(['IMG_0001-1.JPG', 'IMG_0001-1.xmp', 'IMG_0001.JPG']);
    expect(sha256Of(path.join(s.dest, 'IMG_0001-1.JPG'))).toBe(s.hashes[0]);
    expect(exiftoolReads(path.join(s.dest, 'IMG_0001-1.xmp'))).toMatchObject({ 'XMP-culler:Pick': 'pick', 'XMP-xmp:Label': 'Green' });
    expect((await import('node:fs')).readFileSync(path.join(s.dest, 'IMG_0001.JPG'), 'utf8')).toBe('somebody else’s file');

    const skipped = await copy('skip');
    expect(skipped).toMatchObject({ exported: 0, skipped: 1 });
    expect(readdirSync(s.dest)).toHaveLength(3);
    expect(s.paths.map(sha256Of)).toEqual(s.hashes);
  });

  it('keeps a RAW+JPEG pair and its sidecar together under one suffix', async () => {
    const base = path.join(folder.dir, 'pair');
    const dest = path.join(base, 'out');
    mkdirSync(path.join(base, 'in'), { recursive: true });
    mkdirSync(dest);
    const raw = path.join(base, 'in', 'IMG_0100.CR2');
    const jpeg = path.join(base, 'in', 'IMG_0100.JPG');
    const xmp = path.join(base, 'in', 'IMG_0100.xmp');
    copyFileSync(corpusFile('raw', 'canon-eos-1ds-mark3-truncated.cr2'), raw);
    copyFileSync(corpusFile('faces', 'obama.jpg'), jpeg);
    writeFileSync(xmp, '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>');
    writeFileSync(path.join(dest, 'IMG_0100.xmp'), 'taken');
    const summary = await exportPhotos({ groups: [{ photoId: null, files: [raw, jpeg], sidecars: [xmp] }], destination: dest, sources: [path.join(base, 'in')], mode: 'copy', onCollision: 'suffix', dryRun: false });
    expect(summary.files.map((file) => [path.basename(file.destination), file.kind])).toEqual([
      ['IMG_0100-1.CR2', 'photo'],
      ['IMG_0100-1.JPG', 'partner'],
      ['IMG_0100-1.xmp', 'sidecar'],
    ]);
    expect(sha256Of(path.join(dest, 'IMG_0100-1.CR2'))).toBe(sha256Of(raw));
  });

  it('moves copy-verify-delete, records every move, carries the marks along, and undo puts everything back', async () => {
    const s = await shoot();
    const notRejected = [s.ids[0]!, s.ids[2]!];
    const moved = await exportPhotos({ groups: s.exporter.groups(notRejected), destination: s.dest, sources: [s.dir], mode: 'move', onCollision: 'suffix', dryRun: false, book: s.exporter.book('move', s.dest) });
    expect(moved).toMatchObject({ exported: 2, failed: 0 });
    expect(moved.exportId).toEqual(expect.any(Number));
    expect(readdirSync(s.dir).sort()).toEqual(['IMG_0002.JPG', 'IMG_0002.xmp']);
    expect(readdirSync(s.dest).sort()).toEqual(['IMG_0001.JPG', 'IMG_0001.xmp', 'IMG_0003.JPG', 'IMG_0003.xmp']);
    expect(sha256Of(path.join(s.dest, 'IMG_0001.JPG'))).toBe(s.hashes[0]);
    expect(s.library.summaries([s.ids[0]!])[0]).toMatchObject({ path: path.join(s.dest, 'IMG_0001.JPG'), mark: 'pick', label: 'green' });
    expect(s.records.moves(moved.exportId!)).toHaveLength(4);

    const undone = await s.exporter.undo(moved.exportId!);
    expect(undone).toMatchObject({ restored: 4, failures: [] });
    expect(readdirSync(s.dest)).toEqual([]);
    expect(readdirSync(s.dir).sort()).toEqual(['IMG_0001.JPG', 'IMG_0001.xmp', 'IMG_0002.JPG', 'IMG_0002.xmp', 'IMG_0003.JPG', 'IMG_0003.xmp']);
    expect(s.paths.map(sha256Of)).toEqual(s.hashes);
    expect(s.library.summaries([s.ids[0]!])[0]).toMatchObject({ path: s.paths[0], mark: 'pick', label: 'green' });
    expect(s.records.exportRecord(moved.exportId!)?.undoneAt).not.toBeNull();
    // Undoing twice changes nothing.
    expect(await s.exporter.undo(moved.exportId!)).toMatchObject({ restored: 0, failures: [] });
  });

  it('writes the CSV a spreadsheet opens', async () => {
    const s = await shoot();
    const csv = photosCsv(s.library.summaries(s.ids)).trim().split('\n');
    expect(csv[0]).toBe('path,mark,stars,label,score,rating,verdict,issues,tags');
    expect(csv).toHaveLength(4);
    expect(csv[1]).toMatch(new RegExp(`^${s.paths[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},pick,0,green,\\d+\\.\\d,(High|Medium|Low),`));
    expect(csv[2]).toContain(',reject,0,,');
  });

  describe('bad input: a typed error, nothing copied, nothing moved', () => {
    const attempt = async (s: Awaited<ReturnType<typeof shoot>>, destination: string, mode: 'copy' | 'move' = 'move') =>
      exportPhotos({ groups: s.exporter.groups(s.ids), destination, sources: [s.dir], mode, onCollision: 'suffix', dryRun: false, book: s.exporter.book(mode, destination) }).then(
        () => null,
        (error: { code: string }) => error.code,
      );

    it('a destination that is missing, or inside the source', async () => {
      const s = await shoot();
      expect(await attempt(s, path.join(s.dest, 'nope'))).toBe('destination_missing');
      mkdirSync(path.join(s.dir, 'picks'));
      expect(await attempt(s, path.join(s.dir, 'picks'))).toBe('destination_inside_source');
      expect(await attempt(s, s.dir)).toBe('destination_inside_source');
      expect(s.paths.every((file) => existsSync(file))).toBe(true);
      expect(readdirSync(path.join(s.dir, 'picks'))).toEqual([]);
    });

    it('a read-only destination', async (context) => {
      const s = await shoot();
      const readOnly = readOnlyFolder(path.join(s.dest, 'read-only'));
      if (!readOnly) return context.skip('this machine cannot make a read-only folder');
      try {
        expect(await attempt(s, readOnly.dir)).toBe('destination_read_only');
        expect(s.paths.map(sha256Of)).toEqual(s.hashes);
      } finally {
        readOnly.release();
      }
    });

    it('a destination disk too small: refused before copying, or stopped at the photo that filled it', async (context) => {
      const s = await shoot();
      const disk = tinyDisk(path.join(s.dest, 'tiny'), 16 * 1024);
      if (!disk) return context.skip('needs root to mount a small tmpfs');
      try {
        expect(await attempt(s, disk.dir)).toBe('disk_full');
        expect(readdirSync(disk.dir)).toEqual([]);
        expect(s.paths.map(sha256Of)).toEqual(s.hashes);
      } finally {
        disk.release();
      }
    });

    it('a file that vanished: that photo fails with file_vanished, its partial copies removed, the others export', async () => {
      const s = await shoot();
      const groups = s.exporter.groups(s.ids);
      (await import('node:fs')).rmSync(s.paths[1]!);
      const summary = await exportPhotos({ groups, destination: s.dest, sources: [s.dir], mode: 'move', onCollision: 'suffix', dryRun: false, book: s.exporter.book('move', s.dest) });
      expect(summary).toMatchObject({ exported: 2, failed: 1 });
      expect(summary.failures[0]).toMatchObject({ code: 'file_vanished', path: s.paths[1] });
      expect(readdirSync(s.dest).sort()).toEqual(['IMG_0001.JPG', 'IMG_0001.xmp', 'IMG_0003.JPG', 'IMG_0003.xmp']);
      // The sidecar of the vanished photo stayed where it was: nothing half-moved.
      expect(existsSync(path.join(s.dir, 'IMG_0002.xmp'))).toBe(true);
    });
  });
});
