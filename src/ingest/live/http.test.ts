import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { accessPolicy } from '../../http/index.js';
import { ingestApp } from './http.js';

const TOKEN = 'test-token-0123456789abcdef';
const PEER = 'x-test-peer';
const health = { ingest: () => ({ status: 'ok' as const }), all: () => ({}) };

function app(token: string | undefined) {
  return ingestApp(health, new Registry(), { policy: accessPolicy({ bind: '127.0.0.1', api: { token } }), peer: (c) => c.req.header(PEER) ?? '127.0.0.1' });
}

describe('the ingest port (8001) follows the one access policy (issue 18)', () => {
  it('serves /health and /metrics to loopback naming a loopback host', async () => {
    for (const path of ['/health', '/metrics']) assert.equal((await app(TOKEN).request(`http://127.0.0.1:8001${path}`)).status, 200, path);
  });

  it('refuses another machine without the token (401), with it serves (200)', async () => {
    for (const path of ['/health', '/metrics', '/nope']) {
      const res = await app(TOKEN).request(`http://10.0.0.1:8001${path}`, { headers: { [PEER]: '192.168.1.20' } });
      assert.equal(res.status, 401, path);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="homerhythm"');
      assert.equal(((await res.json()) as { error: string }).error, 'unauthorized');
    }
    assert.equal((await app(TOKEN).request('http://10.0.0.1:8001/metrics', { headers: { [PEER]: '192.168.1.20', authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await app(undefined).request('http://10.0.0.1:8001/health', { headers: { [PEER]: '192.168.1.20' } })).status, 403);
  });

  it('refuses a rebound host name and a proxied request without the token', async () => {
    assert.equal((await app(TOKEN).request('http://evil.example:8001/health')).status, 403);
    assert.equal((await app(TOKEN).request('http://127.0.0.1:8001/health', { headers: { 'x-real-ip': '127.0.0.1' } })).status, 401);
  });
});
