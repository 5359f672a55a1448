import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ComponentHealth } from '../../service.js';
import { apiHome, type ApiHome } from '../../testing/api.js';

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

interface Health {
  status: string;
  components: Record<string, ComponentHealth>;
}

describe('GET /health', () => {
  it('is 200 ok when the store answers and nothing reports trouble', async () => {
    const res = await home.request('/health');
    assert.equal(res.status, 200);
    const body = (await res.json()) as Health;
    assert.equal(body.status, 'ok');
    assert.equal(body.components['storage']!.status, 'ok');
    assert.equal(body.components['storage']!.details!['newest_event'], '2026-11-24T18:30:00.000Z');
  });

  it('reports what the other components say: degraded is still 200, down is 503', async () => {
    let ingest: ComponentHealth = { status: 'degraded', message: 'reconnecting to HA' };
    const other = await apiHome({ seeded: false, deps: { health: () => ({ ingest, dashboard: { status: 'disabled' } }) } });
    try {
      let res = await other.request('/health');
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as Health).status, 'degraded');
      ingest = { status: 'down', message: 'invalid HA token' };
      res = await other.request('/health');
      assert.equal(res.status, 503);
      const body = (await res.json()) as Health;
      assert.equal(body.status, 'down');
      assert.equal(body.components['ingest']!.message, 'invalid HA token');
    } finally {
      await other.close();
    }
  });

  it('is 503 when the store cannot be read', async () => {
    const broken = await apiHome({ seeded: false });
    await broken.storage.close();
    const res = await broken.app.request('/health');
    assert.equal(res.status, 503);
    const body = (await res.json()) as Health;
    assert.equal(body.components['storage']!.status, 'down');
    assert.match(body.components['storage']!.message!, /cannot be read/);
    // Other endpoints fail as JSON 500s, not crashes.
    const patterns = await broken.app.request('/api/v1/patterns');
    assert.equal(patterns.status, 500);
    assert.deepEqual(await patterns.json(), { error: 'internal', message: 'internal error (see the homerhythm log)' });
  });
});

describe('GET /metrics', () => {
  it('counts requests by route and status and shows records and bytes per layer', async () => {
    await home.request('/api/v1/patterns/1');
    await home.request('/api/v1/patterns/999');
    await home.request('/no/such/path');
    const res = await home.request('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/plain/);
    const text = await res.text();
    assert.match(text, /homerhythm_api_requests_total\{method="GET",route="\/api\/v1\/patterns\/:id",status="200"\} 1/);
    assert.match(text, /homerhythm_api_requests_total\{method="GET",route="\/api\/v1\/patterns\/:id",status="404"\} 1/);
    assert.match(text, /homerhythm_api_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    assert.doesNotMatch(text, /no\/such\/path/, 'unmatched paths do not become labels');
    // The histogram holds the request; which bucket depends on the machine's load, so count it, not time it.
    assert.match(text, /homerhythm_api_request_duration_seconds_count\{method="GET",route="\/api\/v1\/patterns\/:id",status="200"\} 1/);
    assert.match(text, /homerhythm_layer_records\{layer="2",name="pattern_aggregates_daily"\} 270/);
    assert.match(text, /homerhythm_layer_records\{layer="4",name="patterns"\} 3/);
    assert.match(text, /homerhythm_layer_bytes\{layer="1",name="home_assistant_events"\} \d+/);
  });
});
