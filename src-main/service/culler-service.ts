import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AppEventListener, IpcChannel, IpcReply, IpcRequest } from '../../src-preload/contract/ipc-contract.js';
import type { ApiServerSettings, ApiServerStatus, ColorLabel, FeedbackView, MediaKind } from '../../src-preload/contract/library-types.js';
import type { FeedbackRecord } from '../engine/catalog/catalog.repo.js';
import { LibraryRepo, type QueueEntry } from '../engine/catalog/library.repo.js';
import { GroupsRepo } from '../engine/catalog/groups.repo.js';
import { CullingEngine, type EngineOptions, type FileRating } from '../engine/engine.js';
import { storageError } from '../engine/errors.js';
import { homeLayout } from '../engine/paths.js';
import { PreviewCache } from '../engine/thumbs/preview-cache.js';
import { openFullImageCache } from '../engine/thumbs/full-image-cache.js';
import { MarkHistoryRepo } from '../engine/catalog/mark-history.repo.js';
import { MarkHistory } from './mark-history.js';
import { IMAGE_HASH_PATTERN } from '../media-file.js';
import { ServiceCullOut } from './cull-out.js';
import { ImportQueue } from './import-queue.js';
import { AUTO_TRAIN_EVERY, learningHandlers, LearningTrigger } from './learning-channels.js';
import { LibraryFolders } from './library-folders.js';
import { MovedMarks } from './moved-marks.js';
import { PhotoGroups } from './photo-groups.js';
import { failure, success } from './replies.js';
import { REQUEST_SCHEMAS } from './request-schemas.js';
import { ServiceEvents } from './service-events.js';
import { readSettings, writeSettings } from './settings-store.js';
import { importedRating } from '../engine/imported-ratings/imported-ratings.js';
import { LIBRARY_GROUPED_SETTING } from '../engine/grouping/library-group.js';

/** Starts, stops and reports the local rating API server; only the doors that can host one pass it. */
export type ApiServerController = { apply(settings: ApiServerSettings): Promise<ApiServerStatus>; status(): ApiServerStatus };

export type ServiceOptions = {
  home?: string;
  door: 'desktop' | 'browser';
  version: string;
  engine?: Omit<EngineOptions, 'home'>;
  /** Watch library folders for changes; default true. */
  watch?: boolean;
  /** How long a file must stop growing before it is rated; default 1 s (tests shorten it). */
  watchSettleMs?: number;
  apiServer?: ApiServerController;
  log?: (line: string) => void;
  /** How long an import paused by a full disk waits before trying again; default 30 s (tests shorten it). */
  storageRetryMs?: number;
  /** Train the personal model after this many new decisions; default `AUTO_TRAIN_EVERY`, 0 = only when asked. */
  autoTrainEvery?: number;
};

type ChannelHandlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcReply<C>> | IpcReply<C> };

/**
 * The backend of the library, the same behind every door: the desktop app (IPC, from a worker
 * thread) and `culler serve` (HTTP) both call `handle()`, `onEvent()` and `mediaFile()`. It owns
 * the engine, the folder watchers and the import queue. Requests are checked here, once, against
 * the contract's schemas; every answer is a value, never a throw.
 */
export class CullerService {
  private closed = false;
  private readonly handlers: ChannelHandlers;
  private readonly cullOut: ServiceCullOut;
  private folderScan: Promise<void> = Promise.resolve();
  /** The loupe's 100 % images (media kind `full`). */
  private readonly fullImages: PreviewCache;
  /** Undo / redo of every mark change (cull:set, cull:undo, cull:redo). */
  private readonly markHistory: MarkHistory;
  /** The library's bursts; grouped in full once for a library that never was, then photo by photo. */
  private readonly groups: PhotoGroups;
  private readonly learningTrigger: LearningTrigger;
  private readonly stopScoresEvents: () => void;

