/**
 * The one IPC contract between Electron main, the preload and the renderer. Each channel is
 * `domain:verb` with its request and response types; main's `handle()`, the preload's `invoke()`
 * and `window.api` are all derived from `IpcChannelMap`, so a channel added here fails to compile
 * until every end serves it.
 *
 * Pure types and constants: imported by main, the preload and the renderer alike.
 */
import type { AnalyzerInfo } from './rating-result.js';

/** Closed so that the UI can map every code to a message with an exhaustive `switch`. */
export const IPC_ERROR_CODES = ['forbidden', 'invalid_request', 'internal_error'] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];
export type IpcError = { code: IpcErrorCode; message: string };

/** Errors cross the boundary as values: an invoke never rejects. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type AppInfo = {
  version: string;
  analyzers: AnalyzerInfo[];
  /** Folder of the catalog and caches. */
  home: string;
};

/** `request: undefined` marks a channel that takes no payload. */
export type IpcChannelMap = {
  'app:info': { request: undefined; response: AppInfo };
};

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

/** What the preload exposes as `window.api`: one typed function per channel, nothing else. */
export type CullerApi = { readonly [C in IpcChannel as ApiMethodName<C>]: ApiMethod<C> };
