import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { configSchema } from '../config.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { apiConfig, calendar, LAN, NOW, REMOTE_HEADER, seed, TOKEN } from '../testing/api.js';
import { CONTENT_SECURITY_POLICY, createDashboardApp } from './server.js';

let dir: string;
let storage: SqliteStorage;
let app: ReturnType<typeof createDashboardApp>;
/** What the app logged, one JSON line each. */
const logged: { level: number; msg: string }[] = [];
/** Nothing listens here: the data-api is down. */
const DOWN = 'http://127.0.0.1:9';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homerhythm-dashboard-app-'));
  storage = new SqliteStorage(dir);
  await seed(storage);
  app = createDashboardApp({ storage, config: apiConfig({ token: TOKEN }, dir), calendar: () => calendar, clock: () => NOW, apiUrl: DOWN, remoteAddress: (c) => c.req.header(REMOTE_HEADER) ?? '127.0.0.1', log: pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) }) });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(app.request(`http://127.0.0.1:3000${path}`, { headers }));

describe('the dashboard app', () => {
  it('serves the page, its modules and the libraries from this machine, each with the CSP', async () => {
    for (const [path, type] of [['/', 'text/html'], ['/app/main.js', 'text/javascript'], ['/style.css', 'text/css'], ['/vendor/preact.mjs', 'text/javascript'], ['/vendor/preact-hooks.mjs', 'text/javascript'], ['/vendor/htm.mjs', 'text/javascript'], ['/vendor/uplot.mjs', 'text/javascript'], ['/vendor/uplot.css', 'text/css']] as const) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', new RegExp(type), path);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    }
    const html = await (await get('/')).text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another host');
    assert.match(await (await get('/vendor/preact-hooks.mjs')).text(), /from"\.\/preact\.mjs"/);
  });

  it('lets the browser keep its copy of a static file: ETag, revalidated each load, 304 when unchanged', async () => {
    for (const path of ['/', '/app/main.js', '/vendor/uplot.mjs', '/style.css']) {
      const first = await get(path);
      const tag = first.headers.get('etag');
      assert.match(tag ?? '', /^"[0-9a-f]+"$/, path);
      assert.equal(first.headers.get('cache-control'), 'no-cache', path);
      const again = await get(path, { 'if-none-match': tag! });
      assert.equal(again.status, 304, path);
      assert.equal(await again.text(), '', path);
      assert.equal(again.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
      assert.equal((await get(path, { 'if-none-match': '"stale"' })).status, 200, path);
    }
    assert.equal((await get('/dashboard/home')).headers.get('etag'), null, 'data is not cached');
  });

  it('gzips text for a browser that takes it, and sends it plain otherwise', async () => {
    for (const path of ['/vendor/uplot.mjs', '/app/main.js', '/style.css', '/dashboard/home']) {
      const plain = await get(path);
      const body = Buffer.from(await plain.arrayBuffer());
      assert.equal(plain.headers.get('content-encoding'), null, path);
      const zipped = await get(path, { 'accept-encoding': 'gzip' });
      assert.equal(zipped.headers.get('content-encoding'), 'gzip', path);
      const bytes = Buffer.from(await zipped.arrayBuffer());
      assert.ok(bytes.length < body.length, `${path}: ${bytes.length} of ${body.length}`);
      assert.deepEqual(gunzipSync(bytes), body, path);
    }
  });

  it('allows scripts from this origin only', () => {
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
  });

  it('puts the CSP on errors too, and serves nothing outside web/', async () => {
    for (const path of ['/app/../../package.json', '/app/%2e%2e/%2e%2e/package.json', '/app/%E0%A4%A', '/vendor/nothing.mjs', '/app/types.d.mts', '/nowhere']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
    }
  });

  it('says the data-api is down, and how to start it, when it does not answer', async () => {
    for (const path of ['/api/v1/patterns', '/health']) {
      const res = await get(path);
      assert.equal(res.status, 502);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'api_unreachable');
      assert.match(body.message, /not reachable.*npx homerhythm serve/);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    }
  });

  it('tells the page about the home, its entities and an entity heatmap', async () => {
    const info = (await (await get('/dashboard/home')).json()) as Record<string, unknown>;
    assert.equal(info['time_zone'], 'Europe/Berlin');
    assert.equal(info['ha_configured'], false);
    assert.equal(info['token_configured'], true);
    const entities = (await (await get('/dashboard/entities')).json()) as { entities: { entity_id: string; name: string; area_id: string }[] };
    assert.deepEqual(entities.entities.map((e) => [e.entity_id, e.name, e.area_id]).sort(), [['light.kitchen_ceiling', 'Kitchen', 'kitchen'], ['light.living_room', 'Living room', 'living_room']]);
    const map = (await (await get('/dashboard/heatmap?entity_id=light.kitchen_ceiling&days=30')).json()) as { days: { day: string; hours: number[] | null }[] };
    assert.equal(map.days.length, 30);
    assert.equal(map.days.at(-1)?.day, '2026-11-24');
    assert.equal(map.days.at(-1)?.hours?.[7], 1, 'the 07:00 activation (minute 420) is in hour 7');
  });

  it('refuses bad parameters with a 4xx that says what is wrong', async () => {
    assert.equal((await get('/dashboard/heatmap?entity_id=<script>')).status, 400);
    assert.equal((await get('/dashboard/heatmap?entity_id=light.kitchen_ceiling&days=9999')).status, 400);
    assert.equal((await get('/dashboard/heatmap?entity_id=light.unknown')).status, 404);
    assert.equal((await get('/dashboard/suggestions/abc')).status, 400);
    assert.equal((await get('/dashboard/suggestions/999999')).status, 404);
  });

  it('gives a suggestion for a time-based pattern and a reason for a duration pattern', async () => {
    const patterns = storage.patterns.list();
    const timeBased = patterns.find((p) => p.pattern_type === 'time_based')!;
    const s = (await (await get(`/dashboard/suggestions/${timeBased.id}`)).json()) as { available: boolean; yaml: string };
    assert.equal(s.available, true);
    assert.match(s.yaml, /trigger: time/);
    const duration = patterns.find((p) => p.pattern_type === 'duration')!;
    const d = (await (await get(`/dashboard/suggestions/${duration.id}`)).json()) as { available: boolean; reason: string };
    assert.equal(d.available, false);
  });

  it('follows the data-api access rules: another machine needs the token', async () => {
    assert.equal((await get('/dashboard/entities', { [REMOTE_HEADER]: LAN })).status, 401);
    assert.equal((await get('/dashboard/entities', { [REMOTE_HEADER]: LAN, authorization: `Bearer ${TOKEN}` })).status, 200);
    // a page whose name was rebound to 127.0.0.1 must not read the home through the browser
    const rebound = await app.request('http://evil.example:3000/dashboard/entities');
    assert.equal(rebound.status, 403);
    // the page itself carries no data and loads from anywhere
    assert.equal((await get('/', { [REMOTE_HEADER]: LAN })).status, 200);
  });

  it('answers names of Object.prototype under /vendor/ with a 404, and logs no error (issue 18)', async () => {
    logged.length = 0;
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      const res = await get(`/vendor/${name}`);
      assert.equal(res.status, 404, name);
      assert.equal(((await res.json()) as { error: string }).error, 'not_found', name);
    }
    for (const path of ['/app/x.constructor', '/app/__proto__', '/app/toString']) assert.equal((await get(path)).status, 404, path);
    assert.deepEqual(logged.filter((l) => l.level >= 50), [], 'nothing logged as an error');
  });

  it('treats a proxied request from an untrusted peer as remote, X-Real-IP included', async () => {
    for (const headers of [{ 'x-real-ip': '127.0.0.1' }, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
      const res = await get('/dashboard/home', headers);
      assert.equal(res.status, 401, JSON.stringify(headers));
    }
  });

  it("as a Home Assistant App: serves the ingress proxy as HA's logged-in user, passing its requests to the data-api as local", async () => {
    const seen: (string | null)[] = [];
    const api = createServer((req, res) => {
      seen.push((req.headers['x-forwarded-for'] as string | undefined) ?? null);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const config = configSchema.parse({ ...apiConfig({ token: TOKEN }, dir), dashboard: { port: 3000, bind: '0.0.0.0', ingress_proxy: '172.30.32.2' } });
      const ingress = createDashboardApp({ storage, config, calendar: () => calendar, clock: () => NOW, apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`, remoteAddress: (c) => c.req.header(REMOTE_HEADER) });
      // As the Supervisor sends it: the browser in X-Forwarded-For, HA's host name.
      const asSupervisor = { [REMOTE_HEADER]: '172.30.32.2', 'x-forwarded-for': '192.168.1.20, 172.30.32.1', 'x-ingress-path': '/api/hassio_ingress/abc' };
      assert.equal((await ingress.request('http://homeassistant.local:8123/dashboard/home', { headers: asSupervisor })).status, 200);
      assert.equal((await ingress.request('http://homeassistant.local:8123/api/v1/patterns', { headers: asSupervisor })).status, 200);
      assert.deepEqual(seen, [null], 'the data-api sees a local request');
      assert.equal((await ingress.request('http://172.30.33.5:3000/dashboard/home', { headers: { [REMOTE_HEADER]: '172.30.32.3' } })).status, 401, 'another container');
    } finally {
      await new Promise((resolve) => api.close(resolve));
    }
  });
});

