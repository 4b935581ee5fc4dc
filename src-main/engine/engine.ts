import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalyzerInfo, RatingResult } from '../../src-preload/contract/rating-result.js';
import { Catalog, type FileStamp } from './catalog/catalog.repo.js';
import { defaultEngineConfig, type EngineConfig } from './config.js';
import { EngineError, storageError, toErrorInfo, type EngineErrorInfo, type Result } from './errors.js';
import { readFileHead, readImageFile, statImageFile, tooLarge } from './files/read-image-file.js';
import { sha256File, sha256HexOffThread } from './hash/file-hash.js';
import { endExiftool } from './exiftool/exiftool-process.js';
import { decodeEmbeddedPreview } from './image/decode.js';
import { sniffFormat, SNIFF_BYTES, type RawFormat } from './image/sniff.js';
import { cameraJpegBeside, decodeRawPreview, readRawPreview, type RawPreview } from './raw/raw-preview.js';
import { analyzeDecoded } from './rating/analyze-image.js';
import { PREVIEW_LONG_SIDE_PX } from './thumbs/preview-cache.js';
import { SharedPromises } from './shared-promises.js';
import { AnalysisGate } from './analysis-gate.js';
import { decodeImage } from './image/decode.js';
import { HeicDecoder } from './image/heic-decoder.js';
import { customScaleRating, defaultScaleRating, validateLevels, type ScaleRating } from './scales/custom-scale.js';
import { AI_LEVEL, aiPackInstallState, openAiPackRuntime, runtimeLabelRanker, type AiPackInstallState, type AiPackRuntime } from './ai-pack/ai-level.js';
import { defaultHome, homeLayout } from './paths.js';
import { analyzeImage } from './rating/analyze-image.js';
import { AnalysisPool } from './rating/analysis-pool.js';
import os from 'node:os';
import { disabledModelStatus, modelSourceStatus } from './models/model-store.js';
import { WorkerModelRunner } from './models/worker-model-runner.js';
import { analysisKey, installedAnalyzers, missingAnalyzerReasons } from './rating/analyzers.js';
import { ThumbnailCache } from './thumbs/thumbnail-cache.js';
import { Learning } from './learning/learning.js';
import { ProfileRepo } from './catalog/profile.repo.js';
import { judgeAs } from './scoring/judge-profile.js';
import type { ShootProfile } from '../../src-preload/contract/rating-result.js';
import { BACKGROUND_NICENESS } from './thread-priority.js';

export type EngineOptions = {
  /** Folder for the catalog and caches; defaults to `defaultHome()`. */
  home?: string;
  /** Overrides of the embedded defaults (limits, thresholds, concurrency). */
  config?: Partial<EngineConfig>;
  /** Run the model-backed analyzers (faces, content); default true. */
  models?: boolean;
  /** Where converted models are cached; default `<home>/models/converted`. */
  modelCacheDir?: string;
  /** Receives one line per notable event (which execution provider a model runs on, fallbacks). */
  log?: (message: string) => void;
  /** Use the AI pack when it is installed in the home; default true. */
  aiPack?: boolean;
  /**
   * Worker threads that decode and analyse photos off the hosting thread; default: as many as the
   * analysis concurrency, at most the CPU count. 0 analyses on the hosting thread (as it must while
   * the AI pack is installed: its models load once, in the host).
   */
  analysisThreads?: number;
  /**
   * The engine hosts a window or a server (the service sets it): its analysis and model threads
   * run at a lower scheduling priority than the hosting thread, so that thread answers during an
   * import (Linux; see thread-priority.ts). Default false: the command line rates at full priority.
   */
  background?: boolean;
};

