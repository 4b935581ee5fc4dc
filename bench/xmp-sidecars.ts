// XMP sidecar writes through the one exiftool process: N photos (copies of one corpus JPEG, rated
// once, the rest catalog hits), then three passes over all of them — create the sidecars, merge a
// mark change into every existing sidecar, and a pass where nothing changed (read, compare, skip) —
// and an export copy of them all. Reports ms per photo for each.
//
//   npm run bench:xmp [-- --photos 200]
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CullOutRepo } from '../src-main/engine/catalog/cull-out.repo.js';
import { LibraryRepo } from '../src-main/engine/catalog/library.repo.js';
import { CullingEngine } from '../src-main/engine/engine.js';
import { endExiftool } from '../src-main/engine/exiftool/exiftool-process.js';
import { CatalogExport } from '../src-main/engine/export/catalog-export.js';
import { exportPhotos } from '../src-main/engine/export/export-files.js';
import { SidecarWriter } from '../src-main/engine/sidecars/sidecar-writer.js';
import { DEFAULT_AUTO_CULL } from '../src-main/engine/sidecars/xmp-marks.js';
import { CORPUS_DIR } from './bench-common.js';

const { values } = parseArgs({ options: { photos: { type: 'string', default: '200' } } });
const count = Number(values.photos);
const root = mkdtempSync(path.join(os.tmpdir(), 'culler-bench-xmp-'));
const shoot = path.join(root, 'shoot');
const out = path.join(root, 'out');
mkdirSync(shoot);
mkdirSync(out);
const files = Array.from({ length: count }, (_, index) => {
  const file = path.join(shoot, `IMG_${String(index).padStart(4, '0')}.jpg`);
  copyFileSync(path.join(CORPUS_DIR, 'obama.jpg'), file);
  return file;
});
const engine = CullingEngine.open({ home: path.join(root, 'home'), models: false, aiPack: false });
try {
  await engine.rateFiles(files, () => {});
  const library = new LibraryRepo(engine.catalog.database, engine.analysisKey);
  const records = new CullOutRepo(engine.catalog.database);
  const writer = new SidecarWriter(library, records);
  const ids = files.map((file) => library.photoFileByPath(file)!.id);
  const settings = { naming: 'adobe' as const, autoCull: DEFAULT_AUTO_CULL };
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    const ms = performance.now() - start;
    console.log(`${label.padEnd(34)} ${(ms / 1000).toFixed(2)} s  ${(ms / count).toFixed(1)} ms/photo`);
  };
  library.setCull(ids, { mark: 'pick', stars: 3 });
  await writer.write(ids.slice(0, 1), settings); // exiftool start-up, not counted
  await timed(`create ${count} sidecars`, () => writer.write(ids, settings));
  library.setCull(ids, { label: 'green' });
  await timed(`merge a label into ${count}`, () => writer.write(ids, settings));
  await timed(`${count} unchanged (read, skip)`, () => writer.write(ids, settings));
  const exporter = new CatalogExport(library, records, writer);
  await timed(`export-copy ${count} with sidecars`, () =>
    exportPhotos({ groups: exporter.groups(ids), destination: out, sources: [shoot], mode: 'copy', onCollision: 'suffix', dryRun: false }),
  );
} finally {
  await endExiftool();
  await engine.close();
  rmSync(root, { recursive: true, force: true });
}
