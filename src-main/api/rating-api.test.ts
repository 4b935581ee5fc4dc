import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../../test-support/corpus.js';
import { ApiClients } from '../engine/catalog/api-clients.repo.js';
import { Catalog } from '../engine/catalog/catalog.repo.js';
import { homeLayout } from '../engine/paths.js';
import { useApiServer } from './test-fixtures/api-harness.js';

const api = useApiServer();

function photoForm(...parts: string[]): FormData {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(corpusFile(...parts))]), parts.at(-1));
  return form;
}

describe('the local rating API over HTTP', () => {
  it('token → rate → usage → feedback, as the hosted service does it', async () => {
    const client = await api.addClient({ quota: 5 });
    const tokenResponse = await fetch(`${api.base()}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret }),
    });
    expect(tokenResponse.status).toBe(200);
    const token = (await tokenResponse.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toEqual({ access_token: expect.stringMatching(/^ct_/), token_type: 'bearer', expires_in: 3600 });
    const auth = { authorization: `Bearer ${token.access_token}` };

    const rated = await fetch(`${api.base()}/rate`, { method: 'POST', headers: auth, body: photoForm('faces', 'obama.jpg') });
    expect(rated.status).toBe(200);
    const result = (await rated.json()) as Record<string, unknown> & { image_hash: string; dimension_scores: Record<string, unknown> };
    for (const field of ['rating', 'score', 'tags', 'content_rating', 'quality', 'rejected', 'is_original', 'portfolio_prob', 'needs_review', 'review_reason', 'face_count', 'face_confidence', 'analyzers']) {
      expect(result, field).toHaveProperty(field);
    }
    expect(result.image_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.face_count).toBe(1);
    expect(Object.keys(result.dimension_scores)).toHaveLength(18);
    expect(result.cached).toBe(false);

    const second = await fetch(`${api.base()}/rate`, { method: 'POST', headers: auth, body: photoForm('faces', 'alex-lacamoire.png') });
    expect(second.status).toBe(200);

    const usage = await fetch(`${api.base()}/usage`, { headers: auth });
    expect(await usage.json()).toEqual({ used: 2, limit: 5, remaining: 3 });

    const feedback = await fetch(`${api.base()}/feedback`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ image_hash: result.image_hash, user_score: 82, dimension_feedback: { lighting: 9.0, composition: 7.5 } }),
    });
    expect(feedback.status).toBe(200);
    expect(await feedback.json()).toMatchObject({ feedback_id: expect.any(Number), image_hash: result.image_hash });
    const stored = api.engine().catalog.feedbackFor(result.image_hash);
    expect(stored).toEqual([
      expect.objectContaining({ source: 'api', clientId: client.clientId, userScore: 82, dimensionFeedback: { lighting: 9, composition: 7.5 } }),
    ]);

    const unknown = await fetch(`${api.base()}/feedback`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ image_hash: 'f'.repeat(64), user_score: 50 }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_code: 'not_found' });
  });

  it('rates a camera RAW upload from its embedded preview, and says why one with only a thumbnail cannot be rated', async () => {
    const client = await api.addClient({ quota: 5 });
    const token = (await (
      await fetch(`${api.base()}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret }),
      })
    ).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${token.access_token}` };
    const rated = await fetch(`${api.base()}/rate`, { method: 'POST', headers: auth, body: photoForm('raw', 'sony-slt-a55v-truncated.arw') });
    expect(rated.status).toBe(200);
    const result = (await rated.json()) as { quality: { width: number; height: number }; source: { format: string; raw: { preview: string } } };
    expect(result.source).toMatchObject({ format: 'arw', raw: { preview: 'IFD0:PreviewImage' } });
    expect([result.quality.width, result.quality.height]).toEqual([1616, 1080]);
    const thumbnailOnly = await fetch(`${api.base()}/rate`, { method: 'POST', headers: auth, body: photoForm('raw', 'canon-eos-r-cut128k.cr3') });
    expect(thumbnailOnly.status).toBe(422);
    expect(await thumbnailOnly.json()).toMatchObject({ error_code: 'raw_preview_too_small', message: expect.stringContaining('Canon EOS R') });
  });

  it('persists usage in the catalog, where a fresh connection reads it', async () => {
    const client = await api.addClient({ quota: 3 });
    const token = await api.tokenFor(client);
    const rated = await fetch(`${api.base()}/rate`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: photoForm('faces', 'biden.jpg') });
    expect(rated.status).toBe(200);
    // The count lives in the catalog file, not in the server process.
    const reopened = Catalog.open(homeLayout(api.engine().home).catalogFile);
    expect(new ApiClients(reopened.database).usage(client.clientId)).toEqual({ used: 1, limit: 3, remaining: 2 });
    reopened.close();
  });
});