  private constructor(
    readonly engine: CullingEngine,
    private readonly options: ServiceOptions,
    private readonly repo: LibraryRepo,
    private readonly events: ServiceEvents,
    private readonly queue: ImportQueue,
    private readonly folders: LibraryFolders,
    private readonly previews: PreviewCache,
    private readonly movedMarks: MovedMarks,
    private readonly log: (line: string) => void,
  ) {
    this.cullOut = new ServiceCullOut(engine.catalog.database, repo, events, log);
    this.learningTrigger = new LearningTrigger(engine.learning, log, options.autoTrainEvery ?? AUTO_TRAIN_EVERY);
    this.handlers = this.channelHandlers();
    this.fullImages = openFullImageCache(homeLayout(engine.home).cacheDir, engine.config.limits);
    this.markHistory = new MarkHistory(repo, new MarkHistoryRepo(engine.catalog.database), (photoIds, change) => repo.setCull(photoIds, change));
    this.groups = new PhotoGroups(new GroupsRepo(engine.catalog.database, engine.analysisKey), () => engine.learning.frameRanker());
    // A personal version adopted, rolled back or reset: every tile, facet and sort re-reads.
    const stopScores = engine.learning.onScoresChanged(() => this.events.photosChanged(repo.ratedPhotoIds()));
    // The pairwise ranker adopted or reset: each burst's best frame is chosen again.
    const stopRanker = engine.learning.onRankerChanged(() => {
      if (!this.groupsReady()) return;
      this.groups.rerankAll();
      this.events.emit({ type: 'groups-changed' });
    });
    this.stopScoresEvents = () => {
      stopScores();
      stopRanker();
    };
  }

  static async open(options: ServiceOptions): Promise<CullerService> {
    const log = options.log ?? (() => {});
    // background: the service hosts a window or a server, whose thread must answer during imports.
    const engine = CullingEngine.open({ background: true, ...options.engine, log: options.engine?.log ?? log, home: options.home });
    const repo = new LibraryRepo(engine.catalog.database, engine.analysisKey);
    const events = new ServiceEvents(log);
    const movedMarks = new MovedMarks();
    // eslint-disable-next-line prefer-const -- the queue's callback needs the service, built after it
    let service: CullerService | undefined;
    const queue = new ImportQueue({
      engine,
      repo,
      events,
      log,
      onRated: async (entry, rating) => service?.storeRating(entry, rating),
      storageRetryMs: options.storageRetryMs,
    });
    const folders = new LibraryFolders({ repo, queue, events, movedMarks, watch: options.watch ?? true, writeSettleMs: options.watchSettleMs, log });
    const previews = new PreviewCache(path.join(homeLayout(engine.home).cacheDir, 'previews'), engine.config.limits);
    service = new CullerService(engine, options, repo, events, queue, folders, previews, movedMarks, log);
    // What was queued when the app last closed carries on; the scan adds what changed meanwhile.
    queue.start();
    // Watching and rescanning the folders takes seconds in a large library (5 s at 10,000 photos):
    // the doors open without waiting, and what the scan finds arrives as events like any change.
    service.folderScan = folders.openAll().catch((error: unknown) => log(`library: reopening the folders failed: ${error instanceof Error ? error.message : String(error)}`));
    // Scores the version in use has not stored yet (adopted by another door, or a new analyzer set).
    void engine.learning.refreshScores();
    return service;
  }

  /** Resolves once the XMP sidecar writes that mark changes queued so far are done. */
  get sidecarsSettled(): Promise<void> {
    return this.cullOut.settled;
  }

  /** Resolves once every library folder is watched again and rescanned after opening. */
  get scanned(): Promise<void> {
    return this.folderScan;
  }

