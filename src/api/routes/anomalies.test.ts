import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PatternUpsert } from '../../storage/types.js';
import { apiHome, calendar, NOW, type ApiHome } from '../../testing/api.js';

interface Anomaly {
  day: string;
  kind: string;
  device_id: string;
  surprise: number;
  phase: string | null;
  start_day: string | null;
  description: string;
}
interface List {
  since: string;
  total: number;
  limit: number;
  anomalies: Anomaly[];
}

const anomaly = (day: string, kind: string, deviceId: string, surprise: number, metadata: Record<string, unknown>): PatternUpsert => ({
  patternType: 'anomaly',
  deviceId,
  key: `${String(metadata['start_day'] ?? day)}:${kind}`,
  areaId: null,
  confidence: Math.min(1, surprise / 10),
  occurrences: 1,
  lastSeen: calendar.day(day).start,
  metadata: { kind, day, surprise, usual: {}, observed: {}, ...metadata },
});

let home: ApiHome;
before(async () => {
  home = await apiHome({ seeded: false });
  const patterns = [
    anomaly('2026-11-20', 'count_high', 'switch.kettle', 8.8, { usual: { low: 4, high: 7 }, observed: { count: 49 } }),
    anomaly('2026-11-20', 'hour', 'switch.kettle', 2.2, { usual: { hours: [7, 8], margin_hours: 2, days: 28 }, observed: { hours: [3] } }),
    anomaly('2026-11-23', 'home_quiet', 'home', 40, { phase: 'end', start_day: '2026-11-21', observed: { from: '2026-11-21 14:00', to: '2026-11-23 11:00', quiet_hours: 45 } }),
    anomaly('2026-10-01', 'count_high', 'switch.kettle', 30, { usual: { low: 4, high: 7 }, observed: { count: 90 } }),
    { ...anomaly('2026-11-22', 'count', 'light.old', 3, {}), metadata: { day: '2026-11-22', kind: 'count' } },
  ];
  const runId = home.storage.runs.start('daily', '2026-11-24', NOW - 60_000);
  await home.storage.commitJob({ runId, status: 'success', counts: {}, finishedAt: NOW - 30_000, aggregates: [], patterns });
});
after(() => home.close());

const list = async (query = '') => {
  const res = await home.request(`/api/v1/anomalies${query}`);
  return { status: res.status, body: (await res.json()) as List };
};

describe('GET /api/v1/anomalies', () => {
  it('lists the recent ones newest day first, most surprising first within a day, each with why', async () => {
    const { status, body } = await list();
    assert.equal(status, 200);
    assert.equal(body.since, '2026-10-26', '30 days (detectors.anomaly.recent_days) before now');
    assert.deepEqual(body.anomalies.map((a) => `${a.day} ${a.kind}`), ['2026-11-23 home_quiet', '2026-11-20 count_high', '2026-11-20 hour']);
    assert.equal(body.anomalies[1]!.description, '49 uses of switch.kettle on Friday 20 Nov; usually 4–7');
    assert.deepEqual([body.anomalies[0]!.phase, body.anomalies[0]!.start_day, body.anomalies[1]!.phase], ['end', '2026-11-21', null]);
    assert.match(body.anomalies[0]!.description, /^The home was far quieter than usual from Saturday 21 Nov 14:00/);
  });

  it('reaches back with since (Layer 4 keeps them), limits, and refuses a bad since', async () => {
    const all = await list('?since=-60d&limit=2');
    assert.deepEqual([all.body.total, all.body.anomalies.length, all.body.limit], [4, 2, 2]);
    const day = await list('?since=2026-11-21');
    assert.deepEqual(day.body.anomalies.map((a) => a.day), ['2026-11-23']);
    assert.equal((await list('?since=yesterday')).status, 400);
    assert.equal((await list('?limit=0')).status, 400);
    assert.equal((await list('?other=1')).status, 400);
  });
});
