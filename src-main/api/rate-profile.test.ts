import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { useApiServer } from './test-fixtures/api-harness.js';

const api = useApiServer();

type Judged = { needs_review: boolean; review_reason: string | null; cached: boolean; why: { profile: { id: string; rules: string[] } } };

async function bearer(): Promise<Record<string, string>> {
  const client = await api.addClient({ quota: 10 });
  const response = await fetch(`${api.base()}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret }),
  });
  return { authorization: `Bearer ${((await response.json()) as { access_token: string }).access_token}` };
}

function landscapeForm(): FormData {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(corpusFile('camera', 'apple-iphone-5.jpg'))]), 'apple-iphone-5.jpg');
  return form;
}

describe('the API judges as the hosted services do (portfolio) unless a request names a profile', () => {
  it('?profile=landscape takes "no face" out of the review reasons; without it, portfolio; an unknown profile is a 400 before any quota', async () => {
    const auth = await bearer();
    // Even when the library's own profile is landscape, the API's default stays portfolio.
    api.engine().setProfile('landscape');
    const hosted = await fetch(`${api.base()}/rate`, { method: 'POST', headers: auth, body: landscapeForm() });
    expect(hosted.status).toBe(200);
    const portfolio = (await hosted.json()) as Judged;
    expect(portfolio.why.profile.id).toBe('portfolio');
    expect(portfolio.needs_review).toBe(true);
    expect(portfolio.review_reason).toMatch(/no face found/);

    const asked = await fetch(`${api.base()}/rate?profile=landscape`, { method: 'POST', headers: auth, body: landscapeForm() });
    expect(asked.status).toBe(200);
    const landscape = (await asked.json()) as Judged;
    expect(landscape.cached).toBe(true);
    expect(landscape.why.profile.id).toBe('landscape');
    expect(landscape.review_reason ?? '').not.toMatch(/no face/);

    const bad = await fetch(`${api.base()}/rate?profile=street`, { method: 'POST', headers: auth, body: landscapeForm() });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error_code: 'validation_error' });
    const usage = (await (await fetch(`${api.base()}/usage`, { headers: auth })).json()) as { used: number };
    expect(usage.used).toBe(2);

    const document = (await (await fetch(`${api.base()}/openapi.json`)).json()) as {
      paths: Record<string, { post: { parameters?: Array<{ name: string; in: string; schema: { enum: string[] } }> } }>;
      components: { schemas: { RateUrlRequest: { properties: Record<string, unknown> } } };
    };
    expect(document.paths['/rate']!.post.parameters).toEqual([expect.objectContaining({ name: 'profile', in: 'query', schema: expect.objectContaining({ enum: ['portfolio', 'wedding', 'landscape'] }) })]);
    expect(document.components.schemas.RateUrlRequest.properties).toHaveProperty('profile');
  }, 120_000);
});
