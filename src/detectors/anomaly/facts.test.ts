/**
 * The anomaly detector's Layer-2 facts from a hand-built day: which activations count, on-time
 * clipped to the day, the last time heard, and the records read back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../../storage/types.js';
import { at, calendar, HomeBuilder } from '../../testing/home.js';
import { type CarriedState, carriedFromEvents, type DayActivity, type EntityInfo, scanDay } from '../activity.js';
import { carriedFromRecord, carryRecord } from '../carry.js';
import { summarizeDayFacts } from '../day-facts.js';
import { ReadReport } from '../registry.js';
import { ANOMALY_DAILY, entityDay, homeDay, summarizeFacts } from './facts.js';

const H = 3_600_000;
const day = calendar.day('2026-09-02');
const t = (hours: number) => day.start + hours * H;
const info = (entityId: string, areaId: string | null = null): EntityInfo => ({ entityId, domain: entityId.split('.')[0]!, areaId, deviceId: null, name: entityId });
const carried = (entityId: string, seen: number): CarriedState => ({ info: info(entityId), state: 'off', since: null, seen });

function activity(over: Partial<DayActivity>): DayActivity {
  return {
    day,
    calendar,
    activations: [],
    intervals: [],
    activeAtEnd: new Map(),
    outages: [],
    darkAtEnd: new Map(),
    entities: new Map(),
    carryOut: new Map(),
    overrides: [],
    contexts: undefined as unknown as DayActivity['contexts'],
    ...over,
  };
}

const byEntity = (records: AggregateRecord[]) => new Map(records.filter((r) => r.tags['entity_id'] !== undefined).map((r) => [r.tags['entity_id']!, r]));

describe('anomaly facts: summarize', () => {
  it('counts only the day’s activations, the home’s of every entity, and sorts the entities', () => {
    const day2 = activity({
        entities: new Map([
          ['switch.b', info('switch.b')],
          ['light.a', info('light.a', 'hall')],
        ]),
        activations: [
          { entityId: 'light.a', time: t(-2), inDay: false },
          { entityId: 'light.a', time: t(7.5), inDay: true },
          { entityId: 'light.a', time: t(7.8), inDay: true },
          { entityId: 'switch.b', time: t(9), inDay: true },
          { entityId: 'light.unknown', time: t(10), inDay: true },
        ],
        carryOut: new Map([['light.a', carried('light.a', t(6))]]),
      });
    const records = summarizeFacts(day2);
    assert.deepEqual(records.map((r) => r.tags), [{ entity_id: 'light.a', area_id: 'hall' }, { entity_id: 'switch.b' }, { scope: 'home' }]);
    const [a, b, home] = records;
    assert.deepEqual([a!.period, a!.time, a!.measurement], ['2026-09-02', day.start, 'anomaly_daily']);
    assert.deepEqual(Object.keys(a!.fields).sort(), ['longest_on_seconds', 'on_seconds', 'seen'], 'activations are the day scan’s facts, not kept twice');
    const [fa, fb] = summarizeDayFacts(day2);
    assert.deepEqual([fa!.measurement, fa!.tags, fb!.tags], ['activity_daily', { entity_id: 'light.a', area_id: 'hall' }, { entity_id: 'switch.b' }]);
    assert.equal(fa!.fields['count'], 2);
    const hours = JSON.parse(String(fa!.fields['hours'])) as number[];
    assert.equal(hours.length, 24);
    assert.deepEqual([hours[7], hours[22], hours.reduce((x, y) => x + y, 0)], [2, 0, 2]);
    assert.equal(a!.fields['seen'], t(7.8), 'the latest activation, past the carried seen');
    assert.equal(fb!.fields['count'], 1);
    assert.equal(b!.fields['seen'], t(9));
    const homeHours = JSON.parse(String(home!.fields['home_hours'])) as number[];
    assert.equal(homeHours.length, 24);
    assert.deepEqual([homeHours[7], homeHours[9], homeHours[10], homeHours[22], homeHours.reduce((x, y) => x + y, 0)], [2, 1, 1, 0, 4]);
  });

  it('keeps the carried last-heard time when nothing later happened, and 0 when none is known', () => {
    const records = byEntity(
      summarizeFacts(
        activity({
          entities: new Map([
            ['light.a', info('light.a')],
            ['light.b', info('light.b')],
          ]),
          activations: [{ entityId: 'light.a', time: t(3), inDay: true }],
          carryOut: new Map([['light.a', carried('light.a', t(20))]]),
        }),
      ),
    );
    assert.equal(records.get('light.a')!.fields['seen'], t(20));
    assert.equal(records.get('light.b')!.fields['seen'], 0);
    assert.equal('on_since' in records.get('light.b')!.fields, false, 'not on at the end of the day');
    assert.deepEqual([records.get('light.b')!.fields['on_seconds'], records.get('light.b')!.fields['longest_on_seconds']], [0, 0]);
  });

  it('clips on-time to the day, keeps the longest whole stretch, and adds what is still on at the end', () => {
    const records = byEntity(
      summarizeFacts(
        activity({
          entities: new Map([
            ['light.a', info('light.a')],
            ['light.b', info('light.b')],
            ['light.c', info('light.c')],
          ]),
          intervals: [
            { entityId: 'light.a', start: t(-3), end: t(1) },
            { entityId: 'light.a', start: t(5), end: t(5.5) },
            { entityId: 'light.gone', start: t(2), end: t(3) },
          ],
          activeAtEnd: new Map<string, number | null>([
            ['light.a', t(22)],
            ['light.b', t(-30)],
            ['light.c', null],
            ['light.gone', t(1)],
          ]),
          carryOut: new Map([['light.a', carried('light.a', t(0.5))]]),
        }),
      ),
    );
    const a = records.get('light.a')!;
    assert.equal(a.fields['on_seconds'], 3600 + 1800 + 2 * 3600);
    assert.equal(a.fields['longest_on_seconds'], 4 * 3600, 'the stretch across midnight, whole');
    assert.equal(a.fields['seen'], t(5.5), 'an interval’s end is when it was last heard');
    assert.equal(a.fields['on_since'], t(22));
    const b = records.get('light.b')!;
    assert.equal(b.fields['on_seconds'], 24 * 3600, 'on all day');
    assert.equal(b.fields['on_since'], t(-30));
    const c = records.get('light.c')!;
    assert.equal(c.fields['on_seconds'], 0, 'on since an unknown time adds nothing');
    assert.equal('on_since' in c.fields, false);
    assert.equal(records.has('light.gone'), false);
  });

  it('keeps the interval’s end as seen only when it is the latest', () => {
    const records = byEntity(
      summarizeFacts(
        activity({
          entities: new Map([['light.a', info('light.a')]]),
          intervals: [{ entityId: 'light.a', start: t(1), end: t(2) }],
          carryOut: new Map([['light.a', carried('light.a', t(8))]]),
        }),
      ),
    );
    assert.equal(records.get('light.a')!.fields['seen'], t(8));
  });
});

describe('anomaly facts: outages (unavailable or unknown)', () => {
  // a motion sensor drops out for 5 min at 10:00 and goes unavailable at 20:00 for good; a light
  // goes unknown at 09:00 and comes back off at 09:30, and again from 23:00 into the next day
  const days = ['2026-09-02', '2026-09-03'];
  const events = new HomeBuilder()
    .pulse('binary_sensor.m', at(days[0]!, '08:00'))
    .set('binary_sensor.m', at(days[0]!, '10:00'), 'unavailable')
    .set('binary_sensor.m', at(days[0]!, '10:05'), 'off')
    .set('binary_sensor.m', at(days[0]!, '20:00'), 'unavailable')
    .set('light.l', at(days[0]!, '07:00'), 'off')
    .set('light.l', at(days[0]!, '09:00'), 'unknown')
    .set('light.l', at(days[0]!, '09:30'), 'off')
    .set('light.l', at(days[0]!, '23:00'), 'unavailable')
    .set('light.l', at(days[1]!, '02:00'), 'on')
    .build();
  const scan = (key: string, carried: Map<string, CarriedState>) => {
    const period = calendar.day(key);
    return scanDay({ day: period, calendar, events: events.filter((e) => e.time >= period.start && e.time < period.end), lookbackStart: period.start, carried });
  };
  const facts = (a: DayActivity) => new Map(summarizeFacts(a).filter((r) => r.tags['entity_id'] !== undefined).map((r) => [r.tags['entity_id']!, entityDay(r, undefined, a.day.end)]));

  it('keeps the longest outage that ended in the day and since when one is open at its end, across days', () => {
    const first = scan(days[0]!, new Map());
    const one = facts(first);
    assert.deepEqual([one.get('binary_sensor.m')!.longestDark, one.get('binary_sensor.m')!.darkSince], [300, at(days[0]!, '20:00')]);
    assert.deepEqual([one.get('light.l')!.longestDark, one.get('light.l')!.darkSince], [1800, at(days[0]!, '23:00')]);
    assert.equal(one.get('binary_sensor.m')!.seen, at(days[0]!, '20:00'), 'saying it is unavailable is its last word');
    // the next day starts from the stored carry: the light's outage ends at 02:00, the sensor's goes on
    const second = facts(scan(days[1]!, carriedFromRecord(carryRecord(first))));
    assert.deepEqual([second.get('light.l')!.longestDark, second.get('light.l')!.darkSince], [3 * 3600, null]);
    assert.deepEqual([second.get('binary_sensor.m')!.longestDark, second.get('binary_sensor.m')!.darkSince], [0, at(days[0]!, '20:00')]);
    const stored = summarizeFacts(first).find((r) => r.tags['entity_id'] === 'binary_sensor.m')!;
    assert.deepEqual([stored.fields['longest_dark_seconds'], stored.fields['dark_since']], [300, at(days[0]!, '20:00')]);
    const quiet = summarizeFacts(scan(days[1]!, carriedFromRecord(carryRecord(first)))).find((r) => r.tags['entity_id'] === 'light.l')!;
    assert.equal('dark_since' in quiet.fields, false, 'written only when there is one');
    // an outage of an entity no longer known (removed from HA) is nobody's
    const gone = summarizeFacts(activity({ entities: new Map([['light.a', info('light.a')]]), outages: [{ entityId: 'light.gone', start: t(1), end: t(2) }] }));
    assert.deepEqual(gone.filter((r) => r.tags['entity_id'] !== undefined).map((r) => [r.tags['entity_id'], 'longest_dark_seconds' in r.fields]), [['light.a', false]]);
  });

  it('knows an outage from Layer 1 alone, and reads a carry record written before outages were kept', () => {
    const last = new Map(events.filter((e) => e.time < calendar.day(days[1]!).start).map((e) => [e.entityId, e]));
    assert.equal(carriedFromEvents(last).get('binary_sensor.m')!.dark, at(days[0]!, '20:00'));
    const record = carryRecord(scan(days[0]!, new Map()));
    const old = { ...record, fields: { ...record.fields, entities: JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(String(record.fields['entities'])) as Record<string, unknown[]>).map(([id, p]) => [id, p.slice(0, 7)]))) } };
    assert.equal(carriedFromRecord(old).get('binary_sensor.m')!.dark, null);
    assert.equal(carriedFromRecord(record).get('binary_sensor.m')!.dark, at(days[0]!, '20:00'));
  });
});

describe('anomaly facts: read back', () => {
  const record = (fields: AggregateRecord['fields'], version = 2): AggregateRecord => ({ measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { entity_id: 'light.a' }, fields, version });
  const facts = (fields: AggregateRecord['fields']): AggregateRecord => ({ measurement: 'activity_daily', period: '2026-09-02', time: day.start, tags: { entity_id: 'light.a' }, fields, version: 2 });
  const hours24 = (at: number, n: number) => JSON.stringify(Array.from({ length: 24 }, (_, i) => (i === at ? n : 0)));

  it('reads an entity day from its facts and the day scan’s, with and without on_since', () => {
    const full = entityDay(record({ on_seconds: 60, longest_on_seconds: 40, seen: t(5), on_since: t(4) }), facts({ count: 3, hours: hours24(1, 3) }), day.end);
    assert.deepEqual(full, { day: '2026-09-02', dayStart: day.start, dayEnd: day.end, count: 3, hours: JSON.parse(hours24(1, 3)), onSeconds: 60, longestOn: 40, onSince: t(4), seen: t(5), longestDark: 0, darkSince: null });
    const off = entityDay(record({ on_seconds: 0, longest_on_seconds: 0, seen: 0 }), undefined, day.end);
    assert.deepEqual([off.count, off.hours.length, off.hours.some((n) => n > 0), off.onSince], [0, 24, false, null], 'no activity record: no activations');
    const home = { measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { scope: 'home' }, fields: { home_hours: JSON.stringify([0, 5]) } };
    assert.deepEqual(homeDay(home, day.end), { day: '2026-09-02', dayStart: day.start, dayEnd: day.end, hours: [0, 5] });
  });

  it('throws on a wrong shape instead of reading a missing field as 0', () => {
    assert.throws(() => entityDay(record({ on_seconds: 60, longest_on_seconds: 40 }), undefined, day.end), /field seen should be number, is missing/);
    assert.throws(() => entityDay(record({ on_seconds: 60, longest_on_seconds: 40, seen: 1, on_since: 'x' }), undefined, day.end), /on_since should be number \(optional\), is string/);
    assert.throws(() => entityDay(record({ on_seconds: 1, longest_on_seconds: 1, seen: 1 }), facts({ count: 1, hours: '[1,2]' }), day.end), /24 numbers/);
    const home = { measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { scope: 'home' }, fields: {} };
    assert.throws(() => homeDay(home, day.end), /home_hours should be json, is missing/);
    assert.throws(() => ANOMALY_DAILY.check({ ...home, tags: { entity_id: 'light.a' }, fields: { home_hours: '[]' } }), /on_seconds/, 'an entity record needs the entity fields');
  });

  it('upgrades a record of version 1 (dc19d54: count and hours inside) into the two it is now', () => {
    const v1 = record({ count: 3, hours: hours24(7, 3), on_seconds: 60, longest_on_seconds: 40, seen: t(5), on_since: t(4) }, 1);
    const home = { measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { scope: 'home' }, fields: { home_hours: hours24(7, 4) }, version: 1 };
    const read = new ReadReport();
    const [entity, activityRecord, home2] = read.read([v1, home]);
    assert.deepEqual(entity, record({ on_seconds: 60, longest_on_seconds: 40, seen: t(5), on_since: t(4) }, 2));
    assert.deepEqual(activityRecord, facts({ count: 3, hours: hours24(7, 3) }));
    assert.deepEqual(home2, { ...home, version: 2 });
    assert.deepEqual(entityDay(entity!, activityRecord, day.end), entityDay(record({ on_seconds: 60, longest_on_seconds: 40, seen: t(5), on_since: t(4) }), facts({ count: 3, hours: hours24(7, 3) }), day.end));
    assert.deepEqual(read.counts(), { old_records: 2, old_days: 1, left_out_records: 0, left_out_days: 0 });
    const broken = new ReadReport();
    assert.deepEqual(broken.read([record({ hours: '[]', on_seconds: 1 }, 1)]), [], 'a version 1 record without its count is left out…');
    assert.deepEqual(broken.counts(), { old_records: 1, old_days: 1, left_out_records: 1, left_out_days: 1 });
    assert.match(broken.describe()!, /left out 1 records of 1 days it cannot read \(anomaly_daily v1: anomaly_daily 2026-09-02: field longest_on_seconds should be number, is missing\)/, '…and said so');
  });
});
