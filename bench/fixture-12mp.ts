import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';

/**
 * 12-megapixel JPEGs made from the corpus photos: each one is cover-cropped to 4:3 (or 3:4 when the
 * source stands upright), enlarged with lanczos3 and lightly sharpened so the files carry about
 * the detail, and the JPEG entropy, of a camera file rather than of a smooth enlargement.
 */
const PARAMS = {
  version: 1,
  longSidePx: 4000,
  shortSidePx: 3000,
  kernel: 'lanczos3',
  sharpenSigma: 0.8,
  jpegQuality: 90,
} as const;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff']);
const MANIFEST_NAME = 'manifest.json';

const ManifestSchema = z.object({
  params: z.object({
    version: z.number(),
    longSidePx: z.number(),
    shortSidePx: z.number(),
    kernel: z.string(),
    sharpenSigma: z.number(),
    jpegQuality: z.number(),
  }),
  sources: z.array(z.object({ name: z.string(), bytes: z.number() })),
  files: z.array(z.object({ name: z.string(), source: z.string(), width: z.number(), height: z.number(), bytes: z.number() })),
});
type Manifest = z.infer<typeof ManifestSchema>;
type SourceEntry = Manifest['sources'][number];
type FixtureEntry = Manifest['files'][number];

export type Fixture = {
  directory: string;
  /** Absolute paths, in a fixed order. */
  files: string[];
  entries: FixtureEntry[];
  totalBytes: number;
  /** True when the files were made in this run, false when the cached set was reused. */
  built: boolean;
  seconds: number;
};

export async function ensureFixture(corpusDir: string, fixtureDir: string): Promise<Fixture> {
  const started = performance.now();
  const sources = await listSources(corpusDir);
  if (sources.length === 0) throw new Error(`no images found in the corpus folder ${corpusDir}`);

  let entries = await reusableEntries(fixtureDir, sources);
  const built = entries === null;
  if (entries === null) {
    await rm(fixtureDir, { recursive: true, force: true });
    await mkdir(fixtureDir, { recursive: true });
    entries = await buildAll(corpusDir, fixtureDir, sources);
    const manifest: Manifest = { params: { ...PARAMS }, sources, files: entries };
    await writeFile(path.join(fixtureDir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return {
    directory: fixtureDir,
    files: entries.map((entry) => path.join(fixtureDir, entry.name)),
    entries,
    totalBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    built,
    seconds: (performance.now() - started) / 1000,
  };
}

async function listSources(corpusDir: string): Promise<SourceEntry[]> {
  let names: string[];
  try {
    names = await readdir(corpusDir);
  } catch (error) {
    throw new Error(`cannot read the corpus folder ${corpusDir}: ${(error as Error).message}`, { cause: error });
  }
  const images = names.filter((name) => IMAGE_EXTENSIONS.has(path.extname(name).toLowerCase())).sort();
  return Promise.all(images.map(async (name) => ({ name, bytes: (await stat(path.join(corpusDir, name))).size })));
}

/** The cached fixture, if its manifest was made from these sources with these settings and every file is intact. */
async function reusableEntries(fixtureDir: string, sources: SourceEntry[]): Promise<FixtureEntry[] | null> {
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(path.join(fixtureDir, MANIFEST_NAME), 'utf8')));
  } catch {
    return null;
  }
  if (JSON.stringify(manifest.params) !== JSON.stringify(PARAMS)) return null;
  if (JSON.stringify(manifest.sources) !== JSON.stringify(sources)) return null;
  if (manifest.files.length !== sources.length) return null;
  for (const entry of manifest.files) {
    try {
      if ((await stat(path.join(fixtureDir, entry.name))).size !== entry.bytes) return null;
    } catch {
      return null;
    }
  }
  return manifest.files;
}

async function buildAll(corpusDir: string, fixtureDir: string, sources: SourceEntry[]): Promise<FixtureEntry[]> {
  const entries: Array<FixtureEntry | undefined> = new Array(sources.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < sources.length) {
      const index = next++;
      const source = sources[index]!;
      const name = `${String(index + 1).padStart(2, '0')}-${path.parse(source.name).name}.jpg`;
      entries[index] = await buildOne(path.join(corpusDir, source.name), path.join(fixtureDir, name), source.name);
    }
  };
  await Promise.all([lane(), lane()]);
  return entries as FixtureEntry[];
}

async function buildOne(sourcePath: string, target: string, sourceName: string): Promise<FixtureEntry> {
  const meta = await sharp(sourcePath).metadata();
  const upright = meta.autoOrient ?? { width: meta.width, height: meta.height };
  const portrait = upright.height > upright.width;
  const width = portrait ? PARAMS.shortSidePx : PARAMS.longSidePx;
  const height = portrait ? PARAMS.longSidePx : PARAMS.shortSidePx;
  const temporary = `${target}.tmp`;
  const info = await sharp(sourcePath)
    .autoOrient()
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .resize({ width, height, fit: 'cover', position: 'centre', kernel: PARAMS.kernel })
    .sharpen({ sigma: PARAMS.sharpenSigma })
    .toColourspace('srgb')
    .jpeg({ quality: PARAMS.jpegQuality })
    .toFile(temporary);
  await rename(temporary, target);
  return { name: path.basename(target), source: sourceName, width: info.width, height: info.height, bytes: info.size };
}
