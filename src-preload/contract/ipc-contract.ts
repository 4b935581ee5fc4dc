/**
 * The one IPC contract between Electron main, the preload and the renderer. Each channel is
 * `domain:verb` with its request and response types; main's `handle()`, the preload's `invoke()`
 * and `window.api` are all derived from `IpcChannelMap`, so a channel added here fails to compile
 * until every end serves it.
 *
 * Pure types and constants: imported by main, the preload and the renderer alike.
 */
import type {
  ApiServerStatus,
  AppEvent,
  CullRequest,
  ExportRequest,
  ExportSummary,
  FeedbackRequest,
  FeedbackView,
  FolderView,
  GroupEditRequest,
  ImportStatus,
  MarkHistoryMove,
  MarkHistoryStatus,
  LearningStatus,
  LearningTrainResult,
  MediaKind,
  PhotoDetail,
  PhotoFacets,
  PhotoGroupView,
  PhotoFilter,
  PhotoPage,
  PhotoQuery,
  PhotoSummary,
  Settings,
  SettingsPatch,
  SidecarWriteSummary,
  UndoExportSummary,
} from './library-types.js';
import type { AnalyzerInfo } from './rating-result.js';

/** Closed so that the UI can map every code to a message with an exhaustive `switch`. */
export const IPC_ERROR_CODES = ['forbidden', 'invalid_request', 'not_found', 'internal_error'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export type IpcError = { code: IpcErrorCode; message: string };

/** Errors cross the boundary as values: an invoke never rejects. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type AppInfo = {
  version: string;
  analyzers: AnalyzerInfo[];
  /** Folder of the catalog and caches. */
  home: string;
  /** Which door the page is using: the desktop app (IPC) or the browser build (`culler serve`). */
  door: 'desktop' | 'browser';
  /** What the AI pack adds, or why the embedded level is all there is. */
  aiPack: { installed: boolean; detail: string };
};

/** `request: undefined` marks a channel that takes no payload. */
export type IpcChannelMap = {
  'app:info': { request: undefined; response: AppInfo };
  'library:folders': { request: undefined; response: FolderView[] };
  'library:addFolder': { request: { path: string }; response: FolderView };
  'library:removeFolder': { request: { folderId: number }; response: { removed: boolean } };
  /** A native folder dialog on the desktop; `path: null` in the browser build (type a path instead). */
  'library:pickFolder': { request: undefined; response: { path: string | null } };
  'import:status': { request: undefined; response: ImportStatus };
  'import:pause': { request: undefined; response: ImportStatus };
  'import:resume': { request: undefined; response: ImportStatus };
  'photos:list': { request: PhotoQuery; response: PhotoPage };
  'photos:facets': { request: undefined; response: PhotoFacets };
  'photos:detail': { request: { photoId: number }; response: PhotoDetail };
  'cull:set': { request: CullRequest; response: PhotoSummary[] };
  'feedback:submit': { request: FeedbackRequest; response: FeedbackView };
  'settings:get': { request: undefined; response: Settings };
  'settings:set': { request: SettingsPatch; response: Settings };
  'apiServer:status': { request: undefined; response: ApiServerStatus };
  /** The library's bursts of two or more frames (a photo in none stands alone). */
  'groups:list': { request: undefined; response: PhotoGroupView[] };
  /** Splits, merges or detaches (persisted, kept across regrouping); answers every group after the edit. */
  'groups:edit': { request: GroupEditRequest; response: PhotoGroupView[] };
  /** Writes (merges) the XMP sidecars of these photos now, whatever the "Write XMP sidecars" setting. */
  'xmp:write': { request: { photoIds?: number[]; filter?: PhotoFilter }; response: SidecarWriteSummary };
  /** Copies or moves photos with partners and sidecars; progress arrives as export-progress events. */
  'export:run': { request: ExportRequest; response: ExportSummary };
  /** Moves a move's files back (exportId from its summary). */
  'export:undo': { request: { exportId: number }; response: UndoExportSummary };
  /** Undo / redo of mark changes (every cull:set is one step, a batch included), kept across restarts. */
  'cull:undo': { request: undefined; response: MarkHistoryMove };
  'cull:redo': { request: undefined; response: MarkHistoryMove };
  'cull:history': { request: undefined; response: MarkHistoryStatus };
  /** Several cull requests as one undo step (compare: the winner picked, the others rejected); all or nothing. */
  'cull:setEach': { request: { requests: CullRequest[] }; response: PhotoSummary[] };
  /** Facet counts under the grid's filters: each group counts with every filter but its own. */
  'photos:facetsFor': { request: PhotoFilter; response: PhotoFacets };
  /** The personal model: state, versions and why (learning from feedback). */
  'learning:status': { request: undefined; response: LearningStatus };
  /** Trains now on a worker thread; adopts only what beats the current version on the golden set. */
  'learning:train': { request: undefined; response: LearningTrainResult };
  /** Back to the built-in gate: every adopted version is ended (kept in the history). */
  'learning:reset': { request: undefined; response: LearningStatus };
  /** Makes an earlier, once-adopted version the one in use again. */
  'learning:rollback': { request: { version: number }; response: LearningStatus };
};

