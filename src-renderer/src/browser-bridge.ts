import {
  IPC_CHANNELS,
  apiMethodName,
  type AppEventListener,
  type CullerApi,
  type IpcChannel,
  type IpcResult,
} from '../../src-preload/contract/ipc-contract.js';
import type { AppEvent, MediaKind } from '../../src-preload/contract/library-types.js';

/**
 * `CullerApi` over same-origin HTTP, for the browser build served by `culler serve`:
 * every channel is `POST /bridge/<channel>` with `{"request": payload}`, the answer is the same
 * IpcReply the desktop preload returns; events arrive as Server-Sent Events on /bridge/events.
 * The server authenticates with a same-origin cookie, so nothing here carries credentials.
 */

function failure(message: string): IpcResult<never> {
  return { ok: false, error: { code: 'internal_error', message } };
}

function looksLikeReply(body: unknown): body is IpcResult<unknown> {
  return typeof body === 'object' && body !== null && 'ok' in body && typeof (body as { ok: unknown }).ok === 'boolean';
}

/** Like the preload's invoke, it never rejects: a network failure or a non-JSON answer is an error value. */
async function post(channel: IpcChannel, request: unknown): Promise<IpcResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/bridge/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // `undefined` would vanish from the JSON; the protocol spells "no payload" as null.
      body: JSON.stringify({ request: request ?? null }),
      credentials: 'same-origin',
    });
  } catch (error) {
    return failure(`The local server did not answer ${channel}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failure(`The local server answered ${channel} with HTTP ${response.status} and no JSON reply`);
  }
  return looksLikeReply(body) ? body : failure(`The local server answered ${channel} with something that is not a reply (HTTP ${response.status})`);
}

/**
 * One EventSource shared by every listener, opened with the first and closed with the last.
 * EventSource reconnects on its own after a dropped connection, so there is no retry loop here.
 * The server does not replay what happened while no stream was open (the page loading, a dropped
 * connection), so each time the stream opens the listeners hear the state afresh: the import's
 * status as read now, and "changed" for the folders, the stacks and the photos on screen.
 */
function createEventHub(): (listener: AppEventListener) => () => void {
  const listeners = new Set<AppEventListener>();
  let source: EventSource | null = null;

  const emit = (event: AppEvent) => {
    for (const listener of listeners) listener(event);
  };
  const dispatch = (message: MessageEvent<string>) => {
    let event: AppEvent;
    try {
      event = JSON.parse(message.data) as AppEvent;
    } catch {
      console.warn('culler: ignored an event that is not JSON', message.data);
      return;
    }
    emit(event);
  };
  const catchUp = async () => {
    const status = await post('import:status', null);
    if (status.ok) emit({ type: 'import-progress', status: status.value as Extract<AppEvent, { type: 'import-progress' }>['status'] });
    emit({ type: 'folders-changed' });
    emit({ type: 'groups-changed' });
    emit({ type: 'photos-changed', photoIds: [] });
  };

  return (listener) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource('/bridge/events');
      source.onmessage = dispatch;
      source.onopen = () => void catchUp();
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}

export function createBrowserBridge(): CullerApi {
  const calls: Record<string, (request?: unknown) => Promise<IpcResult<unknown>>> = {};
  for (const channel of IPC_CHANNELS) calls[apiMethodName(channel)] = (request?: unknown) => post(channel, request);
  const onEvent = createEventHub();
  const mediaUrl = (kind: MediaKind, imageHash: string) => `/media/${kind}/${encodeURIComponent(imageHash)}`;
  // Built from IPC_CHANNELS, which the contract proves covers every channel; the cast only
  // restores the per-channel signatures that a loop over names cannot express.
  return { ...calls, onEvent, mediaUrl } as unknown as CullerApi;
}
