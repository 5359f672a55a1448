/**
 * The storage conformance suite: written against the interfaces in `types.ts` only, and run
 * unchanged against every backend (`sqlite/sqlite.test.ts`, and the InfluxDB backend's test).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StateEvent } from '../events/model.js';
import { compareEvents } from '../events/model.js';
import type { AggregateRecord, JobCommit, PatternUpsert, Storage } from './types.js';
import { BUCKETS, StorageInputError } from './types.js';

export interface StorageFixture {
  /** Opens the store of this fixture (a fresh, empty one on the first call; the same data after). */
  open(): Promise<Storage>;
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2026-11-02T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function event(over: Partial<StateEvent> & Pick<StateEvent, 'entityId' | 'time'>): StateEvent {
  return {
    domain: over.entityId.split('.')[0]!,
    state: 'on',
    oldState: 'off',
    attributes: { friendly_name: `Name of ${over.entityId}` },
    deviceId: null,
    areaId: null,
    cause: 'system',
    ...over,
  };
}

async function readAll(storage: Storage, start: number, end: number, extra: { entityIds?: string[]; limit?: number } = {}): Promise<StateEvent[]> {
  const out: StateEvent[] = [];
  for await (const chunk of storage.events.read({ start, end, ...extra })) out.push(...chunk);
  return out;
}

function record(measurement: string, period: string, time: number, tags: Record<string, string>, fields: AggregateRecord['fields'], version = 1): AggregateRecord {
  return { measurement, period, time, tags, fields, version };
}

function pattern(over: Partial<PatternUpsert> = {}): PatternUpsert {
  return {
    patternType: 'time_based',
    deviceId: 'light.kitchen',
    key: 'on@07:00',
    areaId: 'kitchen',
    metadata: { typical_time: '07:00', days_matched: 20, days_observed: 28 },
    confidence: 0.71,
    occurrences: 20,
    lastSeen: T0,
    ...over,
  };
}

