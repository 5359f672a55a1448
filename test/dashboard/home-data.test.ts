/**
 * The overview's data (/dashboard/rhythm) and the patterns ranked by usefulness
 * (/dashboard/patterns) on the small seeded home of the API tests: a living-room light every
 * evening at 18:20, a kitchen light every morning at 07:00, and their patterns.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDashboardApp } from '../../src/dashboard/server.js';
import { rankedPatterns, rhythm, routineScore, usefulness, type RankedPatterns, type Rhythm } from '../../src/dashboard/home-data.js';
import { SqliteStorage } from '../../src/storage/sqlite/index.js';
import type { PatternRow } from '../../src/storage/types.js';
import { apiConfig, calendar, NOW, seed } from '../../src/testing/api.js';
import { at } from '../../src/testing/home.js';

let dir: string;
let storage: SqliteStorage;
let app: ReturnType<typeof createDashboardApp>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'homerhythm-home-data-'));
  storage = new SqliteStorage(dir);
  await seed(storage);
  for (const p of [
    { patternType: 'anomaly', deviceId: 'light.kitchen_ceiling', key: '2026-11-20/count_high', areaId: 'kitchen', metadata: { day: '2026-11-20', kind: 'count_high' }, confidence: 1, occurrences: 1, lastSeen: at('2026-11-20', '00:00') },
    { patternType: 'anomaly', deviceId: 'light.living_room', key: '2026-11-22/count_high', areaId: 'living_room', metadata: { day: '2026-11-22', kind: 'count_high' }, confidence: 1, occurrences: 1, lastSeen: at('2026-11-22', '00:00') },
  ]) storage.patterns.upsertSync(p, NOW);
  app = createDashboardApp({ storage, config: apiConfig({}, dir), calendar: () => calendar, clock: () => NOW, apiUrl: 'http://127.0.0.1:9', remoteAddress: () => '127.0.0.1' });
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await app.request(`http://127.0.0.1:3000${path}`);
  return { status: res.status, body: (await res.json()) as T };
};

describe('/dashboard/rhythm', () => {
  it('gives each area its usual weekday and weekend by hour, from Layer 2', async () => {
    const { status, body } = await get<Rhythm>('/dashboard/rhythm?days=28');
    assert.equal(status, 200);
    assert.equal(body.weekdays + body.weekends, 28);
    assert.equal(body.weekends, 8);
    assert.deepEqual([body.first, body.last], ['2026-10-28', '2026-11-24']);
    const living = body.areas.find((a) => a.area_id === 'living_room')!;
    const kitchen = body.areas.find((a) => a.area_id === 'kitchen')!;
    // one activation a day at 18:20 and at 07:00: the usual day has 1 in that hour, 0 elsewhere
    assert.equal(living.weekday[18], 1);
    assert.equal(living.weekend[18], 1);
    assert.equal(living.weekday.reduce((a, b) => a + b, 0), 1);
    assert.equal(kitchen.weekday[7], 1);
    assert.equal(kitchen.weekday[18], 0);
    assert.equal(living.activations, 28);
  });

  it('places the routines found on the day, by area and minute, most useful first', async () => {
    const { body } = await get<Rhythm>('/dashboard/rhythm');
    const evening = body.routines.find((r) => r.entity_id === 'light.living_room')!;
    assert.deepEqual([evening.type, evening.area_ids, evening.minute, evening.day_type], ['time_based', ['living_room'], 18 * 60 + 30, 'all']);
    assert.deepEqual(body.routines.map((r) => r.score), [...body.routines.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('shows the last complete day against a usual one of its kind when today has nothing yet', async () => {
    const { body } = await get<Rhythm>('/dashboard/rhythm');
    assert.equal(body.day!.today, false);
    assert.equal(body.day!.day, '2026-11-24');
    assert.equal(body.day!.hours[18], 1);
    assert.equal(body.day!.usual[7], 1);
  });

  it('shows today so far from Layer 1, hours to come left empty', async () => {
    const now = at('2026-11-24', '20:15');
    const r = await rhythm(storage, calendar, now, 28);
    assert.equal(r.day!.today, true);
    assert.equal(r.day!.day, '2026-11-24');
    // the seeded pulses that day: kitchen at 07:00, living room at 18:30
    assert.equal(r.day!.hours[7], 1);
    assert.equal(r.day!.hours[18], 1);
    assert.equal(r.day!.hours[20], 0);
    assert.equal(r.day!.hours[21], null);
    assert.equal(r.day!.hours.filter((n) => n !== null).length, 21);
  });

  it('refuses a window it cannot give', async () => {
    assert.equal((await get('/dashboard/rhythm?days=3')).status, 400);
    assert.equal((await get('/dashboard/rhythm?days=x')).status, 400);
  });
});

describe('/dashboard/patterns: most useful first', () => {
  it('lists every pattern once, routines by usefulness, then anomalies newest first, in pages', async () => {
    const all = await get<RankedPatterns>('/dashboard/patterns?limit=500');
    assert.equal(all.body.total, storage.patterns.count());
    const routines = all.body.patterns.filter((p) => p.pattern_type !== 'anomaly');
    assert.deepEqual(routines.map((p) => p.usefulness.score), routines.map((p) => p.usefulness.score).sort((a, b) => b - a));
    const tail = all.body.patterns.slice(routines.length);
    assert.deepEqual(tail.map((p) => p.pattern_metadata['day']), ['2026-11-22', '2026-11-20']);
    const page2 = await get<RankedPatterns>('/dashboard/patterns?limit=2&offset=2');
    assert.deepEqual(page2.body.patterns.map((p) => p.id), all.body.patterns.slice(2, 4).map((p) => p.id));
    assert.ok(all.body.patterns.every((p) => typeof p.description === 'string' && p.description !== ''));
  });

  it('filters like the data-api, and refuses a confidence out of 0..1', async () => {
    const kitchen = await get<RankedPatterns>('/dashboard/patterns?area_id=kitchen');
    assert.equal(kitchen.body.total, storage.patterns.count({ areaId: 'kitchen' }));
    assert.ok(kitchen.body.patterns.every((p) => p.area_id === 'kitchen'));
    assert.equal((await get('/dashboard/patterns?min_confidence=2')).status, 400);
    assert.equal(rankedPatterns(storage, { patternType: 'anomaly' }, 10, 0).total, 2);
  });
});

describe('usefulness', () => {
  const row = (type: string, metadata: Record<string, unknown>, confidence = 1): PatternRow => ({ id: 1, pattern_type: type, device_id: 'light.x', pattern_metadata: metadata, confidence, occurrences: 10, created_at: '', pattern_key: 'k', area_id: null, updated_at: '', last_seen: '' });

  it('ranks the more frequent, the more regular and the one doing more by hand higher', () => {
    const base = usefulness(row('time_based', { days_matched: 20, days_observed: 28, spread_minutes: 5 }));
    assert.equal(base.per_week, 5);
    assert.ok(usefulness(row('time_based', { days_matched: 28, days_observed: 28, spread_minutes: 5 })).score > base.score, 'more often');
    assert.ok(usefulness(row('time_based', { days_matched: 20, days_observed: 28, spread_minutes: 45 })).score < base.score, 'less regular');
    assert.ok(usefulness(row('session', { days: Array(20).fill('d'), days_observed: 28, start_spread_minutes: 5, entities: ['a', 'b', 'c'] })).score > base.score, 'more by hand');
    assert.ok(usefulness(row('time_based', { days_matched: 20, days_observed: 28, spread_minutes: 5 }, 0.5)).score < base.score, 'holds less often');
    assert.equal(usefulness(row('anomaly', { day: '2026-11-20' })).score, 0);
    assert.deepEqual([base.timed, usefulness(row('duration', {})).timed], [true, false]);
  });

  it('routineScore: activations a week, damped by spread', () => {
    assert.equal(routineScore(7, 1, 0), 7);
    assert.equal(routineScore(7, 1, 30), 3.5);
    assert.equal(routineScore(7, 0.5, 0), 3.5);
    assert.equal(routineScore(7, 1, -10), 7);
  });
});
