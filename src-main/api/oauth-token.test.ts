import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../cli/clients-command.js';
import { useApiServer } from './test-fixtures/api-harness.js';

const api = useApiServer();

const form = (fields: Record<string, string>): { headers: Record<string, string>; body: string } => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('POST /token as standard OAuth 2.0 libraries send it', () => {
  it('accepts the form-encoded client-credentials grant, with the secret in the body or in HTTP Basic', async () => {
    const client = await api.addClient({});
    const inBody = form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret });
    const bodyResponse = await fetch(`${api.base()}/token`, { method: 'POST', ...inBody });
    expect(bodyResponse.status).toBe(200);
    expect(await bodyResponse.json()).toMatchObject({ access_token: expect.stringMatching(/^ct_/), token_type: 'bearer', expires_in: 3600 });

    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString('base64');
    const grantOnly = form({ grant_type: 'client_credentials' });
    const basicResponse = await fetch(`${api.base()}/token`, { method: 'POST', body: grantOnly.body, headers: { ...grantOnly.headers, authorization: `Basic ${basic}` } });
    expect(basicResponse.status).toBe(200);
    const { access_token } = (await basicResponse.json()) as { access_token: string };
    const usage = await fetch(`${api.base()}/usage`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(usage.status).toBe(200);
  });

  it('refuses another grant type, a wrong secret and missing credentials with clear errors', async () => {
    const client = await api.addClient({});
    const password = await fetch(`${api.base()}/token`, { method: 'POST', ...form({ grant_type: 'password', client_id: client.clientId, client_secret: client.secret }) });
    expect(password.status).toBe(400);
    const wrong = await fetch(`${api.base()}/token`, { method: 'POST', ...form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'nope' }) });
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${api.base()}/token`, { method: 'POST', ...form({ grant_type: 'client_credentials' }) });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toMatch(/HTTP Basic/);
  });

  it('lets a plain loop over a shoot through: a new client may make 600 requests a minute', () => {
    expect(DEFAULT_REQUESTS_PER_MINUTE).toBeGreaterThanOrEqual(600);
  });

  it('documents the form-encoded token request in OpenAPI', async () => {
    const document = (await (await fetch(`${api.base()}/openapi.json`)).json()) as { paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }> };
    const token = Object.entries(document.paths).find(([path]) => path.endsWith('/token'))![1];
    expect(Object.keys(token.post!.requestBody!.content)).toEqual(expect.arrayContaining(['application/json', 'application/x-www-form-urlencoded']));
  });
});

describe('OpenAPI documents every nullable field of the rating result', () => {
  it('says when and why each nullable property is null', async () => {
    type Schema = { properties?: Record<string, Schema>; anyOf?: Schema[]; type?: string; description?: string };
    const document = (await (await fetch(`${api.base()}/openapi.json`)).json()) as { components: { schemas: Record<string, Schema> } };
    const undocumented: string[] = [];
    let nullableCount = 0;
    const walk = (schema: Schema, at: string): void => {
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const isNullable = property.anyOf?.some((option) => option.type === 'null') || property.type === 'null';
        if (isNullable) nullableCount++;
        if (isNullable && !/^null /.test(property.description ?? '')) undocumented.push(`${at}.${name}`);
        walk(property, `${at}.${name}`);
      }
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) if (/Rating|Dimension/.test(name)) walk(schema, name);
    expect(nullableCount).toBeGreaterThan(20);
    expect(undocumented).toEqual([]);
  });
});
