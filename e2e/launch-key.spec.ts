/**
 * The browser build's defences, against a real `culler serve`: nothing answers without this
 * launch's key, a request naming another host (DNS rebinding) is refused, a state-changing request
 * from another origin is refused even when the browser attaches the cookie, and the media route
 * serves content hashes only.
 */
import { startCullerServer, makeTempHome, removeTempHome, type CullerServer } from './support/culler-server.js';
import { expect, openApp, test } from './support/fixtures.js';
import { rawRequest, startHostilePageServer } from './support/raw-http.js';

let server: CullerServer;
let home: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  home = await makeTempHome();
  // The defences do not depend on the models; without them the server starts faster.
  server = await startCullerServer({ home, models: false });
});

test.afterAll(async () => {
  await server?.stop();
  if (home) await removeTempHome(home);
});

const port = () => Number(new URL(server.baseUrl).port);
const host = () => new URL(server.baseUrl).host;
const cookie = () => `culler_session=${server.key}`;

test('the page without the key, or with a wrong one, is a 401 that says where the key is', async ({ page }) => {
  const bare = await page.goto(server.baseUrl + '/');
  expect(bare?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('culler serve');

  const wrong = await page.goto(`${server.baseUrl}/?key=${'A'.repeat(server.key.length)}`);
  expect(wrong?.status()).toBe(401);
  expect(await page.context().cookies()).toEqual([]);

  // Nothing behind the entry answers without the cookie either: the app's scripts, the bridge, events, media.
  for (const path of ['/index.html', '/bridge/events', `/media/thumb/${'0'.repeat(64)}`]) {
    const response = await rawRequest({ port: port(), path, headers: { Host: host() } });
    expect(response.status, path).toBe(401);
  }
  const bridge = await rawRequest({ port: port(), method: 'POST', path: '/bridge/app:info', headers: { Host: host(), 'Content-Type': 'application/json' }, body: '{"request":null}' });
  expect(bridge.status).toBe(401);
});

test('the printed address trades the key for an HttpOnly, SameSite=Strict cookie and leaves the address bar', async ({ page }) => {
  await openApp(page, server);
  expect(page.url()).not.toContain('key=');
  const cookies = await page.context().cookies(server.baseUrl);
  expect(cookies).toHaveLength(1);
  expect(cookies[0]).toMatchObject({ name: 'culler_session', value: server.key, httpOnly: true, sameSite: 'Strict' });
  // Script in the page cannot read it.
  expect(await page.evaluate('document.cookie')).toBe('');

  const reply = await page.request.post(`${server.baseUrl}/bridge/app:info`, { data: { request: null } });
  expect(reply.status()).toBe(200);
  expect(await reply.json()).toMatchObject({ ok: true, value: { door: 'browser' } });
});

test('a bridge call naming another host is refused (DNS rebinding), even with the cookie', async () => {
  const headers = { Cookie: cookie(), 'Content-Type': 'application/json' };
  const body = '{"request":null}';
  const good = await rawRequest({ port: port(), method: 'POST', path: '/bridge/app:info', headers: { ...headers, Host: host() }, body });
  expect(good.status).toBe(200);

  for (const foreignHost of [`attacker.example:${port()}`, 'attacker.example', `127.0.0.1:${port() + 1}`, '']) {
    const response = await rawRequest({ port: port(), method: 'POST', path: '/bridge/app:info', headers: { ...headers, Host: foreignHost }, body });
    expect(response.status, `Host: ${foreignHost}`).toBe(421);
    expect(response.body).not.toContain('"ok"');
  }
  const page = await rawRequest({ port: port(), path: `/?key=${server.key}`, headers: { Host: `attacker.example:${port()}` } });
  expect(page.status).toBe(421);
  expect(page.headers['set-cookie']).toBeUndefined();
});

test('a bridge POST with a foreign Origin is refused, and changes nothing', async () => {
  const addFolder = (origin: string | null) =>
    rawRequest({
      port: port(),
      method: 'POST',
      path: '/bridge/library:addFolder',
      headers: { Host: host(), Cookie: cookie(), 'Content-Type': 'application/json', ...(origin === null ? {} : { Origin: origin }) },
      body: JSON.stringify({ request: { path: home } }),
    });
  for (const origin of ['https://attacker.example', `http://attacker.example:${port()}`, `http://127.0.0.1:${port() + 1}`, 'null', `https://${host()}`]) {
    const response = await addFolder(origin);
    expect(response.status, `Origin: ${origin}`).toBe(403);
  }
  const folders = await rawRequest({ port: port(), method: 'POST', path: '/bridge/library:folders', headers: { Host: host(), Cookie: cookie(), 'Content-Type': 'application/json' }, body: '{"request":null}' });
  expect(JSON.parse(folders.body)).toEqual({ ok: true, value: [] });
});

test('a page on another local port cannot drive the bridge, though the browser sends it the cookie', async ({ page }) => {
  await openApp(page, server);
  // Same site (127.0.0.1), other origin: a SameSite=Strict cookie still goes along, so only the
  // Origin check stands between a hostile local page and the library.
  const hostile = await startHostilePageServer(`<!doctype html><title>hostile</title><script>
    window.attempt = fetch(${JSON.stringify(`${server.baseUrl}/bridge/library:addFolder`)}, {
      method: 'POST', credentials: 'include', mode: 'no-cors',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ request: { path: '/tmp' } }),
    }).then(() => 'sent', (error) => String(error));
  </script>`);
  try {
    const refused = page.waitForResponse((response) => response.url().endsWith('/bridge/library:addFolder'));
    await page.goto(hostile.url);
    const response = await refused;
    expect(response.status()).toBe(403);
    expect(await response.request().headerValue('cookie')).toContain('culler_session=');
  } finally {
    await hostile.close();
  }
  const folders = await page.request.post(`${server.baseUrl}/bridge/library:folders`, { data: { request: null } });
  expect(await folders.json()).toEqual({ ok: true, value: [] });
});

test('the media route serves content hashes only', async () => {
  const get = (path: string) => rawRequest({ port: port(), path, headers: { Host: host(), Cookie: cookie() } });
  for (const path of [
    '/media/thumb/not-a-hash',
    '/media/thumb/catalog.sqlite',
    `/media/thumb/${'g'.repeat(64)}`,
    `/media/thumb/${'0'.repeat(63)}`,
    `/media/thumb/${'0'.repeat(64)}.jpg`,
    `/media/original/${'0'.repeat(64)}`,
    '/media/thumb/..%2F..%2Fcatalog.sqlite',
    '/media/thumb/%2e%2e',
  ]) {
    const response = await get(path);
    expect(response.status, path).toBeGreaterThanOrEqual(400);
    expect(response.status, path).toBeLessThan(500);
    expect(response.headers['content-type'] ?? '', path).not.toContain('image/');
  }
  expect((await get('/media/thumb/not-a-hash')).status).toBe(400);
  // Well-formed but unknown: not found, not an error.
  expect((await get(`/media/thumb/${'0'.repeat(64)}`)).status).toBe(404);
});