/** The one push channel, main → renderer. */
export const EVENT_CHANNEL = 'culler:event';
export type AppEventListener = (event: AppEvent) => void;

export type IpcChannel = keyof IpcChannelMap;
export type IpcRequest<C extends IpcChannel> = IpcChannelMap[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcChannelMap[C]['response'];
export type IpcReply<C extends IpcChannel> = IpcResult<IpcResponse<C>>;

/** What main registers for a channel (after the sender and payload have been checked). */
export type IpcHandler<C extends IpcChannel> = (request: IpcRequest<C>) => Promise<IpcReply<C>>;

/** The preload's transport: one generic function over the whole map. */
export type IpcInvoke = <C extends IpcChannel>(channel: C, request: IpcRequest<C>) => Promise<IpcReply<C>>;

/** `app:info` → `appInfo`: the name a channel has on `window.api`. */
export type ApiMethodName<C extends string> = C extends `${infer Domain}:${infer Verb}` ? `${Domain}${Capitalize<Verb>}` : never;

/** A channel as a function on `window.api`; payload-less channels take no argument. */
export type ApiMethod<C extends IpcChannel> = [IpcRequest<C>] extends [undefined]
  ? () => Promise<IpcReply<C>>
  : (request: IpcRequest<C>) => Promise<IpcReply<C>>;

/** One typed function per channel. */
export type CullerCalls = { readonly [C in IpcChannel as ApiMethodName<C>]: ApiMethod<C> };

/**
 * What the preload exposes as `window.api` (and the browser bridge implements): one typed function
 * per channel, one event subscription (returns its unsubscribe), and the URL of a photo's thumbnail
 * or preview, which differs by door (a custom protocol on the desktop, same-origin HTTP in the browser).
 */
export type CullerApi = CullerCalls & {
  readonly onEvent: (listener: AppEventListener) => () => void;
  readonly mediaUrl: (kind: MediaKind, imageHash: string) => string;
};

/** The channels by their `window.api` names, for the bridges that forward them. */
export const IPC_CHANNELS = [
  'app:info',
  'library:folders',
  'library:addFolder',
  'library:removeFolder',
  'library:pickFolder',
  'import:status',
  'import:pause',
  'import:resume',
  'photos:list',
  'photos:facets',
  'photos:detail',
  'cull:set',
  'feedback:submit',
  'settings:get',
  'settings:set',
  'apiServer:status',
  'groups:list',
  'groups:edit',
  'xmp:write',
  'export:run',
  'export:undo',
  'cull:undo',
  'cull:redo',
  'cull:history',
  'cull:setEach',
  'photos:facetsFor',
  'learning:status',
  'learning:train',
  'learning:reset',
  'learning:rollback',
] as const satisfies readonly IpcChannel[];

// A channel added to the map but not to IPC_CHANNELS fails to compile here.
type MissingChannels = Exclude<IpcChannel, (typeof IPC_CHANNELS)[number]>;
const everyChannelListed: [MissingChannels] extends [never] ? true : MissingChannels = true;
void everyChannelListed;

/** `library:addFolder` → `libraryAddFolder`. */
export function apiMethodName<C extends IpcChannel>(channel: C): ApiMethodName<C> {
  const [domain, verb] = channel.split(':') as [string, string];
  return `${domain}${verb.charAt(0).toUpperCase()}${verb.slice(1)}` as ApiMethodName<C>;
}
