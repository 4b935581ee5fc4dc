import type { IpcErrorCode, IpcResult } from '../../src-preload/contract/ipc-contract.js';

export function success<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function failure(code: IpcErrorCode, message: string): { ok: false; error: { code: IpcErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
