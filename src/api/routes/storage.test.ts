import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, type ApiHome } from '../../testing/api.js';

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

describe('GET /api/v1/storage', () => {
  it('describes each layer: records, bytes, oldest, newest, retention', async () => {
    const res = await home.request('/api/v1/storage');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { backend: string; layers: { layer: number; name: string; records: number; bytes: number; oldest: string | null; newest: string | null; retention_days: number | null }[] };
    assert.equal(body.backend, 'sqlite');
    assert.deepEqual(
      body.layers.map((l) => [l.layer, l.name, l.records, l.retention_days]),
      [
        [1, 'home_assistant_events', 8, 7],
        [2, 'pattern_aggregates_daily', 270, 90],
        [3, 'pattern_aggregates_weekly', 28, 364], // 13 weeks × 2 day types, 2 monthly roll-ups
        [4, 'patterns', 3, null],
      ],
    );
    assert.ok(body.layers.every((l) => l.bytes > 0));
    assert.deepEqual([body.layers[0]!.oldest, body.layers[0]!.newest], ['2026-11-23T06:00:00.000Z', '2026-11-24T18:30:00.000Z']);
    assert.equal(body.layers[1]!.oldest, '2026-08-26T22:00:00.000Z', 'the first seeded day, local midnight');
  });
});