  /** Answers one request of the contract. Never throws: a bug becomes `internal_error` (and is logged). */
  async handle<C extends IpcChannel>(channel: C, raw: unknown): Promise<IpcReply<C>>;
  async handle(channel: string, raw: unknown): Promise<IpcReply<IpcChannel>>;
  async handle(channel: string, raw: unknown): Promise<IpcReply<IpcChannel>> {
    if (!Object.hasOwn(REQUEST_SCHEMAS, channel)) return failure('invalid_request', `unknown channel: ${String(channel).slice(0, 100)}`);
    const known = channel as IpcChannel;
    if (this.closed) return failure('internal_error', `${known}: the library is closed`);
    const parsed = REQUEST_SCHEMAS[known].safeParse(raw);
    if (!parsed.success) return failure('invalid_request', `${known}: ${z.prettifyError(parsed.error)}`);
    try {
      const handler = this.handlers[known] as (request: unknown) => Promise<IpcReply<IpcChannel>> | IpcReply<IpcChannel>;
      return await handler(parsed.data);
    } catch (error) {
      // A full disk or read-only home is no bug: its typed code and sentence, without a stack.
      const storage = storageError(error);
      if (storage) {
        this.log(`service: ${known} failed: ${storage.code}: ${storage.message}`);
        return failure('internal_error', `${known} failed: ${storage.code}: ${storage.message}`);
      }
      this.log(`service: ${known} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure('internal_error', `${known} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  onEvent(listener: AppEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /**
   * The cache file of a thumbnail or preview, made on first request from a photo file holding those
   * bytes. Only a 64-hex-digit hash of a known image is accepted, and the answer is always inside
   * `<home>/cache`; null otherwise, or when no readable copy of the image is left.
   */
  async mediaFile(kind: MediaKind, imageHash: string): Promise<string | null> {
    if (this.closed || typeof imageHash !== 'string' || !IMAGE_HASH_PATTERN.test(imageHash)) return null;
    try {
      if (!this.repo.knowsImage(imageHash)) return null;
      const files = () => this.repo.photoFilesByHash(imageHash).map((photo) => photo.path);
      switch (kind) {
        case 'thumb': {
          const thumbnail = await this.engine.thumbnails.existing(imageHash);
          if (thumbnail) return thumbnail;
          // The cache was cleared: make it again from the photo, as the engine would have.
          const upright = await this.previews.decodeFrom(imageHash, files(), this.engine.thumbnails.longSidePx);
          return upright ? await this.engine.thumbnails.ensure(imageHash, upright) : null;
        }
        case 'preview':
          return await this.previews.ensure(imageHash, files());
        case 'full':
          return await this.fullImages.ensure(imageHash, files());
        default:
          return null;
      }
    } catch (error) {
      // A thumbnail or preview that cannot be written for want of space pauses the import, visibly.
      const storage = storageError(error);
      if (storage) this.queue.pauseForStorage(storage.toInfo());
      this.log(`service: ${String(kind)} for ${imageHash} failed: ${storage ? `${storage.code}: ${storage.message}` : error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  /** Stops the watchers and the queue (in-flight files finish; the rest stays queued), then the engine. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.learningTrigger.close();
    this.stopScoresEvents();
    await this.folderScan;
    await this.folders.close();
    await this.queue.close();
    await this.cullOut.close();
    this.events.flush();
    await this.previews.close();
    await this.fullImages.close();
    await this.engine.close();
  }

  private moveMarkHistory(direction: 'undo' | 'redo'): IpcReply<'cull:undo'> {
    const move = direction === 'undo' ? this.markHistory.undo() : this.markHistory.redo();
    if (move.photos.length > 0) {
      const ids = move.photos.map((photo) => photo.id);
      this.events.photosChanged(ids);
      // The sidecars follow an undo like any mark change.
      this.cullOut.marksChanged(ids);
    }
    return success(move);
  }

  /** A file of the queue was rated or failed: it joins its folder, and a moved photo gets its marks back. */
  private async storeRating(entry: QueueEntry, rating: FileRating): Promise<void> {
    const photoId = this.repo.assignFolder(rating.path, entry.folderId);
    if (photoId === null) return;
    if (rating.ok) {
      // The personal model in use scores the new photo now, so its tile shows that verdict at once.
      this.engine.learning.scoreArrived(rating.result);
      const marks = this.movedMarks.take(rating.result.image_hash) ?? this.marksOfVanishedTwin(photoId, rating.result.image_hash);
      if (marks) this.repo.inheritMarks(photoId, marks);
    }
    // Stars, reject and label from Lightroom or Photo Mechanic (XMP sidecar or embedded) come along,
    // unless the photo already has marks (set in Culler, or kept across a move).
    const imported = await importedRating(rating.path);
    if (!this.engine.catalog.database.open) return;
    if (imported) this.repo.applyImportedRating(photoId, imported);
    // IMG_0001.CR2 + IMG_0001.JPG: one photo, whichever of the two arrived last.
    const paired = this.repo.linkPair(photoId);
    if (this.groupsReady() && this.groups.photoArrived(photoId)) this.events.emit({ type: 'groups-changed' });
    this.events.photosChanged([photoId, ...paired.filter((id) => id !== photoId)]);
    this.events.foldersChanged();
  }

  /** True once the library has been grouped (the first `groups:list` of a library groups it in full). */
  private groupsReady(): boolean {
    return this.repo.setting(GROUPED_SETTING) === true;
  }

  private listGroups(): ReturnType<PhotoGroups['list']> {
    if (this.groupsReady()) return this.groups.list();
    const groups = this.groups.regroupAll();
    this.repo.setSetting(GROUPED_SETTING, true);
    return groups;
  }

  /**
   * A move whose "added" arrives before its "removed": the old row is still there but its file is
   * gone. (A copy, whose original is still on disk, does not inherit.)
   */
  private marksOfVanishedTwin(photoId: number, imageHash: string): { mark: 'pick' | 'reject' | null; stars: number; label: ColorLabel | null } | null {
    for (const twin of this.repo.photoFilesByHash(imageHash)) {
      if (twin.id === photoId || existsSync(twin.path)) continue;
      const [summary] = this.repo.summaries([twin.id]);
      if (summary && (summary.mark !== null || summary.stars > 0 || summary.label !== null)) return { mark: summary.mark, stars: summary.stars, label: summary.label };
    }
    return null;
  }

  private channelHandlers(): ChannelHandlers {
    return {
      'app:info': () =>
        success({
          version: this.options.version,
          analyzers: this.engine.analyzers,
          home: this.engine.home,
          door: this.options.door,
          aiPack: this.engine.aiPack.installed
            ? { installed: true, detail: `AI pack installed: ${this.engine.aiPack.label}` }
            : { installed: false, detail: this.engine.aiPack.reason },
        }),
      'library:folders': () => success(this.folders.views()),
      'library:addFolder': (request) => this.folders.add(request.path),
      'library:removeFolder': (request) => this.folders.remove(request.folderId),
      // The desktop's main process answers this one with a native dialog before it gets here.
      'library:pickFolder': () => success({ path: null }),
      'import:status': () => success(this.queue.status()),
      'import:pause': () => success(this.queue.pause()),
      'import:resume': () => success(this.queue.resume()),
      'photos:list': (query) => success(this.repo.listPhotos(query)),
      'photos:facets': () => success(this.repo.facets()),
      'photos:detail': (request) => {
        const [photo] = this.repo.summaries([request.photoId]);
        if (!photo) return failure('not_found', `no photo with id ${request.photoId}`);
        const cached = photo.imageHash ? this.engine.catalog.analysis(photo.imageHash, this.engine.analysisKey) : null;
        // The personal model applies as the result is served; the catalog keeps the built-in one.
        const result = cached && this.engine.learning.apply(this.engine.judge(cached));
        const feedback = photo.imageHash ? this.engine.catalog.feedbackFor(photo.imageHash).map(feedbackView) : [];
        return success({ photo, result: result && this.groupsReady() ? { ...result, group: this.groups.resultGroup(photo.id) } : result, feedback });
      },
      'cull:set': (request) => {
        const { photoIds, ...change } = request;
        const ids = [...new Set(photoIds)];
        // Through the history: each cull:set is one undo step, written with the change.
        const photos = this.markHistory.set(ids, change);
        if (!photos) return failure('not_found', 'one or more of those photos are not in the catalog; nothing was changed');
        this.events.photosChanged(ids);
        this.cullOut.marksChanged(ids);
        this.learningTrigger.decided(ids.length);
        return success(photos);
      },
      'cull:undo': () => this.moveMarkHistory('undo'),
      'cull:redo': () => this.moveMarkHistory('redo'),
      'cull:history': () => success(this.markHistory.status()),
      'photos:facetsFor': (filters) => success(this.repo.facetsFor(filters)),
      'cull:setEach': (request) => {
        const requests = request.requests.map(({ photoIds, ...change }) => ({ photoIds: [...new Set(photoIds)], ...change }));
        const photos = this.markHistory.setEach(requests);
        if (!photos) return failure('not_found', 'one or more of those photos are not in the catalog; nothing was changed');
        const ids = photos.map((photo) => photo.id);
        this.events.photosChanged(ids);
        this.cullOut.marksChanged(ids);
        this.learningTrigger.decided(ids.length);
        return success(photos);
      },
      'feedback:submit': (request) => {
        const photo = this.repo.photoFile(request.photoId);
        if (!photo) return failure('not_found', `no photo with id ${request.photoId}`);
        if (!photo.imageHash) return failure('invalid_request', `photo ${request.photoId} could not be rated, so there is no rating to give feedback on`);
        const saved = this.engine.catalog.addFeedback({
          imageHash: photo.imageHash,
          source: 'review',
          thumbs: request.thumbs === undefined ? null : request.thumbs === 'up' ? 1 : -1,
          userScore: request.userScore ?? null,
          dimensionFeedback: request.dimensionFeedback ?? null,
        });
        // Every photo holding these bytes now shows as reviewed.
        this.events.photosChanged(this.repo.photoFilesByHash(photo.imageHash).map((twin) => twin.id));
        this.learningTrigger.decided(1);
        return success(feedbackView(saved));
      },
      'settings:get': () => success(readSettings(this.repo)),
      'settings:set': async (patch) => {
        if (patch.profile && patch.profile !== this.engine.profile) {
          // Re-judged from the stored measures, nothing decoded: the grid, facets and review queue re-read.
          const hashes = this.engine.setProfile(patch.profile);
          this.events.photosChanged(hashes.flatMap((hash) => this.repo.photoFilesByHash(hash).map((photo) => photo.id)));
        }
        const settings = writeSettings(this.repo, patch);
        const controller = this.options.apiServer;
        if (controller && patch.apiServer) {
          let status: ApiServerStatus;
          try {
            status = await controller.apply(settings.apiServer);
          } catch (error) {
            status = { running: false, url: null, error: error instanceof Error ? error.message : String(error) };
          }
          this.events.emit({ type: 'api-server', status });
        }
        return success(settings);
      },
      'groups:list': () => success(this.listGroups()),
      'groups:edit': (request) => {
        if (!this.groupsReady()) this.listGroups();
        const outcome = this.groups.edit(request);
        if (!outcome.ok) return failure('invalid_request', outcome.message);
        this.events.emit({ type: 'groups-changed' });
        return success(outcome.groups);
      },
      'xmp:write': (request) => this.cullOut.writeNow(request),
      'export:run': (request) => this.cullOut.run(request),
      'export:undo': (request) => this.cullOut.undo(request.exportId),
      'apiServer:status': () =>
        success(
          this.options.apiServer?.status() ?? {
            running: false,
            url: null,
            error: `the local API server is not available in this door (${this.options.door}); use culler serve`,
          },
        ),
      ...learningHandlers(this.engine.learning),
    };
  }
}

/** Set once the library's photos were grouped: from then on new photos join groups one by one. */
const GROUPED_SETTING = LIBRARY_GROUPED_SETTING;

function feedbackView(record: FeedbackRecord): FeedbackView {
  return {
    id: record.id,
    source: record.source,
    thumbs: record.thumbs,
    userScore: record.userScore,
    dimensionFeedback: record.dimensionFeedback,
    createdAt: record.createdAt,
  };
}
