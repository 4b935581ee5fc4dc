import { describe, expectTypeOf, it } from 'vitest';
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
  it('names channels domain:verb', () => {
    expectTypeOf<IpcChannel>().toEqualTypeOf<'app:info'>();
    expectTypeOf<ApiMethodName<'app:info'>>().toEqualTypeOf<'appInfo'>();
    expectTypeOf<ApiMethodName<'catalog:list'>>().toEqualTypeOf<'catalogList'>();
    expectTypeOf<ApiMethodName<'no-colon'>>().toBeNever();
  });

  it('gives app:info no payload and the app info as its value', () => {
    expectTypeOf<IpcRequest<'app:info'>>().toEqualTypeOf<undefined>();
    expectTypeOf<IpcResponse<'app:info'>>().toEqualTypeOf<AppInfo>();
    expectTypeOf<AppInfo>().toEqualTypeOf<{ version: string; analyzers: AnalyzerInfo[]; home: string }>();
  });

  it('returns errors as values with a closed set of codes', () => {
    expectTypeOf<IpcReply<'app:info'>>().toEqualTypeOf<{ ok: true; value: AppInfo } | { ok: false; error: IpcError }>();
    expectTypeOf<IpcError['code']>().toEqualTypeOf<IpcErrorCode>();
    expectTypeOf<'forbidden'>().toExtend<IpcErrorCode>();
    expectTypeOf<'something_else'>().not.toExtend<IpcErrorCode>();
  });

  it('exposes one function per channel on window.api, and nothing else', () => {
    expectTypeOf<keyof CullerApi>().toEqualTypeOf<'appInfo'>();
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
