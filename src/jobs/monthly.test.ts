import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTOR_SETTINGS as S } from '../detectors/settings.js';
import { calendar } from '../testing/home.js';
import { simulateDays } from '../simulate/index.js';
import { type AggregateRecord, BUCKETS, type PatternRow, type Storage } from '../storage/types.js';
import { type BackendKind, forEachBackend, openTestStorage } from '../testing/backends.js';
import { DAILY_MEASUREMENTS, runDailyJob } from './daily.js';
import { runMonthlyJob } from './monthly.js';
import { tempDirs } from '../testing/temp.js';

const tempDir = tempDirs('monthly');
const store = (kind: BackendKind) => openTestStorage(kind, tempDir(), { rawDays: 10_000, dailyDays: 10_000, weeklyWeeks: 10_000, patternDays: null });
const MONTHS = ['2026-08', '2026-09', '2026-10'];
const HOME = { days: 92, eventsPerDay: 400, seed: 11, timeZone: 'Europe/Berlin', lastDay: '2026-10-31' };
/** Days whose daily jobs the InfluxDB home runs itself; it takes the others' Layer 2 from the SQLite home. */
const OWN_DAYS = 3;

/** Three months of a simulated home through the daily jobs (on SQLite, built once): Layer 2 is what the monthly job reads. */
let embedded: Promise<Storage> | undefined;
function embeddedHome(): Promise<Storage> {
  embedded ??= (async () => {
    const storage = await store('sqlite');
    const days: string[] = [];
    for (const d of simulateDays(HOME)) {
      await storage.events.append(d.events);
      days.push(d.day);
    }
    for (const day of days) await runDailyJob(storage, calendar, day, S);
    return storage;
  })();
  return embedded;
}

/**
 * The same home on the backend. InfluxDB, kept lean: the SQLite home's Layer 2 (its monthly jobs
 * leave Layer 2 as it was) for all but the last days, whose raw events (and the day before's, for
 * the look-back) it stores and whose daily jobs it runs itself.
 */
async function simulatedHome(kind: BackendKind): Promise<Storage> {
  const reference = await embeddedHome();
  if (kind === 'sqlite') return reference;
  const storage = await store(kind);
  const simulated = [...simulateDays(HOME)];
  for (const d of simulated.slice(-(OWN_DAYS + 1))) await storage.events.append(d.events);
  const own = new Set(simulated.slice(-OWN_DAYS).map((d) => d.day));
  const byDay = new Map<string, AggregateRecord[]>();
  for (const r of await reference.aggregates.query({ bucket: BUCKETS.daily })) if (!own.has(r.period)) byDay.set(r.period, [...(byDay.get(r.period) ?? []), r]);
  for (const [period, records] of byDay) await storage.aggregates.replace({ bucket: BUCKETS.daily, period, measurements: DAILY_MEASUREMENTS, records });
  for (const day of own) await runDailyJob(storage, calendar, day, S);
  return storage;
}

/** A record as text, keys in order (a backend need not keep the order tags and fields were written in). */
const canonical = (r: AggregateRecord) => JSON.stringify([r.measurement, r.period, r.time, Object.entries(r.tags).sort(), Object.entries(r.fields).sort()]);

const summary = (rows: readonly PatternRow[]) => rows.map((p) => [p.pattern_type, p.device_id, p.pattern_key, p.confidence, p.occurrences, JSON.stringify(p.pattern_metadata)].join(' ')).sort();
const groupC = (storage: Storage) => storage.patterns.list({ limit: 10_000 }).filter((p) => p.pattern_type === 'contextual' || p.pattern_type === 'seasonal');

forEachBackend('monthly job (Group C)', (kind) => {
  let full: Storage;
  before(async () => {
    full = await simulatedHome(kind);
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
    // a clock routine is not a sun pattern: every sun pattern follows sunset or sunrise itself
    const sun = full.patterns.list({ patternType: 'contextual', limit: 1000 }).filter((p) => (p.pattern_metadata['context'] as { kind: string }).kind === 'sun');
    assert.deepEqual(sun.filter((p) => p.pattern_metadata['follows_change'] !== true).map((p) => p.device_id), []);
    assert.equal(context('switch.coffee_machine'), undefined, 'the 06:49 coffee is a time routine, not "used while the sun is up"');
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
    const layer3 = async () => (await full.aggregates.query({ bucket: BUCKETS.weekly })).map(canonical).sort();
    const patterns = summary(groupC(full));
    const records = await layer3();
    assert.ok((await full.events.deleteBefore(Date.parse('2100-01-01'))) > 0);
    assert.equal((await full.events.stats()).records, 0);
    for (const month of MONTHS) await runMonthlyJob(full, calendar, month, S);
    assert.deepEqual(await layer3(), records);
    assert.deepEqual(summary(groupC(full)), patterns);
  });

  if (kind !== 'sqlite') {
    it('gives the Layer 2, Layer 3 and Group C patterns the embedded store gives', async () => {
      const reference = await embeddedHome();
      for (const bucket of [BUCKETS.daily, BUCKETS.weekly]) {
        const records = async (s: Storage) => (await s.aggregates.query({ bucket })).map(canonical).sort();
        assert.deepEqual(await records(full), await records(reference), bucket);
      }
      assert.deepEqual(summary(groupC(full)), summary(groupC(reference)));
    });
  }
});
