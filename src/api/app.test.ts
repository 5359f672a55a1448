import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { apiHome, type ApiHome } from '../testing/api.js';

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

describe('the data-api app', () => {
  it('answers unknown paths and methods with a JSON 404', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/api/v2/patterns'], ['POST', '/api/v1/patterns'], ['PUT', '/api/v1/patterns/1'], ['GET', '/api/v1/jobs/daily/run']] as const) {
      const res = await home.request(path, { method, token: true });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(((await res.json()) as { error: string }).error, 'not_found');
    }
  });

  it('describes itself in /openapi.json from the schemas that validate', async () => {
    const res = await home.request('/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[]; security?: unknown[] }>>; components: { securitySchemes: Record<string, unknown> } };
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/patterns/list',
      '/api/patterns/stats',
      '/api/v1/aggregates/daily',
      '/api/v1/aggregates/monthly',
      '/api/v1/aggregates/union',
      '/api/v1/aggregates/weekly',
      '/api/v1/anomalies',
      '/api/v1/events',
      '/api/v1/jobs',
      '/api/v1/jobs/daily/run',
      '/api/v1/jobs/monthly/run',
      '/api/v1/jobs/weekly/run',
      '/api/v1/patterns',
      '/api/v1/patterns/{id}',
      '/api/v1/storage',
      '/api/v1/suggestions',
      '/api/v1/suggestions/fixes',
      '/api/v1/suggestions/{key}/create',
      '/api/v1/suggestions/{key}/feedback',
      '/api/v1/suggestions/{key}/review',
      '/health',
      '/metrics',
    ]);
    const daily = doc.paths['/api/v1/aggregates/daily']!['get']!.parameters!.map((p) => p.name);
    assert.deepEqual(daily.sort(), ['area_id', 'end', 'entity_id', 'every', 'fn', 'limit', 'measurement', 'offset', 'start']);
    assert.deepEqual(doc.paths['/api/v1/patterns']!['delete']!.security, [{ bearer: [] }]);
    assert.ok(doc.components.securitySchemes['bearer']);
  });

  it('refuses a body over api.max_body_bytes with a JSON 413', async () => {
    const small = await apiHome({ seeded: false, api: { max_body_bytes: 1024 } });
    try {
      const res = await small.request('/api/v1/jobs/monthly/run', { method: 'POST', token: true, body: 'x'.repeat(2048), headers: { 'content-type': 'text/plain' } });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: string }).error, 'payload_too_large');
    } finally {
      await small.close();
    }
  });

  it('sends no CORS headers unless the origin is configured', async () => {
    const plain = await home.request('/api/v1/patterns', { headers: { origin: 'http://dash.local:3000' } });
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
    const cors = await apiHome({ seeded: false, api: { cors_origins: ['http://dash.local:3000'] } });
    try {
      const allowed = await cors.request('/api/v1/patterns', { headers: { origin: 'http://dash.local:3000' } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://dash.local:3000');
      const other = await cors.request('/api/v1/patterns', { headers: { origin: 'http://evil.example' } });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const preflight = await cors.request('/api/v1/patterns', { method: 'OPTIONS', headers: { origin: 'http://dash.local:3000', 'access-control-request-method': 'DELETE' } });
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://dash.local:3000');
      assert.match(preflight.headers.get('access-control-allow-methods')!, /DELETE/);
    } finally {
      await cors.close();
    }
  });

  it('never answers arbitrary query strings with a 500 or a non-JSON error', async () => {
    const paths = ['/api/v1/events', '/api/v1/aggregates/daily', '/api/v1/aggregates/weekly', '/api/v1/aggregates/monthly', '/api/v1/aggregates/union', '/api/v1/patterns', '/api/v1/patterns/1', '/api/v1/jobs', '/api/patterns/list'];
    const names = ['entity_id', 'area_id', 'device_id', 'pattern_type', 'measurement', 'start', 'end', 'every', 'fn', 'limit', 'offset', 'min_confidence', 'daily', 'daily_start', 'weekly', 'weekly_end', 'monthly', 'job', 'status'];
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('-30d', 'now', '2026-11-24', '2026-13-45', '-1e9d', '1e308', '-0', 'NaN', 'Infinity', "' OR 1=1 --", 'time_based_daily', 'day_type_weekly', '1w', 'mean', '%', '\u0000', '0x10', '[]', '{}'),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 5 }), async (path, params) => {
        const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const res = await home.request(`${path}?${query}`);
        const text = await res.text();
        assert.ok(res.status < 500, `${path}?${query} → ${res.status} ${text}`);
        if (res.status >= 400) {
          const body = JSON.parse(text) as { error: unknown; message: unknown };
          assert.equal(typeof body.error, 'string');
          assert.equal(typeof body.message, 'string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads raw percent-encoding mistakes as values, not crashes', async () => {
    for (const query of ['start=%ZZ', 'entity_id=%E0%A4%A', 'limit=%', 'measurement=%C0%AE']) {
      const res = await home.request(`/api/v1/aggregates/daily?${query}`);
      assert.equal(res.status, 400, query);
    }
  });
});
