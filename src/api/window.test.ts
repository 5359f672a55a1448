import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRecord } from '../storage/types.js';
import { Calendar } from '../time/calendar.js';
import { aggregateWindow, parseEvery, windowOf } from './window.js';

const calendar = new Calendar('Europe/Berlin');
const daily = (day: string, entity: string, fields: AggregateRecord['fields']): AggregateRecord => ({
  measurement: 'time_based_daily',
  period: day,
  time: calendar.day(day).start,
  tags: { entity_id: entity },
  fields,
});

describe('parseEvery', () => {
  it('reads a count and a unit', () => {
    assert.deepEqual(parseEvery('1d'), { n: 1, unit: 'd' });
    assert.deepEqual(parseEvery('12h'), { n: 12, unit: 'h' });
    assert.deepEqual(parseEvery('3mo'), { n: 3, unit: 'mo' });
    for (const bad of ['', 'd', '0d', '-1d', '1y', '1.5d', '10000d', '1 d']) assert.equal(parseEvery(bad), null, bad);
  });
});

describe('windowOf', () => {
  it('cuts local days, also the 23-hour DST day', () => {
    const t = calendar.day('2026-03-29').start + 5 * 3_600_000;
    const w = windowOf(t, { n: 1, unit: 'd' }, calendar);
    assert.equal(w.start, calendar.day('2026-03-29').start);
    assert.equal(w.stop - w.start, 23 * 3_600_000);
  });

  it('cuts ISO weeks from Monday and months in the home zone', () => {
    const t = calendar.day('2026-11-26').start;
    assert.deepEqual(windowOf(t, { n: 1, unit: 'w' }, calendar), { start: calendar.week('2026-W48').start, stop: calendar.week('2026-W49').start });
    assert.deepEqual(windowOf(t, { n: 1, unit: 'mo' }, calendar), { start: calendar.month('2026-11').start, stop: calendar.month('2026-12').start });
  });

  it('aligns multi-period windows to fixed boundaries, not to the query', () => {
    const a = windowOf(calendar.day('2026-11-24').start, { n: 7, unit: 'd' }, calendar);
    const b = windowOf(calendar.day('2026-11-25').start, { n: 7, unit: 'd' }, calendar);
    assert.equal(b.stop - b.start > 6 * 86_400_000, true);
    assert.ok(a.start === b.start || a.stop === b.start);
    const q = windowOf(calendar.day('2026-05-10').start, { n: 3, unit: 'mo' }, calendar);
    assert.deepEqual(q, { start: calendar.month('2026-04').start, stop: calendar.month('2026-07').start });
  });

  it('aligns hours to the epoch, like Flux', () => {
    const t = Date.parse('2026-11-24T07:40:00Z');
    assert.deepEqual(windowOf(t, { n: 6, unit: 'h' }, calendar), { start: Date.parse('2026-11-24T06:00:00Z'), stop: Date.parse('2026-11-24T12:00:00Z') });
  });
});

describe('aggregateWindow', () => {
  const records = [
    daily('2026-11-23', 'light.a', { count: 2, first_minute: 400, minutes: '[400,500]' }),
    daily('2026-11-24', 'light.a', { count: 4, first_minute: 410, minutes: '[410]' }),
    daily('2026-11-24', 'light.b', { count: 1, ok: true }),
    daily('2026-11-30', 'light.a', { count: 9 }),
  ];

  it('reduces each numeric field per series and window, series after series; strings and booleans are left out', () => {
    const rows = aggregateWindow(records, { n: 1, unit: 'w' }, 'mean', calendar);
    assert.deepEqual(
      rows.map((r) => [r.tags['entity_id'], new Date(r.start).toISOString(), r.records, r.fields]),
      [
        ['light.a', '2026-11-22T23:00:00.000Z', 2, { count: 3, first_minute: 405 }],
        ['light.a', '2026-11-29T23:00:00.000Z', 1, { count: 9 }],
        ['light.b', '2026-11-22T23:00:00.000Z', 1, { count: 1 }],
      ],
    );
  });

  it('knows sum, min, max and count', () => {
    const a = (fn: 'sum' | 'min' | 'max' | 'count') => aggregateWindow(records.slice(0, 2), { n: 1, unit: 'w' }, fn, calendar)[0]!.fields;
    assert.deepEqual(a('sum'), { count: 6, first_minute: 810 });
    assert.deepEqual(a('min'), { count: 2, first_minute: 400 });
    assert.deepEqual(a('max'), { count: 4, first_minute: 410 });
    assert.deepEqual(a('count'), { count: 2, first_minute: 2 });
  });

  it('keeps measurements apart (a union of daily and weekly series)', () => {
    const weekly: AggregateRecord = { measurement: 'day_type_weekly', period: '2026-W48', time: calendar.week('2026-W48').start, tags: { entity_id: 'light.a' }, fields: { count: 100 } };
    const rows = aggregateWindow([...records.slice(0, 2), weekly], { n: 1, unit: 'w' }, 'mean', calendar);
    assert.deepEqual(rows.map((r) => [r.measurement, r.fields['count']]), [['day_type_weekly', 100], ['time_based_daily', 3]]);
  });

  it('returns nothing for nothing', () => {
    assert.deepEqual(aggregateWindow([], { n: 1, unit: 'd' }, 'mean', calendar), []);
  });
});
