import type { APIRequestContext } from '@playwright/test';
import type { IpcChannel, IpcReply, IpcRequest, IpcResponse } from '../../src-preload/contract/ipc-contract.js';
import type { CullerServer } from './culler-server.js';

/**
 * Calls one bridge channel the way the browser build does (`POST /bridge/<channel>` with
 * `{ request }`), through a request context that carries the page's session cookie. For checking
 * what the UI does not show; the journey itself goes through the UI.
 */
export async function callBridge<C extends IpcChannel>(request: APIRequestContext, server: CullerServer, channel: C, payload: IpcRequest<C>): Promise<IpcReply<C>> {
  const response = await request.post(`${server.baseUrl}/bridge/${channel}`, { data: { request: payload ?? null } });
  if (!response.ok()) throw new Error(`bridge ${channel}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as IpcReply<C>;
}

/** The value of a bridge reply, or a thrown error naming the channel and the error code. */
export async function bridgeValue<C extends IpcChannel>(request: APIRequestContext, server: CullerServer, channel: C, payload: IpcRequest<C>): Promise<IpcResponse<C>> {
  const reply = await callBridge(request, server, channel, payload);
  if (!reply.ok) throw new Error(`bridge ${channel}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}