/** CULLER_ANALYSIS_THREADS=0 analyses on the hosting thread (for comparing; see the bench). */
function analysisThreadsFromEnv(): number | undefined {
  const value = Number(process.env.CULLER_ANALYSIS_THREADS ?? Number.NaN);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** What rating one file gives: a result or a typed error, never an exception. */
export type FileRating =
  | { ok: true; path: string; result: RatingResult; cached: boolean; thumbnailPath: string | null }
  | { ok: false; path: string; error: EngineErrorInfo };

export type BytesRating = { ok: true; result: RatingResult; cached: boolean } | { ok: false; error: EngineErrorInfo };

/** How one request wants its result judged; without a profile, the library's. */
export type RateOptions = { profile?: ShootProfile };

/**
 * The engine: one photo (a file or bytes) in, the rating result out, remembered in the catalog.
 * Imports nothing from Electron; the desktop app, CLI, HTTP API and tests all drive this class.
 */
export class CullingEngine {
  readonly config: EngineConfig;
  readonly home: string;
  readonly catalog: Catalog;
  readonly thumbnails: ThumbnailCache;
  /** The detail view's 1600 px previews; a RAW's is written when it is rated (one extraction per file). */
  private readonly previews: ThumbnailCache;
  readonly analyzers: AnalyzerInfo[];
  readonly analysisKey: string;
  /** Runs the models on a worker thread; `null` when models are off. */
  readonly models: WorkerModelRunner | null;
  private readonly missingReasons: Map<string, string>;
  private readonly heic = new HeicDecoder();
  /** Whether the AI pack is installed (and which), read at start; its models load on first use. */
  readonly aiPack: AiPackInstallState;
  private readonly aiRuntime = new SharedPromises<'ai_pack', AiPackRuntime>();
  private readonly log: (message: string) => void;
  /** The personal model learned from the user's decisions (engine/learning/). */
  readonly learning: Learning;
  /** Bounds the analyses in progress (all doors together) and merges those of identical bytes. */
  private readonly gate: AnalysisGate<{ result: RatingResult; thumbnailPath: string | null; degraded: boolean }>;
  /** Analysis worker threads; null when photos are analysed on the hosting thread. */
  private readonly pool: AnalysisPool | null;
  private readonly profiles: ProfileRepo;
  /** The library's shoot profile: stored results are judged under it (engine/scoring/profiles.ts). */
  private libraryProfile: ShootProfile;

  private constructor(options: EngineOptions) {
    const defaults = defaultEngineConfig();
    this.config = {
      ...defaults,
      ...options.config,
      limits: { ...defaults.limits, ...options.config?.limits },
      quality: { ...defaults.quality, ...options.config?.quality },
    };
    this.home = path.resolve(options.home ?? defaultHome());
    const layout = homeLayout(this.home);
    this.catalog = Catalog.open(layout.catalogFile);
    this.thumbnails = new ThumbnailCache(layout.thumbnailDir, this.config.thumbnailLongSidePx);
    this.previews = new ThumbnailCache(path.join(layout.cacheDir, 'previews'), PREVIEW_LONG_SIDE_PX);
    const modelStatus = options.models === false ? disabledModelStatus() : modelSourceStatus();
    this.models =
      options.models === false
        ? null
        : new WorkerModelRunner(
            {
              modelCacheDir: options.modelCacheDir ?? layout.modelCacheDir,
              executionProviders: process.env.CULLER_EXECUTION_PROVIDERS ?? null,
              niceness: options.background ? BACKGROUND_NICENESS : 0,
            },
            options.log,
          );
    this.log = options.log ?? (() => {});
    this.aiPack = options.aiPack === false ? { installed: false, reason: 'the AI pack is turned off' } : aiPackInstallState(this.home);
    this.analyzers = [
      ...installedAnalyzers(modelStatus),
      ...(this.aiPack.installed ? [{ id: AI_LEVEL.id, version: AI_LEVEL.version, level: 'ai_pack' as const, model: this.aiPack.label }] : []),
    ];
    this.missingReasons = missingAnalyzerReasons(modelStatus);
    if (!this.aiPack.installed) this.missingReasons.set(AI_LEVEL.id, this.aiPack.reason);
    this.analysisKey = analysisKey(this.analyzers, this.config);
    this.gate = new AnalysisGate(Math.max(1, this.config.concurrency));
    const threads = this.aiPack.installed ? 0 : (options.analysisThreads ?? analysisThreadsFromEnv() ?? Math.min(this.config.concurrency, os.availableParallelism()));
    const niceness = options.background ? BACKGROUND_NICENESS : 0;
    const poolSetup = { config: this.config, analyzers: this.analyzers, missingReasons: this.missingReasons, thumbnailDir: layout.thumbnailDir, niceness };
    this.pool = threads > 0 ? new AnalysisPool(threads, poolSetup, this.models) : null;
    this.learning = new Learning(this.catalog.database, layout.catalogFile, this.analysisKey, this.log);
    this.profiles = new ProfileRepo(this.catalog.database);
    this.libraryProfile = this.profiles.stored();
    // Rows another process judged under an earlier profile follow the saved one (no decoding).
    this.profiles.rejudge(this.analysisKey, this.libraryProfile, (result) => judgeAs(result, this.libraryProfile));
  }

  /** The library's shoot profile. */
  get profile(): ShootProfile {
    return this.libraryProfile;
  }

  /**
   * Saves the library's shoot profile and re-judges the stored results under it from their stored
   * measures (no photo is decoded again), and the personal model's stored views of them after it;
   * returns the image hashes of those re-judged.
   */
  setProfile(profile: ShootProfile): string[] {
    this.profiles.save(profile);
    this.libraryProfile = profile;
    const rejudged = this.profiles.rejudge(this.analysisKey, profile, (result) => judgeAs(result, profile));
    // The personal model's stored views were made from the old judgement: score them again.
    void this.learning.resultsRejudged(rejudged);
    return rejudged;
  }

  /** A result judged under `profile` (default: the library's); stored results may carry another. */
  judge(result: RatingResult, profile: ShootProfile = this.libraryProfile): RatingResult {
    return judgeAs(result, profile);
  }

  /** What an analysis of decoded pixels needs from this engine (photos, RAW previews alike). */
  private analysisDeps() {
    return {
      config: this.config,
      heic: this.heic,
      analyzers: this.analyzers,
      runner: this.models,
      missingReasons: this.missingReasons,
      aiPack: this.aiPack.installed ? () => this.aiPackRuntime()! : null,
    };
  }

  static open(options: EngineOptions = {}): CullingEngine {
    return new CullingEngine(options);
  }

  /** The AI pack's models, loaded once on first use; null when the pack is not installed. */
  private aiPackRuntime(): Promise<AiPackRuntime> | null {
    if (!this.aiPack.installed) return null;
    // A failed load is not kept: the next photo tries again (and says why in its result).
    return this.aiRuntime.get('ai_pack', () => openAiPackRuntime(this.home, this.log));
  }

  async close(): Promise<void> {
    await this.learning.settled();
    await this.pool?.close();
    await this.heic.close();
    await endExiftool();
    await this.models?.close();
    for (const runtime of this.aiRuntime.takeAll()) await runtime.then((loaded) => loaded.close(), () => undefined);
    this.catalog.close();
  }

  /**
   * Rates a file. Unchanged files (same path, size and modification time) and known bytes under any
   * path are answered from the catalog without decoding, as long as the analyzers are the same.
   */
  async rateFile(file: string, options: RateOptions = {}): Promise<FileRating> {
    const rated = await this.rateFileStored(file);
    return rated.ok ? { ...rated, result: this.judge(rated.result, options.profile) } : rated;
  }

  private async rateFileStored(file: string): Promise<FileRating> {
    const absolute = path.resolve(file);
    let stamp: FileStamp | null = null;
    try {
      const { fileSize, mtimeMs } = await statImageFile(absolute);
      stamp = { path: absolute, fileSize, mtimeMs };
      // The bytes decide how the file is read: a camera RAW has its own size limit and is never read whole.
      const sniffed = sniffFormat(await readFileHead(absolute, SNIFF_BYTES));
      const limit = sniffed.kind === 'raw' ? this.config.limits.maxRawFileBytes : this.config.limits.maxFileBytes;
      if (fileSize > limit) throw tooLarge(fileSize, limit);
      const known = this.catalog.photoByPath(absolute);
      if (known?.status === 'rated' && known.imageHash && known.fileSize === fileSize && known.mtimeMs === mtimeMs) {
        const cached = this.catalog.analysis(known.imageHash, this.analysisKey);
        if (cached) return { ok: true, path: absolute, result: cached, cached: true, thumbnailPath: this.thumbnails.pathFor(cached.image_hash) };
      }

      if (sniffed.kind === 'raw') {
        const rated = await this.rateRawFile(absolute, sniffed.format, fileSize);
        if (!rated.degraded) this.catalog.linkPhoto(stamp, rated.result.image_hash);
        return { ok: true, path: absolute, result: rated.result, cached: rated.cached, thumbnailPath: rated.thumbnailPath };
      }
      const read = await readImageFile(absolute, this.config.limits.maxFileBytes);
      stamp = { path: absolute, fileSize: read.fileSize, mtimeMs: read.mtimeMs };
      const rated = await this.rateBytesInternal(read.bytes, stamp);
      return { ok: true, path: absolute, ...rated };
    } catch (error) {
      const info = toErrorInfo(error);
      // A full disk or read-only home is no property of the photo: nothing is recorded against it.
      if (stamp && error instanceof EngineError && !storageError(error)) this.catalog.recordFailure(stamp, info);
      return { ok: false, path: absolute, error: info };
    }
  }

  /** Rates bytes that came without a file (an upload, a download). */
  async rateBytes(bytes: Buffer, options: RateOptions = {}): Promise<BytesRating> {
    const rated = await this.rateBytesStored(bytes);
    return rated.ok ? { ...rated, result: this.judge(rated.result, options.profile) } : rated;
  }

  private async rateBytesStored(bytes: Buffer): Promise<BytesRating> {
    try {
      if (bytes.length > this.config.limits.maxFileBytes) {
        throw tooLarge(bytes.length, this.config.limits.maxFileBytes);
      }
      const sniffed = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
      if (sniffed.kind === 'raw') {
        // exiftool reads RAW from a file: an uploaded RAW (within the upload limit) goes through a private temp copy.
        const folder = await mkdtemp(path.join(os.tmpdir(), 'culler-raw-'));
        try {
          const file = path.join(folder, `upload.${sniffed.format}`);
          await writeFile(file, bytes, { mode: 0o600 });
          const { result, cached } = await this.rateRawFile(file, sniffed.format, bytes.length);
          return { ok: true, result, cached };
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      }
      const { result, cached } = await this.rateBytesInternal(bytes, null);
      return { ok: true, result, cached };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  private async rateBytesInternal(
    bytes: Buffer,
    file: FileStamp | null,
  ): Promise<{ result: RatingResult; cached: boolean; thumbnailPath: string | null }> {
    const imageHash = await sha256HexOffThread(bytes);
    const cached = this.catalog.analysis(imageHash, this.analysisKey);
    if (cached) {
      if (file) this.catalog.linkPhoto(file, imageHash);
      return { result: cached, cached: true, thumbnailPath: this.thumbnails.pathFor(imageHash) };
    }
    const analysed = await this.gate.run(imageHash, async () => {
      // Another caller may have finished these bytes while this one waited for a slot.
      const done = this.catalog.analysis(imageHash, this.analysisKey);
      if (done) return { result: done, thumbnailPath: this.thumbnails.pathFor(imageHash), degraded: false };
      const deps = this.analysisDeps();
      // On the pool, the worker that decoded the photo writes its thumbnail too.
      const { result: analysed, thumbnailPath, degraded } = this.pool
        ? await this.pool.analyze(bytes, imageHash)
        : await analyzeImage(bytes, deps, imageHash).then(async (analysis) => ({ ...analysis, thumbnailPath: await this.thumbnails.ensure(imageHash, analysis.decoded.working) }));
      const result = this.judge(analysed);
      // A result an analyzer failed on is returned but not remembered: the next run tries again.
      if (!degraded) this.catalog.saveRating({ result, analysisKey: this.analysisKey, thumbnailPath, file: null });
      return { result, thumbnailPath, degraded };
    });
    const { result, thumbnailPath, degraded } = analysed;
    // Each caller links its own file (a shared run may have been started for other bytes' caller).
    if (file && !degraded) this.catalog.linkPhoto(file, imageHash);
    return { result, cached: false, thumbnailPath };
  }

  /**
   * Rates a camera RAW from its largest embedded preview (or its camera JPEG, see below). The file is hashed by streaming and
   * exiftool reads the preview out of it, so a 100 MB RAW never sits in this process's memory.
   * Its thumbnail and 1600 px preview are written now, from the same extraction.
   */
  private async rateRawFile(
    file: string,
    format: RawFormat,
    fileSize: number,
  ): Promise<{ result: RatingResult; cached: boolean; thumbnailPath: string | null; degraded: boolean }> {
    const imageHash = await sha256File(file);
    const cached = this.catalog.analysis(imageHash, this.analysisKey);
    if (cached) return { result: cached, cached: true, thumbnailPath: this.thumbnails.pathFor(imageHash), degraded: false };
    // RAW+JPEG: the pair is rated once, from the camera JPEG when it is at least as large as the
    // RAW's preview (it then also is the JPEG's own rating, a catalog hit for the other file).
    const partner = await cameraJpegBeside(file);
    let preview: RawPreview | null = null;
    try {
      preview = await readRawPreview(file, format, this.config.limits.minRawPreviewLongSidePx);
    } catch (error) {
      // Thumbnail-only RAW, no preview, no perl: the pair is still rated, from its JPEG.
      if (!partner || !(error instanceof EngineError)) throw error;
    }
    if (partner && (!preview || Math.max(partner.width, partner.height) >= Math.max(preview.width, preview.height))) {
      const viaJpeg = await this.rateFile(partner.path);
      if (viaJpeg.ok) return { result: viaJpeg.result, cached: viaJpeg.cached, thumbnailPath: viaJpeg.thumbnailPath, degraded: false };
      if (!preview) throw new EngineError(viaJpeg.error.code, viaJpeg.error.message);
    }
    const chosen = preview!;
    const analysed = await this.gate.run(imageHash, async () => {
      const done = this.catalog.analysis(imageHash, this.analysisKey);
      if (done) return { result: done, thumbnailPath: this.thumbnails.pathFor(imageHash), degraded: false };
      const options = { limits: this.config.limits, workingLongSidePx: this.config.workingLongSidePx, heic: this.heic };
      const { decoded, previewJpeg } = await decodeRawPreview(chosen, options);
      const deps = this.analysisDeps();
      // The face region is cut from the preview at full size only when no rotation applies to it.
      const encoded = decoded.source.orientation === 1 ? previewJpeg : Buffer.alloc(0);
      const analysed = await analyzeDecoded(decoded, fileSize, deps, imageHash, encoded);
      const { degraded } = analysed;
      const result = this.judge(analysed.result);
      const thumbnailPath = await this.thumbnails.ensure(imageHash, decoded.working);
      if (!(await this.previews.existing(imageHash))) {
        const large = await decodeEmbeddedPreview(previewJpeg, decoded.source.orientation, { ...options, workingLongSidePx: PREVIEW_LONG_SIDE_PX });
        await this.previews.ensure(imageHash, large.working);
      }
      if (!degraded) this.catalog.saveRating({ result, analysisKey: this.analysisKey, thumbnailPath, file: null });
      return { result, thumbnailPath, degraded };
    });
    return { ...analysed, cached: false };
  }

  /**
   * Rates bytes on a caller's scale (2–7 levels) or, without levels, on sfw / nsfw. Errors are
   * values: `validation_error` for bad levels, `model_not_installed` when the scale needs the AI
   * pack, and the decode errors of any rating.
   */
  async rateOnScale(bytes: Buffer, levels?: unknown): Promise<Result<ScaleRating>> {
    try {
      const checked = validateLevels(levels);
      if (!checked) {
        const rated = await this.rateBytes(bytes);
        if (!rated.ok) return rated;
        return { ok: true, value: defaultScaleRating(rated.result.content_rating) };
      }
      const runtime = this.aiPackRuntime();
      if (!runtime) return { ok: false, error: { code: 'model_not_installed', message: `custom scales need the AI pack's CLIP encoders: ${(this.aiPack as { reason: string }).reason}` } };
      const decoded = await decodeImage(bytes, { limits: this.config.limits, workingLongSidePx: this.config.workingLongSidePx, heic: this.heic });
      return { ok: true, value: await customScaleRating(runtimeLabelRanker(await runtime), decoded.working, checked) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  /**
   * Rates many files, `config.concurrency` at a time, and hands each outcome to `onRated` in input
   * order as soon as it and all before it are done (so output streams while staying ordered).
   */
  async rateFiles(files: string[], onRated: (rating: FileRating, index: number) => void, options: RateOptions = {}): Promise<FileRating[]> {
    const outcomes: Array<FileRating | undefined> = new Array(files.length);
    let nextToStart = 0;
    let nextToReport = 0;
    const worker = async (): Promise<void> => {
      while (nextToStart < files.length) {
        const index = nextToStart++;
        outcomes[index] = await this.rateFile(files[index]!, options);
        while (nextToReport < files.length && outcomes[nextToReport]) {
          onRated(outcomes[nextToReport]!, nextToReport);
          nextToReport++;
        }
      }
    };
    const lanes = Math.max(1, Math.min(this.config.concurrency, files.length));
    await Promise.all(Array.from({ length: lanes }, worker));
    return outcomes as FileRating[];
  }
}

