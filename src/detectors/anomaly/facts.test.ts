/**
 * The anomaly detector's Layer-2 facts from a hand-built day: which activations count, on-time
 * clipped to the day, the last time heard, and the records read back.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../../storage/types.js';
import { calendar } from '../../testing/home.js';
import type { CarriedState, DayActivity, EntityInfo } from '../activity.js';
import { entityDay, homeDay, summarizeFacts } from './facts.js';

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
    entities: new Map(),
    carryOut: new Map(),
    contexts: undefined as unknown as DayActivity['contexts'],
    ...over,
  };
}

const byEntity = (records: AggregateRecord[]) => new Map(records.filter((r) => r.tags['entity_id'] !== undefined).map((r) => [r.tags['entity_id']!, r]));

describe('anomaly facts: summarize', () => {
  it('counts only the day’s activations, the home’s of every entity, and sorts the entities', () => {
    const records = summarizeFacts(
      activity({
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
      }),
    );
    assert.deepEqual(records.map((r) => r.tags), [{ entity_id: 'light.a', area_id: 'hall' }, { entity_id: 'switch.b' }, { scope: 'home' }]);
    const [a, b, home] = records;
    assert.deepEqual([a!.period, a!.time, a!.measurement], ['2026-09-02', day.start, 'anomaly_daily']);
    assert.equal(a!.fields['count'], 2);
    const hours = JSON.parse(String(a!.fields['hours'])) as number[];
    assert.equal(hours.length, 24);
    assert.deepEqual([hours[7], hours[22], hours.reduce((x, y) => x + y, 0)], [2, 0, 2]);
    assert.equal(a!.fields['seen'], t(7.8), 'the latest activation, past the carried seen');
    assert.equal(b!.fields['count'], 1);
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
    assert.deepEqual([records.get('light.b')!.fields['count'], records.get('light.b')!.fields['on_seconds'], records.get('light.b')!.fields['longest_on_seconds']], [0, 0, 0]);
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

describe('anomaly facts: read back', () => {
  it('reads an entity day with and without on_since, and missing fields as empty', () => {
    const record = (fields: AggregateRecord['fields']): AggregateRecord => ({ measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { entity_id: 'light.a' }, fields });
    const full = entityDay(record({ count: 3, hours: JSON.stringify([1, 2]), on_seconds: 60, longest_on_seconds: 40, seen: t(5), on_since: t(4) }), day.end);
    assert.deepEqual(full, { day: '2026-09-02', dayStart: day.start, dayEnd: day.end, count: 3, hours: [1, 2], onSeconds: 60, longestOn: 40, onSince: t(4), seen: t(5) });
    const bare = entityDay(record({ on_since: 'x' }), day.end);
    assert.deepEqual([bare.count, bare.hours, bare.onSeconds, bare.longestOn, bare.onSince, bare.seen], [0, [], 0, 0, null, 0]);
    const home = { measurement: 'anomaly_daily', period: '2026-09-02', time: day.start, tags: { scope: 'home' }, fields: { home_hours: JSON.stringify([0, 5]) } };
    assert.deepEqual(homeDay(home, day.end), { day: '2026-09-02', dayStart: day.start, dayEnd: day.end, hours: [0, 5] });
    assert.deepEqual(homeDay({ ...home, fields: {} }, day.end).hours, []);
  });
});
