import { afterAll, beforeAll } from 'vitest';
import { useTestEngine } from '../../../test-support/test-engine.js';
import { ApiClients } from '../../engine/catalog/api-clients.repo.js';
import type { CullingEngine, EngineOptions } from '../../engine/engine.js';
import { startApiServer, type ApiServer, type RatingApiOptionsInput } from '../rating-api.js';

export type TestClient = { clientId: string; secret: string };

export type ApiHarness = {
  /** http://127.0.0.1:<port>/api/v1 */
  base: () => string;
  engine: () => CullingEngine;
  clients: () => ApiClients;
  addClient: (limits?: { quota?: number | null; requestsPerMinute?: number }) => Promise<TestClient>;
  tokenFor: (client: TestClient) => Promise<string>;
};

/** A real engine and the API on a real socket (127.0.0.1, port 0) for one test file. */
export function useApiServer(options: RatingApiOptionsInput = {}, engineOptions: Omit<EngineOptions, 'home'> = {}): ApiHarness {
  const engine = useTestEngine(engineOptions);
  let server: ApiServer | null = null;
  beforeAll(async () => {
    server = await startApiServer({ engine: engine(), options });
  });
  afterAll(async () => {
    await server?.close();
  });
  const base = (): string => `${server!.url}/api/v1`;
  const clients = (): ApiClients => new ApiClients(engine().catalog.database);
  return {
    base,
    engine,
    clients,
    addClient: async (limits = {}) => {
      const { client, secret } = await clients().add({ name: 'test', quota: limits.quota ?? null, requestsPerMinute: limits.requestsPerMinute ?? 1000 });
      return { clientId: client.clientId, secret };
    },
    tokenFor: async (client) => {
      const response = await fetch(`${base()}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret }),
      });
      if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
  };
}
