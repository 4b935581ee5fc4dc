import { describe, expect, it } from 'vitest';
import { useApiServer } from './test-fixtures/api-harness.js';

/**
 * POST /token cannot be used to stall other clients: a hundred wrong secrets at once do not run a
 * hundred slow scrypt checks in front of another client's right one (over a real socket).
 */
const api = useApiServer({}, { models: false });

const token = (clientId: string, secret: string) =>
  fetch(`${api.base()}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: clientId, client_secret: secret }) });

describe('POST /token under a flood of wrong secrets', () => {
  it('checks few of them, answers the rest 429 with Retry-After, and gives another client its token', async () => {
    const attacked = await api.addClient();
    const other = await api.addClient();
    const flood = Array.from({ length: 100 }, (_, index) => token(attacked.clientId, `wrong-${index}`));
    const valid = token(other.clientId, other.secret);
    const [answers, answer] = await Promise.all([Promise.all(flood), valid]);

    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { access_token: string }).access_token).toMatch(/^ct_/);
    const statuses = answers.map((response) => response.status);
    // One secret of the attacked client is checked at a time, then none during its growing wait:
    // a handful are checked (401), the rest are refused unchecked (429).
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(8);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(92);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
    const refused = answers.find((response) => response.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe('rate_limited');
  }, 60_000);

  it('lets the rightful client in once its wait is over', async () => {
    const client = await api.addClient();
    expect((await token(client.clientId, 'wrong')).status).toBe(401);
    expect((await token(client.clientId, 'wrong again')).status).toBe(401);
    const early = await token(client.clientId, client.secret);
    expect(early.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(early.headers.get('retry-after')) * 1000));
    expect((await token(client.clientId, client.secret)).status).toBe(200);
  }, 60_000);
});
