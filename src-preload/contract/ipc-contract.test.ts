import { describe, expect, expectTypeOf, it } from 'vitest';
import { apiMethodName, IPC_CHANNELS } from './ipc-contract.js';
import type { AnalyzerInfo } from './rating-result.js';
import type {
  ApiMethodName,
  AppInfo,
  CullerApi,
  IpcChannel,
  IpcError,
  IpcErrorCode,
  IpcHandler,
  IpcInvoke,
  IpcReply,
  IpcRequest,
  IpcResponse,
} from './ipc-contract.js';

describe('IPC contract', () => {
  it('lists every channel once for the bridges, under its window.api name', () => {
    expect(new Set(IPC_CHANNELS).size).toBe(IPC_CHANNELS.length);
    expect(apiMethodName('library:addFolder')).toBe('libraryAddFolder');
    expect(apiMethodName('apiServer:status')).toBe('apiServerStatus');
  });

  it('names channels domain:verb', () => {
    expectTypeOf<'app:info'>().toExtend<IpcChannel>();
    expectTypeOf<'library:addFolder'>().toExtend<IpcChannel>();
    expectTypeOf<ApiMethodName<'library:addFolder'>>().toEqualTypeOf<'libraryAddFolder'>();
    expectTypeOf<ApiMethodName<'app:info'>>().toEqualTypeOf<'appInfo'>();
    expectTypeOf<ApiMethodName<'catalog:list'>>().toEqualTypeOf<'catalogList'>();
    expectTypeOf<ApiMethodName<'no-colon'>>().toBeNever();
  });

  it('gives app:info no payload and the app info as its value', () => {
    expectTypeOf<IpcRequest<'app:info'>>().toEqualTypeOf<undefined>();
    expectTypeOf<IpcResponse<'app:info'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<AppInfo['analyzers']>().toEqualTypeOf<AnalyzerInfo[]>();
    expectTypeOf<AppInfo['door']>().toEqualTypeOf<'desktop' | 'browser'>();
  });

  it('returns errors as values with a closed set of codes', () => {
    expectTypeOf<IpcReply<'app:info'>>().toEqualTypeOf<{ ok: true; value: AppInfo } | { ok: false; error: IpcError }>();
    expectTypeOf<IpcError['code']>().toEqualTypeOf<IpcErrorCode>();
    expectTypeOf<'forbidden'>().toExtend<IpcErrorCode>();
    expectTypeOf<'something_else'>().not.toExtend<IpcErrorCode>();
  });

  it('exposes one function per channel on window.api, the event subscription and media URLs, and nothing else', () => {
    expectTypeOf<Exclude<keyof CullerApi, ApiMethodName<IpcChannel>>>().toEqualTypeOf<'onEvent' | 'mediaUrl'>();
    expectTypeOf<CullerApi['libraryAddFolder']>().toEqualTypeOf<(request: { path: string }) => Promise<IpcReply<'library:addFolder'>>>();
    expectTypeOf<CullerApi['appInfo']>().toEqualTypeOf<() => Promise<IpcReply<'app:info'>>>();
    expectTypeOf<CullerApi>().not.toHaveProperty('invoke');
  });

  it('keeps invoke and handle generic over the channel map', () => {
    expectTypeOf(invokeAppInfo).returns.toEqualTypeOf<Promise<IpcReply<'app:info'>>>();
    expectTypeOf<IpcHandler<'app:info'>>().parameters.toEqualTypeOf<[undefined]>();
    expectTypeOf<IpcHandler<'app:info'>>().returns.toEqualTypeOf<Promise<IpcReply<'app:info'>>>();
    expectTypeOf(invokeUnknownChannel).toBeFunction();
  });
});

// Never called: they exist for the type checker.
declare const invoke: IpcInvoke;
function invokeAppInfo() {
  return invoke('app:info', undefined);
}
function invokeUnknownChannel() {
  // @ts-expect-error: a channel outside the map does not compile
  return invoke('app:nope', undefined);
}
