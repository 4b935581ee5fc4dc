import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFile } from '../../../test-support/corpus.js';
import { startImageHost, type ImageHost } from '../test-fixtures/image-host.js';
import { fetchImageBytes, pinnedLookup, type UrlFetchOptions } from './safe-fetch.js';

let host: ImageHost;
beforeAll(async () => {
  host = await startImageHost();
});
afterAll(() => host.close());

// 127.0.0.1 plays the public internet here; every other loopback address stays refused.
const options: UrlFetchOptions = { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 3_000, maxRedirects: 5, maxBytes: 2 * 1024 * 1024 };

describe('fetching a caller URL', () => {
  it('downloads the bytes, following redirects', async () => {
    const fetched = await fetchImageBytes(`${host.origin}/chain/2`, options);
    expect(fetched).toMatchObject({ ok: true, finalUrl: `${host.origin}/corpus/faces/obama.jpg` });
    expect(fetched.ok && fetched.bytes.equals(readFileSync(corpusFile('faces', 'obama.jpg')))).toBe(true);
  });

  it('refuses loopback by default, by name too', async () => {
    const defaults = { ...options, allowPrivateAddresses: false };
    expect(await fetchImageBytes(`${host.origin}/corpus/faces/obama.jpg`, defaults)).toMatchObject({ ok: false, error: { code: 'url_blocked_address' } });
    const byName = await fetchImageBytes(`http://localhost:${host.port}/corpus/faces/obama.jpg`, defaults);
    expect(byName).toMatchObject({ ok: false, error: { code: 'url_blocked_address', message: expect.stringMatching(/^localhost resolves to .*loopback/) } });
    expect(await fetchImageBytes(`http://[::ffff:127.0.0.1]:${host.port}/`, defaults)).toMatchObject({ ok: false, error: { code: 'url_blocked_address' } });
  });

  it('checks every redirect hop again', async () => {
    for (const target of [`http://127.0.0.2:${host.port}/corpus/faces/obama.jpg`, 'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/']) {
      const fetched = await fetchImageBytes(`${host.origin}/redirect?to=${encodeURIComponent(target)}`, options);
      expect(fetched, target).toMatchObject({ ok: false, error: { code: 'url_blocked_address' } });
    }
    const metadata = await fetchImageBytes(`${host.origin}/redirect?to=${encodeURIComponent('http://169.254.169.254/')}`, { ...options, allowPrivateAddresses: true });
    expect(metadata).toMatchObject({ ok: false, error: { code: 'url_blocked_address' } });
  });

  it('stops after the redirect limit', async () => {
    // /chain/4 takes 5 redirects to reach the photo, /chain/5 takes 6.
    expect(await fetchImageBytes(`${host.origin}/chain/4`, options)).toMatchObject({ ok: true });
    expect(await fetchImageBytes(`${host.origin}/chain/5`, options)).toMatchObject({ ok: false, error: { code: 'url_too_many_redirects' } });
  });

  it('refuses other schemes and unresolvable names', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/a.jpg', 'gopher://127.0.0.1/']) {
      expect(await fetchImageBytes(url, options), url).toMatchObject({ ok: false, error: { code: 'url_scheme_not_allowed' } });
    }
    expect(await fetchImageBytes('http://no-such-host.invalid/a.jpg', options)).toMatchObject({ ok: false, error: { code: 'url_unresolvable' } });
  });

  it('enforces the size limit while streaming and from Content-Length', async () => {
    expect(await fetchImageBytes(`${host.origin}/endless`, options)).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
    expect(await fetchImageBytes(`${host.origin}/huge`, options)).toMatchObject({ ok: false, error: { code: 'file_too_large' } });
  });

  it('gives up at the total time limit', async () => {
    const started = performance.now();
    expect(await fetchImageBytes(`${host.origin}/silent`, { ...options, timeoutMs: 300 })).toMatchObject({ ok: false, error: { code: 'url_timeout' } });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reports error answers', async () => {
    expect(await fetchImageBytes(`${host.origin}/missing`, options)).toMatchObject({ ok: false, error: { code: 'url_fetch_failed', message: expect.stringMatching(/HTTP 404/) } });
  });

  it('pins the connection to the checked address whatever the name', () => {
    const lookup = pinnedLookup({ address: '203.0.113.7', family: 4 });
    const answers: unknown[] = [];
    lookup('rebinding.example', { all: true }, (_error, all) => answers.push(all));
    lookup('rebinding.example', {}, (_error, address, family) => answers.push([address, family]));
    expect(answers).toEqual([[{ address: '203.0.113.7', family: 4 }], ['203.0.113.7', 4]]);
  });
});
