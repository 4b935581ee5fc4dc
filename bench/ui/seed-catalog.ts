import { mkdir, realpath, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { LibraryRepo } from '../../src-main/engine/catalog/library.repo.js';
import { CullingEngine } from '../../src-main/engine/engine.js';

export type SeededCatalog = { folder: string; rows: number; distinctImages: number; rateSeconds: number; linkSeconds: number };

/**
 * A library of `rows` photos, built fast and for real: the engine rates each distinct image once
 * (models off, as `culler serve --no-models` will read it, so the analysis keys match), then the
 * folder is filled with `rows` symbolic links to those images and each link becomes a photo row
 * through the catalog's own functions: `Catalog.linkPhoto` (a path pointing at already-rated
 * bytes, what a cache hit under a new path does) and `LibraryRepo.addFolder`/`assignFolder` (what
 * the import queue does after rating). No SQL is written here.
 *
 * Links, not copies: the server's start-up scan stats every file of the folder and must find each
 * row unchanged (same size and modification time, which `stat` reads through the link), or it
 * would queue all of them for rating again. 10,000 copies would cost disk and time for nothing.
 */
export async function seedLargeCatalog(options: { home: string; folder: string; images: string[]; rows: number; log: (line: string) => void }): Promise<SeededCatalog> {
  const engine = CullingEngine.open({ home: options.home, models: false, log: () => {} });
  try {
    const startRate = performance.now();
    const rated: Array<{ file: string; hash: string; fileSize: number; mtimeMs: number }> = [];
    for (const file of options.images) {
      const rating = await engine.rateFile(file);
      if (!rating.ok) throw new Error(`seeding: ${file} failed to rate: ${rating.error.code}: ${rating.error.message}`);
      const info = await stat(file);
      rated.push({ file, hash: rating.result.image_hash, fileSize: info.size, mtimeMs: info.mtimeMs });
    }
    const rateSeconds = (performance.now() - startRate) / 1000;
    options.log(`  rated ${rated.length} distinct images in ${rateSeconds.toFixed(1)} s (engine, models off)`);

    const startLink = performance.now();
    await mkdir(options.folder, { recursive: true });
    // The service stores a folder by its real path; the links must live under that same spelling.
    const folder = await realpath(options.folder);
    const links: Array<{ path: string; image: (typeof rated)[number] }> = [];
    for (let index = 0; index < options.rows; index++) {
      const image = rated[index % rated.length]!;
      const link = path.join(folder, `photo-${String(index + 1).padStart(5, '0')}.jpg`);
      await symlink(image.file, link);
      links.push({ path: link, image });
    }
    const repo = new LibraryRepo(engine.catalog.database, engine.analysisKey);
    const libraryFolder = repo.addFolder(folder);
    repo.transaction(() => {
      for (const link of links) {
        engine.catalog.linkPhoto({ path: link.path, fileSize: link.image.fileSize, mtimeMs: link.image.mtimeMs }, link.image.hash);
        repo.assignFolder(link.path, libraryFolder.id);
      }
    });
    const linkSeconds = (performance.now() - startLink) / 1000;
    options.log(`  linked ${links.length} photo rows in ${linkSeconds.toFixed(1)} s (symlinks + Catalog.linkPhoto + LibraryRepo.assignFolder)`);
    return { folder, rows: links.length, distinctImages: rated.length, rateSeconds, linkSeconds };
  } finally {
    await engine.close();
  }
}
