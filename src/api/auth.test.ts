import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, LAN, TOKEN, type ApiHome } from '../testing/api.js';
import { isLoopback, isLoopbackHost, tokensEqual } from './auth.js';

/** Every resource, including ones that do not exist: access is decided before routing. */
const PATHS = [
  '/health',
  '/metrics',
  '/openapi.json',
  '/api/v1/events',
  '/api/v1/aggregates/daily',
  '/api/v1/aggregates/union?daily=time_based_daily',
  '/api/v1/patterns',
  '/api/v1/patterns/1',
  '/api/v1/jobs',
  '/api/v1/storage',
  '/api/patterns/list',
  '/api/patterns/stats',
  '/no/such/path',
];

describe('auth helpers', () => {
  it('compares tokens in constant time, whatever their lengths', () => {
    assert.equal(tokensEqual(TOKEN, TOKEN), true);
    assert.equal(tokensEqual(`${TOKEN}x`, TOKEN), false);
    assert.equal(tokensEqual('', TOKEN), false);
    assert.equal(tokensEqual(TOKEN.toUpperCase(), TOKEN), false);
  });

  it('knows loopback addresses and names', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
    for (const a of [undefined, '', '192.168.1.20', '::ffff:192.168.1.20', '10.0.0.1', '1270.0.0.1', '127.0.0.1.nip.io', '::2', 'fe80::1']) assert.equal(isLoopback(a), false, String(a));
    for (const h of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '[::1]']) assert.equal(isLoopbackHost(h, '127.0.0.1'), true, h);
    for (const h of ['evil.example', 'localhost.evil.example', '192.168.1.20']) assert.equal(isLoopbackHost(h, '127.0.0.1'), false, h);
    assert.equal(isLoopbackHost('192.168.1.20', '192.168.1.20'), true, 'the bound address');
    assert.equal(isLoopbackHost('0.0.0.0', '0.0.0.0'), false);
  });
});

describe('access with a token configured', () => {
  let home: ApiHome;
  before(async () => (home = await apiHome()));
  after(() => home.close());

  it('lets loopback read without a token', async () => {
    for (const path of PATHS.filter((p) => p !== '/no/such/path')) assert.equal((await home.request(path)).status, 200, path);
  });

  it('refuses every request from another address without the token: 401 JSON with a challenge', async () => {
    for (const path of PATHS) {
      const res = await home.request(path, { from: LAN });
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="homerhythm"', path);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'unauthorized', path);
      assert.match(body.message, /from 192\.168\.1\.20 need Authorization: Bearer/);
    }
  });

  it('lets another address in with the token (scheme in any case)', async () => {
    for (const path of PATHS.filter((p) => p !== '/no/such/path')) assert.equal((await home.request(path, { from: LAN, token: true })).status, 200, path);
    const res = await home.request('/api/v1/patterns', { from: LAN, headers: { authorization: `bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
  });

  it('refuses a wrong or malformed token, from anywhere', async () => {
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Bearer', `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      for (const from of [LAN, '127.0.0.1']) {
        const res = await home.request('/api/v1/patterns', { from, headers: { authorization } });
        assert.equal(res.status, 401, `${authorization} from ${from}`);
      }
    }
  });

  it('treats a proxied request and an unknown address as remote', async () => {
    assert.equal((await home.request('/api/v1/patterns', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 401);
    assert.equal((await home.request('/api/v1/patterns', { headers: { forwarded: 'for=203.0.113.9' } })).status, 401);
    assert.equal((await home.request('/api/v1/patterns', { headers: { 'x-forwarded-for': '203.0.113.9' }, token: true })).status, 200);
    const unknown = await apiHome({ seeded: false, deps: { remoteAddress: () => undefined } });
    try {
      assert.equal((await unknown.request('/api/v1/patterns')).status, 401);
    } finally {
      await unknown.close();
    }
  });

  it('treats X-Real-IP as a proxy too, and a forwarding header from an untrusted peer as remote (issue 18)', async () => {
    // A same-host reverse proxy that sends only X-Real-IP must not make its clients local.
    for (const headers of [{ 'x-real-ip': '203.0.113.9' }, { 'x-real-ip': '127.0.0.1' }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }] as Record<string, string>[]) {
      const res = await home.request('/api/v1/patterns', { headers });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.match(((await res.json()) as { message: string }).message, /through a proxy that is not in trusted_proxies/);
    }
  });

  it('believes forwarding headers from a trusted proxy: local only when the real client is loopback', async () => {
    const proxied = await apiHome({ seeded: false, trustedProxies: ['127.0.0.1'] });
    try {
      assert.equal((await proxied.request('/api/v1/patterns', { headers: { 'x-real-ip': '127.0.0.1' } })).status, 200);
      assert.equal((await proxied.request('/api/v1/patterns', { headers: { 'x-forwarded-for': '192.168.1.20, 127.0.0.1' } })).status, 401);
      assert.equal((await proxied.request('/api/v1/patterns', { headers: { 'x-real-ip': '192.168.1.20' } })).status, 401);
      assert.equal((await proxied.request('/api/v1/patterns', { from: LAN, headers: { 'x-real-ip': '127.0.0.1' } })).status, 401, 'the LAN peer is no trusted proxy');
    } finally {
      await proxied.close();
    }
  });

  it('without an injected address source, reads the socket: none in-process, so remote', async () => {
    const plain = await apiHome({ seeded: false, deps: { remoteAddress: undefined } });
    try {
      assert.equal((await plain.app.request('/api/v1/patterns')).status, 401);
    } finally {
      await plain.close();
    }
  });

  it('refuses a tokenless loopback request naming a non-loopback host (DNS rebinding)', async () => {
    const res = await home.app.request('http://evil.example:8006/api/v1/patterns', { headers: { 'x-test-remote-address': '127.0.0.1' } });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /not a loopback name/);
    const withToken = await home.app.request('http://evil.example:8006/api/v1/patterns', { headers: { 'x-test-remote-address': '127.0.0.1', authorization: `Bearer ${TOKEN}` } });
    assert.equal(withToken.status, 200);
  });
});

describe('access without a token configured', () => {
  let home: ApiHome;
  before(async () => (home = await apiHome({ api: {} })));
  after(() => home.close());

  it('serves loopback', async () => {
    assert.equal((await home.request('/api/v1/patterns')).status, 200);
  });

  it('refuses other addresses with 403 saying how to set a token', async () => {
    for (const path of PATHS) {
      const res = await home.request(path, { from: LAN, token: 'anything-at-all-0000' });
      assert.equal(res.status, 403, path);
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'forbidden');
      assert.match(body.message, /set HOMERHYTHM_API_TOKEN/);
    }
  });

  it('refuses admin endpoints with 403, also on loopback', async () => {
    for (const [method, path] of [['DELETE', '/api/v1/patterns?older_than_days=1'], ['POST', '/api/v1/jobs/daily/run'], ['POST', '/api/v1/jobs/weekly/run'], ['POST', '/api/v1/jobs/monthly/run']] as const) {
      const res = await home.request(path, { method });
      assert.equal(res.status, 403, path);
      assert.match(((await res.json()) as { message: string }).message, /admin endpoints need an API token/);
    }
  });
});
