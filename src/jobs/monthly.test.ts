import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { calendar } from '../testing/home.js';
import { simulateDays } from '../simulate/index.js';
import { SqliteStorage } from '../storage/sqlite/index.js';
import { BUCKETS, type PatternRow, type Storage } from '../storage/types.js';
import { runDailyJob } from './daily.js';
import { runMonthlyJob } from './monthly.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const store = () => {
  const dir = mkdtempSync(join(tmpdir(), 'homerhythm-monthly-'));
  dirs.push(dir);
  return new SqliteStorage(dir, { rawDays: 10_000, dailyDays: 10_000, weeklyWeeks: 10_000, patternDays: null });
};
const MONTHS = ['2026-08', '2026-09', '2026-10'];

/** Three months of a simulated home through the daily jobs: Layer 2 is what the monthly job reads. */
async function simulatedHome(): Promise<Storage> {
  const storage = store();
  const days: string[] = [];
  for (const d of simulateDays({ days: 92, eventsPerDay: 400, seed: 11, timeZone: 'Europe/Berlin', lastDay: '2026-10-31' })) {
    await storage.events.append(d.events);
    days.push(d.day);
  }
  for (const day of days) await runDailyJob(storage, calendar, day, S);
  return storage;
}

const summary = (rows: readonly PatternRow[]) => rows.map((p) => [p.pattern_type, p.device_id, p.pattern_key, p.confidence, p.occurrences, JSON.stringify(p.pattern_metadata)].join(' ')).sort();
const groupC = (storage: Storage) => storage.patterns.list({ limit: 10_000 }).filter((p) => p.pattern_type === 'contextual' || p.pattern_type === 'seasonal');

describe('monthly job (Group C)', () => {
  let full: Storage;
  before(async () => {
    full = await simulatedHome();
    for (const month of MONTHS) await runMonthlyJob(full, calendar, month, S);
  });

  it('finds the planted contexts and the seasonal drift', () => {
    const found = (type: string, entity: string) => full.patterns.list({ patternType: type, deviceId: entity })[0];
    const context = (entity: string) => (found('contextual', entity)?.pattern_metadata['context'] as { kind: string; value: string } | undefined);
    assert.deepEqual(context('light.garden_path'), { kind: 'sun', value: 'below_horizon', source_entity_id: 'sun.sun', source_entity_ids: ['sun.sun'] });
    assert.equal(context('switch.dehumidifier')?.kind, 'weather');
    assert.equal(context('switch.dehumidifier')?.value, 'rainy');
    assert.equal(context('vacuum.robot')?.kind, 'presence');
    assert.equal(context('vacuum.robot')?.value, 'away');
    // the garden lights follow sunset itself: the change is their trigger
    assert.equal(found('contextual', 'light.garden_path')?.pattern_metadata['follows_change'], true);
    const towel = full.patterns.list({ patternType: 'seasonal', deviceId: 'switch.towel_warmer' }).find((p) => p.pattern_metadata['aspect'] === 'duration');
    assert.ok(towel, 'the towel warmer runs longer month by month');
    assert.equal(towel.pattern_metadata['trend'], 'increasing');
    const garden = full.patterns.list({ patternType: 'seasonal', deviceId: 'light.garden_path' }).find((p) => p.pattern_metadata['aspect'] === 'time');
    assert.ok(garden, 'the garden lights come on earlier as sunset does');
    assert.equal(garden.pattern_metadata['linked_to_daylight'], true);
    assert.equal(garden.pattern_metadata['trend'], 'follows_daylight');
  });

  it('keeps the monthly roll-ups in Layer 3', async () => {
    const layer3 = await full.aggregates.query({ bucket: BUCKETS.weekly, periods: ['2026-10'] });
    const measurements = new Set(layer3.map((r) => r.measurement));
    for (const m of ['contextual_monthly', 'seasonal_monthly', 'entity_monthly', 'daylight_monthly']) assert.ok(measurements.has(m), m);
    const light = layer3.find((r) => r.measurement === 'daylight_monthly')!;
    // Berlin in October: sunset between 17:00 and 19:00 local time
    assert.ok(Number(light.fields['sunset_minute']) > 17 * 60 && Number(light.fields['sunset_minute']) < 19 * 60);
  });

  it('re-running a month replaces its outputs', async () => {
    const before = (await full.aggregates.query({ bucket: BUCKETS.weekly, periods: ['2026-10'] })).length;
    const patterns = summary(groupC(full));
    const again = await runMonthlyJob(full, calendar, '2026-10', S);
    assert.equal(again.status, 'success');
    assert.equal((await full.aggregates.query({ bucket: BUCKETS.weekly, periods: ['2026-10'] })).length, before);
    assert.deepEqual(summary(groupC(full)), patterns);
    assert.equal(full.runs.list({ job: 'monthly', period: '2026-10' }).length, 2);
  });

  it('reads no raw events: with Layer 1 emptied, re-running the months gives the same Layer 3 and patterns', async () => {
    const layer3 = async () => (await full.aggregates.query({ bucket: BUCKETS.weekly })).map((r) => JSON.stringify(r)).sort();
    const patterns = summary(groupC(full));
    const records = await layer3();
    assert.ok((await full.events.deleteBefore(Date.parse('2100-01-01'))) > 0);
    assert.equal((await full.events.stats()).records, 0);
    for (const month of MONTHS) await runMonthlyJob(full, calendar, month, S);
    assert.deepEqual(await layer3(), records);
    assert.deepEqual(summary(groupC(full)), patterns);
  });
});
