import type { IpcError } from '../../../src-preload/contract/ipc-contract.js';

/** One sentence per closed error code, so that a new code fails to compile until it has words. */
export function describeError(error: IpcError): string {
  switch (error.code) {
    case 'forbidden':
      return `Not allowed: ${error.message}`;
    case 'invalid_request':
      return `Rejected: ${error.message}`;
    case 'not_found':
      return `Not found: ${error.message}`;
    case 'internal_error':
      return `Something went wrong: ${error.message}`;
    default: {
      const unknownCode: never = error.code;
      return `${String(unknownCode)}: ${error.message}`;
    }
  }
}