/** A small varied home: several entities, ties at one millisecond, microseconds, removals, rich attributes. */
function sampleEvents(): StateEvent[] {
  const events: StateEvent[] = [];
  const entities = ['light.kitchen', 'binary_sensor.hall_motion', 'switch.kettle', 'sensor.outdoor_temp', 'media_player.tv'];
  for (let i = 0; i < 600; i++) {
    const entityId = entities[i % entities.length]!;
    events.push(
      event({
        entityId,
        time: T0 + Math.floor(i / 2) * 60_000 + (i % 7 === 0 ? 0 : 13),
        state: entityId.startsWith('sensor.') ? String(10 + (i % 9) / 2) : i % 4 < 2 ? 'on' : 'off',
        oldState: i < entities.length ? null : i % 4 < 2 ? 'off' : 'on',
        attributes: entityId.startsWith('sensor.') ? { unit_of_measurement: '°C', friendly_name: 'Outdoor' } : i % 3 === 0 ? {} : { friendly_name: entityId, brightness: i % 255 },
        deviceId: i % 2 === 0 ? `device_${i % 5}` : null,
        areaId: i % 3 === 0 ? 'kitchen' : i % 3 === 1 ? 'hall, "main" = 1\\' : null,
        cause: i % 5 === 0 ? 'person' : i % 5 === 1 ? 'automation' : 'system',
        // some at HA's microseconds within their millisecond
        ...(i % 11 === 3 ? { micros: ((i * 37) % 999) + 1 } : {}),
      }),
    );
  }
  events.push(event({ entityId: 'light.removed', time: T0 + 5 * HOUR, state: null, oldState: 'off' }));
  return events.map((e) => ({ ...e, domain: e.entityId.split('.')[0]! }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function storageConformance(name: string, makeFixture: () => Promise<StorageFixture>): void {
  describe(`storage conformance: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;
    const fresh = async () => {
      if (storage) await storage.close();
      if (fixture) await fixture.cleanup();
      fixture = await makeFixture();
      storage = await fixture.open();
    };
    before(fresh);
    after(async () => {
      await storage.close();
      await fixture.cleanup();
    });

    describe('Layer 1: events', () => {
      before(fresh);
      it('stores every field and reads it back in time, then entity order', async () => {
        const events = sampleEvents();
        const result = await storage.events.append(events);
        assert.equal(result.inserted, events.length);
        const back = await readAll(storage, T0, T0 + DAY);
        assert.deepEqual(back, [...events].sort(compareEvents));
      });

      it('stores the same event once, within a batch and across batches', async () => {
        const events = sampleEvents();
        const again = await storage.events.append([events[3]!, events[3]!, events[10]!]);
        assert.deepEqual(again, { inserted: 0, duplicates: 3 });
        const back = await readAll(storage, T0, T0 + DAY);
        assert.equal(back.length, events.length);
      });

      it('reads [start, end) with entity filters and limits', async () => {
        const events = [...sampleEvents()].sort(compareEvents);
        const start = T0 + HOUR;
        const end = T0 + 3 * HOUR;
        const inRange = events.filter((e) => e.time >= start && e.time < end);
        assert.deepEqual(await readAll(storage, start, end), inRange);
        const kitchen = inRange.filter((e) => e.entityId === 'light.kitchen' || e.entityId === 'switch.kettle');
        assert.deepEqual(await readAll(storage, start, end, { entityIds: ['switch.kettle', 'light.kitchen', 'light.nothing'] }), kitchen);
        assert.deepEqual(await readAll(storage, start, end, { limit: 7 }), inRange.slice(0, 7));
        assert.deepEqual(await readAll(storage, start, end, { entityIds: ['light.kitchen'], limit: 3 }), inRange.filter((e) => e.entityId === 'light.kitchen').slice(0, 3));
        assert.deepEqual(await readAll(storage, end, start), []);
      });

      it('finds the last state change of each entity before a time, within a look-back', async () => {
        const events = [...sampleEvents()].sort(compareEvents);
        const at = T0 + 2 * HOUR;
        const last = await storage.events.lastBefore(at, DAY);
        for (const entityId of ['light.kitchen', 'sensor.outdoor_temp', 'media_player.tv']) {
          const expected = events.filter((e) => e.entityId === entityId && e.time < at && e.state !== e.oldState).at(-1);
          assert.ok(expected !== undefined);
          assert.deepEqual(last.get(entityId), expected);
        }
        // an attribute-only update (same state) after the change does not hide it
        const change = last.get('light.kitchen')!;
        await storage.events.append([{ ...change, time: at - 1, oldState: change.state, attributes: { brightness: 1 } }]);
        assert.deepEqual((await storage.events.lastBefore(at, DAY, ['light.kitchen'])).get('light.kitchen'), change);
        assert.equal(last.has('light.removed'), false, 'an entity first seen later is absent');
        const near = await storage.events.lastBefore(at, 1, ['light.kitchen']);
        assert.equal(near.size, 0, 'nothing within 1 ms before');
        assert.equal(await storage.events.newestTime(), events.at(-1)!.time);
      });

      it('gives the same stored result for any arrival order and batch split', async () => {
        await fresh();
        const events = sampleEvents();
        const order = shuffled(events, 7);
        for (let i = 0; i < order.length; i += 37) await storage.events.append(order.slice(i, i + 37));
        await storage.events.append(shuffled(events, 11).slice(0, 100));
        assert.deepEqual(await readAll(storage, T0, T0 + DAY), [...events].sort(compareEvents));
      });

      it('keeps what it stored across a close and reopen', async () => {
        await storage.close();
        storage = await fixture.open();
        assert.equal((await readAll(storage, T0, T0 + DAY)).length, sampleEvents().length);
        const stats = await storage.events.stats();
        assert.equal(stats.records, sampleEvents().length);
        assert.ok(stats.bytes > 0);
        assert.equal(stats.retentionDays, 7);
      });

      it('deletes only events older than a time', async () => {
        const cut = T0 + 2 * HOUR;
        const expected = [...sampleEvents()].sort(compareEvents).filter((e) => e.time >= cut);
        const deleted = await storage.events.deleteBefore(cut);
        assert.equal(deleted, sampleEvents().length - expected.length);
        assert.deepEqual(await readAll(storage, T0, T0 + DAY), expected);
        assert.equal((await storage.events.stats()).oldest, expected[0]!.time);
      });

      it('keeps two states of one entity within one millisecond as two events, to the microsecond', async () => {
        const t = T0 + 20 * HOUR;
        // a power sensor: 876.4 then 854.2 within one millisecond; and a state at a whole millisecond
        const power = [
          event({ entityId: 'sensor.power', time: t, micros: 120, state: '876.4', oldState: '870.0', attributes: { unit_of_measurement: 'W' } }),
          event({ entityId: 'sensor.power', time: t, micros: 870, state: '854.2', oldState: '876.4', attributes: { unit_of_measurement: 'W' } }),
          event({ entityId: 'sensor.power', time: t + 1, state: '850.1', oldState: '854.2', attributes: { unit_of_measurement: 'W' } }),
          event({ entityId: 'light.kitchen', time: t, micros: 500 }),
        ];
        assert.deepEqual(await storage.events.append([power[1]!, power[3]!, power[0]!, power[2]!]), { inserted: 4, duplicates: 0 });
        const sorted = [...power].sort(compareEvents);
        assert.deepEqual(sorted.map((e) => e.state), ['876.4', 'on', '854.2', '850.1']);
        assert.deepEqual(await readAll(storage, t, t + 2), sorted);
        assert.deepEqual(await readAll(storage, t, t + 2, { entityIds: ['sensor.power'] }), sorted.filter((e) => e.entityId === 'sensor.power'));
        assert.deepEqual(await readAll(storage, t, t + 2, { limit: 2 }), sorted.slice(0, 2));
        assert.deepEqual((await storage.events.lastBefore(t + 1, HOUR, ['sensor.power'])).get('sensor.power'), power[1]);
        // the same microsecond of the same entity again is the same event, however it arrives
        assert.deepEqual(await storage.events.append([power[0]!, power[1]!, { ...power[1]! }]), { inserted: 0, duplicates: 3 });
        assert.equal((await readAll(storage, t, t + 2)).length, 4);
        await storage.events.deleteBefore(t + 1);
        assert.deepEqual(await readAll(storage, t - HOUR, t + 2), [power[2]!]);
      });
    });

    describe('Layers 2 and 3: aggregates', () => {
      before(fresh);
      const day1 = record('time_based_daily', '2026-11-02', T0, { entity_id: 'light.kitchen', area_id: 'kitchen' }, { count: 3, minutes: '[420,421,419]' });
      const day1b = record('time_based_daily', '2026-11-02', T0, { entity_id: 'switch.kettle', area_id: 'kitchen' }, { count: 1, minutes: '[425]' });
      const day1c = record('duration_daily', '2026-11-02', T0, { entity_id: 'light.kitchen' }, { seconds: 1200.5, intervals: 2, open: false });
      const day2 = record('time_based_daily', '2026-11-03', T0 + DAY, { entity_id: 'light.kitchen', area_id: 'kitchen' }, { count: 2, minutes: '[430,431]' });
      const hostile = record('co_occurrence_daily', '2026-11-03', T0 + DAY, { device_pair: 'a "b", c=d\\e\nf', area_id: 'hall, "main" = 1\\' }, { note: 'quote " comma , eq = nl \n bs \\', support: 5 });

      it('stores records of a period and reads them by measurement, time and tags', async () => {
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-02', measurements: ['time_based_daily', 'duration_daily'], records: [day1, day1b, day1c] });
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-03', measurements: ['time_based_daily', 'co_occurrence_daily'], records: [day2, hostile] });
        const tb = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: ['time_based_daily'] });
        assert.equal(tb.length, 3);
        assert.deepEqual(tb.map((r) => r.period), ['2026-11-02', '2026-11-02', '2026-11-03']);
        const kitchen = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: ['time_based_daily'], tags: { entity_id: 'light.kitchen' }, start: T0, end: T0 + 2 * DAY });
        assert.deepEqual(kitchen, [day1, day2]);
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, start: T0 + DAY, end: T0 + 2 * DAY, tags: { device_pair: hostile.tags['device_pair']! } }), [hostile]);
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, periods: ['2026-11-02'], measurements: ['duration_daily'] }), [day1c]);
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.weekly }), [], 'buckets are separate');
      });

      it('replaces a period on re-run instead of adding to it', async () => {
        const rerun = record('time_based_daily', '2026-11-02', T0, { entity_id: 'light.kitchen', area_id: 'kitchen' }, { count: 4, minutes: '[1,2,3,4]' });
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-02', measurements: ['time_based_daily'], records: [rerun] });
        const tb = await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: ['time_based_daily'], periods: ['2026-11-02'] });
        assert.deepEqual(tb, [rerun], 'the kettle series of that day is gone, the kitchen one replaced');
        assert.equal((await storage.aggregates.query({ bucket: BUCKETS.daily, measurements: ['duration_daily'] })).length, 1, 'other measurements untouched');
        assert.equal((await storage.aggregates.query({ bucket: BUCKETS.daily, periods: ['2026-11-03'] })).length, 2, 'other periods untouched');
      });

      it('refuses bad records with a clear error and stores none of the batch', async () => {
        const bad = [
          record('time_based_daily', '2026-11-04', T0 + 2 * DAY, { entity_id: 'x.y' }, { count: Number.NaN }),
          record('time_based_daily', '2026-11-04', T0 + 2 * DAY, { entity_id: 'x.y' }, { nested: {} as unknown as string }),
          record('bad measurement', '2026-11-04', T0 + 2 * DAY, {}, { count: 1 }),
          record('time_based_daily', '2026-11-05', T0 + 2 * DAY, {}, { count: 1 }),
          record('time_based_daily', '2026-11-04', T0 + 2 * DAY, { 'bad tag': 'x' }, { count: 1 }),
        ];
        for (const r of bad) {
          const good = record('time_based_daily', '2026-11-04', T0 + 2 * DAY, { entity_id: 'a.b' }, { count: 1 });
          await assert.rejects(storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-04', measurements: ['time_based_daily'], records: [good, r] }), StorageInputError);
        }
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.daily, periods: ['2026-11-04'] }), []);
      });

      it('keeps the version of the summary that wrote each record, in Layer 2 and Layer 3; one written without reads as 1', async () => {
        const v3 = record('time_based_daily', '2026-11-06', T0 + 4 * DAY, { entity_id: 'light.kitchen' }, { count: 2 }, 3);
        const v7 = record('time_based_daily', '2026-11-06', T0 + 4 * DAY, { entity_id: 'switch.kettle' }, { count: 1 }, 7);
        const { version: _, ...unversioned } = record('duration_daily', '2026-11-06', T0 + 4 * DAY, { entity_id: 'light.kitchen' }, { seconds: 5 });
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-06', measurements: ['time_based_daily', 'duration_daily'], records: [v3, v7, unversioned] });
        const read = await storage.aggregates.query({ bucket: BUCKETS.daily, periods: ['2026-11-06'] });
        assert.deepEqual(read.map((r) => [r.measurement, r.tags['entity_id'], r.version]), [['duration_daily', 'light.kitchen', 1], ['time_based_daily', 'light.kitchen', 3], ['time_based_daily', 'switch.kettle', 7]]);
        const month = record('seasonal_monthly', '2026-10', T0 - 10 * DAY, { entity_id: 'light.kitchen' }, { minutes_on: 3 }, 2);
        await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: '2026-10', measurements: ['seasonal_monthly'], records: [month] });
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.weekly, periods: ['2026-10'] }), [month]);
        await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: '2026-10', measurements: ['seasonal_monthly'], records: [] });
        await storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-06', measurements: ['time_based_daily', 'duration_daily'], records: [] });
        for (const version of [0, 1.5, -1]) {
          await assert.rejects(storage.aggregates.replace({ bucket: BUCKETS.daily, period: '2026-11-06', measurements: ['time_based_daily'], records: [{ ...v3, version }] }), StorageInputError);
        }
      });

      it('keeps weekly and monthly periods in Layer 3 and deletes by age per bucket', async () => {
        const week = record('session_weekly', '2026-W45', T0, { session: 'morning' }, { count: 5 });
        const month = record('seasonal_monthly', '2026-11', T0 - DAY, { entity_id: 'light.kitchen' }, { minutes_on: 812.5 });
        await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: '2026-W45', measurements: ['session_weekly'], records: [week] });
        await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: '2026-11', measurements: ['seasonal_monthly'], records: [month] });
        assert.deepEqual(await storage.aggregates.query({ bucket: BUCKETS.weekly }), [month, week]);
        assert.equal(await storage.aggregates.deleteBefore(BUCKETS.daily, T0 + DAY), 2);
        assert.deepEqual((await storage.aggregates.query({ bucket: BUCKETS.daily })).map((r) => r.period), ['2026-11-03', '2026-11-03']);
        assert.equal((await storage.aggregates.query({ bucket: BUCKETS.weekly })).length, 2, 'Layer 3 untouched');
        const stats = await storage.aggregates.stats(BUCKETS.weekly);
        assert.equal(stats.layer, 3);
        assert.equal(stats.records, 2);
        assert.equal(stats.oldest, T0 - DAY);
      });
    });

    describe('job commits and Layer 4', () => {
      before(fresh);
      const batch = (count: number) => ({
        bucket: BUCKETS.daily,
        period: '2026-11-02',
        measurements: ['time_based_daily'],
        records: [record('time_based_daily', '2026-11-02', T0, { entity_id: 'light.kitchen' }, { count })],
      });

      it('commits aggregates, patterns and the run record together', async () => {
        const runId = storage.runs.start('daily', '2026-11-02', T0);
        assert.equal(storage.runs.list({ job: 'daily' })[0]!.status, 'running');
        const commit: JobCommit = { runId, status: 'success', counts: { events: 10 }, finishedAt: T0 + 1000, aggregates: [batch(3)], patterns: [pattern()] };
        await storage.commitJob(commit);
        const run = storage.runs.list({ job: 'daily' })[0]!;
        assert.equal(run.status, 'success');
        assert.deepEqual(run.counts, { events: 10 });
        assert.equal(storage.runs.lastCompleted('daily', '2026-11-02')?.id, runId);
        assert.equal((await storage.aggregates.query({ bucket: BUCKETS.daily })).length, 1);
        const rows = storage.patterns.list();
        assert.equal(rows.length, 1);
        assert.deepEqual(Object.keys(rows[0]!).slice(0, 7), ['id', 'pattern_type', 'device_id', 'pattern_metadata', 'confidence', 'occurrences', 'created_at']);
        assert.deepEqual(rows[0]!.pattern_metadata, pattern().metadata);
      });

      it('leaves no trace when a commit fails part-way', async () => {
        const runId = storage.runs.start('daily', '2026-11-03', T0 + DAY);
        const failing: JobCommit[] = [
          { runId, status: 'success', counts: {}, finishedAt: T0 + DAY, aggregates: [{ ...batch(99), period: '2026-11-03', records: [] }, batch(99)], patterns: [pattern({ deviceId: 'light.other' }), pattern({ confidence: 1.5 })] },
          { runId: 999_999, status: 'success', counts: {}, finishedAt: T0 + DAY, aggregates: [batch(99)], patterns: [pattern({ deviceId: 'light.other' })] },
        ];
        for (const commit of failing) await assert.rejects(storage.commitJob(commit));
        assert.deepEqual((await storage.aggregates.query({ bucket: BUCKETS.daily })).map((r) => r.fields['count']), [3]);
        assert.deepEqual(storage.patterns.list().map((p) => p.device_id), ['light.kitchen']);
        assert.equal(storage.runs.list({ period: '2026-11-03' })[0]!.status, 'running');
        const again = storage.runs.start('daily', '2026-11-03', T0 + DAY + 1);
        const [newest, interrupted] = storage.runs.list({ period: '2026-11-03' });
        assert.equal(newest!.id, again);
        assert.equal(interrupted!.status, 'failed');
        assert.match(interrupted!.error!, /interrupted/);
        storage.runs.fail(again, 'boom', T0 + DAY);
        assert.equal(storage.runs.list({ period: '2026-11-03' })[0]!.status, 'failed');
        assert.equal(storage.runs.lastCompleted('daily', '2026-11-03'), undefined);
        await assert.rejects(storage.commitJob({ runId, status: 'success', counts: {}, finishedAt: T0, aggregates: [], patterns: [] }), /not running/);
        await assert.rejects(storage.commitJob({ runId: again, status: 'success', counts: {}, finishedAt: T0, aggregates: [], patterns: [] }), /not running/);
      });

      it('upserts patterns by identity: same id and created_at, new confidence and counts', async () => {
        const before = storage.patterns.list()[0]!;
        const runId = storage.runs.start('daily', '2026-11-04', T0 + 2 * DAY);
        await storage.commitJob({
          runId, status: 'partial', counts: {}, error: 'anomaly: failed', finishedAt: T0 + 2 * DAY, aggregates: [],
          patterns: [pattern({ confidence: 0.8, occurrences: 21, lastSeen: T0 + 2 * DAY }), pattern({ key: 'on@19:00', lastSeen: T0 + 2 * DAY })],
        });
        const after = storage.patterns.get(before.id)!;
        assert.equal(after.created_at, before.created_at);
        assert.equal(after.confidence, 0.8);
        assert.equal(after.occurrences, 21);
        assert.equal(Date.parse(after.last_seen), T0 + 2 * DAY);
        assert.equal(storage.patterns.count(), 2);
        assert.equal(storage.patterns.count({ minConfidence: 0.75 }), 1);
        assert.equal(storage.patterns.list({ patternType: 'time_based', areaId: 'kitchen', limit: 1, offset: 1 }).length, 1);
        assert.equal(storage.runs.lastCompleted('daily', '2026-11-04')?.status, 'partial');
      });

      it('expires patterns not seen for a while, in the commit that says so', async () => {
        const runId = storage.runs.start('daily', '2026-11-05', T0 + 3 * DAY);
        await storage.commitJob({
          runId, status: 'success', counts: {}, finishedAt: T0 + 3 * DAY, aggregates: [],
          patterns: [pattern({ key: 'on@19:00', lastSeen: T0 + 3 * DAY })],
          expire: { patternTypes: ['time_based'], before: T0 + 2 * DAY + 1 },
        });
        assert.deepEqual(storage.patterns.list().map((p) => p.pattern_key), ['on@19:00']);
      });
    });

    describe('home settings', () => {
      it('merges and keeps what is known of the home', async () => {
        assert.deepEqual(storage.home.get(), {});
        storage.home.set({ timeZone: 'Europe/Berlin', latitude: 52.5 });
        storage.home.set({ longitude: 13.4, timeZone: 'America/New_York' });
        await storage.close();
        storage = await fixture.open();
        assert.deepEqual(storage.home.get(), { timeZone: 'America/New_York', latitude: 52.5, longitude: 13.4 });
      });
    });

    describe('retention', () => {
      before(fresh);
      it('removes from each layer what is older than its retention, and nothing else', async () => {
        const now = T0 + 400 * DAY;
        const ages = [1, 6, 8, 30, 89, 91, 300, 365, 380];
        await storage.events.append(ages.map((a) => event({ entityId: 'light.kitchen', time: now - a * DAY })));
        for (const a of ages) {
          const t = now - a * DAY;
          await storage.aggregates.replace({ bucket: BUCKETS.daily, period: `d${a}`, measurements: ['duration_daily'], records: [record('duration_daily', `d${a}`, t, {}, { seconds: a })] });
          await storage.aggregates.replace({ bucket: BUCKETS.weekly, period: `w${a}`, measurements: ['session_weekly'], records: [record('session_weekly', `w${a}`, t, {}, { count: a })] });
        }
        const runId = storage.runs.start('daily', 'p', now);
        await storage.commitJob({ runId, status: 'success', counts: {}, finishedAt: now, aggregates: [], patterns: [pattern({ lastSeen: now - 1000 * DAY })] });
        const removed = await storage.enforceRetention(now);
        assert.deepEqual(removed, { raw: 7, daily: 4, weekly: 2, patterns: 0 });
        assert.deepEqual((await readAll(storage, 0, now + 1)).map((e) => Math.round((now - e.time) / DAY)), [6, 1]);
        assert.deepEqual((await storage.aggregates.query({ bucket: BUCKETS.daily })).map((r) => r.fields['seconds']), [89, 30, 8, 6, 1]);
        assert.equal((await storage.aggregates.query({ bucket: BUCKETS.weekly })).length, 7);
        assert.equal(storage.patterns.count(), 1, 'patterns are kept forever by default');
        const stats = await storage.stats();
        assert.deepEqual(stats.map((s) => s.layer), [1, 2, 3, 4]);
        assert.deepEqual(stats.map((s) => s.retentionDays), [7, 90, 364, null]);
        assert.deepEqual(stats.map((s) => s.records), [2, 5, 7, 1]);
      });
    });
  });
}
