import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiHome, type ApiHome } from '../../testing/api.js';

let home: ApiHome;
before(async () => (home = await apiHome()));
after(() => home.close());

const SEED_COLUMNS = ['id', 'pattern_type', 'device_id', 'pattern_metadata', 'confidence', 'occurrences', 'created_at'];

describe('GET /api/patterns/list (the replaced service)', () => {
  it('answers in its envelope with exactly the columns of the patterns table', async () => {
    const res = await home.request('/api/patterns/list?min_confidence=0.7');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { success: boolean; data: { patterns: Record<string, unknown>[]; count: number }; message: string };
    assert.equal(body.success, true);
    assert.equal(body.data.count, 2);
    assert.equal(body.message, 'Retrieved 2 patterns');
    for (const row of body.data.patterns) assert.deepEqual(Object.keys(row), SEED_COLUMNS);
    assert.deepEqual(body.data.patterns[0], {
      id: 1,
      pattern_type: 'time_based',
      device_id: 'light.living_room',
      pattern_metadata: { typical_time: '18:30', day_type: 'all', spread_minutes: 12, mask_days_matched: 27, mask_days_observed: 30 },
      confidence: 0.9,
      occurrences: 27,
      created_at: '2026-11-25T09:59:30.000Z',
    });
  });

  it('filters by pattern_type and device_id and limits to at most 1000', async () => {
    const res = await home.request('/api/patterns/list?pattern_type=duration&device_id=light.kitchen_ceiling&limit=1000');
    assert.equal(((await res.json()) as { data: { count: number } }).data.count, 1);
    for (const query of ['limit=1001', 'limit=0', 'limit=-1', 'min_confidence=2', `device_id=${encodeURIComponent("x' OR '1'='1")}&limit=abc`]) {
      const bad = await home.request(`/api/patterns/list?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(((await bad.json()) as { error: string }).error, 'bad_request', query);
    }
    const injected = await home.request(`/api/patterns/list?device_id=${encodeURIComponent("x' OR '1'='1")}`);
    assert.equal(((await injected.json()) as { data: { count: number } }).data.count, 0);
  });
});

describe('GET /api/patterns/stats', () => {
  it('gives totals by type, distinct devices and average confidence', async () => {
    const res = await home.request('/api/patterns/stats');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      success: true,
      data: {
        total_patterns: 3,
        by_type: { time_based: 1, co_occurrence: 1, duration: 1 },
        unique_devices: 2,
        avg_confidence: 0.7667,
        avg_confidence_by_type: { time_based: 0.9, co_occurrence: 0.8, duration: 0.6 },
        total_occurrences: 77,
      },
      message: 'Pattern statistics retrieved successfully',
    });
  });
});
