/**
 * The measurement registry: every writer declares what it writes (name, version, decoder) and
 * what it reads; the jobs stamp versions from it and read old versions through it; the API lists
 * its names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { measurementsOf } from '../api/measurements.js';
import { summarizeGroupA, windowOf } from '../jobs/group-a.js';
import type { AggregateRecord } from '../storage/types.js';
import { at, calendar, dayKeys, HomeBuilder } from '../testing/home.js';
import { noisyHome } from '../testing/noisy-home.js';
import { carriedFromEvents, scanDay } from './activity.js';
import { GROUP_A, GROUP_B, GROUP_C } from './index.js';
import { measurement, ShapeError } from './measurement.js';
import { measurementNames, ReadReport, REGISTRY, sourcesOf, specOf, stamp } from './registry.js';
import { DEFAULT_DETECTOR_SETTINGS as S } from './settings.js';
import type { PatternWindow } from './types.js';
import { num } from './types.js';

// a small lived-in home: chains through noise, so every Group A detector has something to read
const DAYS = dayKeys('2026-10-05', 10);
const home = noisyHome({ days: DAYS, seed: 11, background: 6 }).events;
const records: AggregateRecord[] = [];
{
  let carried = carriedFromEvents(new Map());
  for (const key of DAYS) {
    const day = calendar.day(key);
    const activity = scanDay({ day, calendar, events: home.filter((e) => e.time >= day.start && e.time < day.end), lookbackStart: day.start, carried });
    carried = new Map(activity.carryOut);
    records.push(...summarizeGroupA(activity, S, []).records);
  }
}

const rec = (measurementName: string, fields: AggregateRecord['fields'], version?: number, tags: Record<string, string> = { entity_id: 'light.a' }): AggregateRecord => ({
  measurement: measurementName,
  period: '2026-10-02',
  time: 0,
  tags,
  fields,
  ...(version === undefined ? {} : { version }),
});

describe('measurement registry', () => {
  it('holds each measurement once, with the detector that writes it; every detector’s own measurement is among its writes', () => {
    for (const d of [...GROUP_A, ...GROUP_B]) assert.ok(d.writes.some((w) => w.name === d.measurement), d.patternType);
    for (const d of GROUP_C) assert.deepEqual(d.writes.map((w) => w.name), d.measurements);
    assert.equal(REGISTRY.get('activity_daily')!.writer, 'day scan');
    assert.equal(REGISTRY.get('co_occurrence_daily')!.writer, 'co_occurrence');
    assert.deepEqual(measurementNames('daily').sort(), ['activity_daily', 'anomaly_daily', 'co_occurrence_daily', 'context_daily', 'day_type_daily', 'duration_daily', 'entity_state_daily', 'override_daily', 'room_based_daily', 'sequence_daily', 'session_daily', 'time_based_daily']);
    assert.deepEqual(measurementNames('weekly').sort(), ['day_type_weekly', 'session_observed', 'session_weekly']);
    assert.deepEqual(measurementNames('monthly').sort(), ['contextual_monthly', 'daylight_monthly', 'entity_monthly', 'seasonal_monthly']);
  });

  it('is the API’s list of measurements', () => {
    for (const kind of ['daily', 'weekly', 'monthly'] as const) assert.deepEqual(measurementsOf(kind), measurementNames(kind));
  });

  it('declares every record a day’s summary writes, and each passes its decoder', () => {
    const written = new Set(records.map((r) => r.measurement));
    for (const name of ['activity_daily', 'anomaly_daily', 'time_based_daily', 'co_occurrence_daily', 'sequence_daily', 'duration_daily', 'session_daily', 'day_type_daily']) assert.ok(written.has(name), name);
    for (const r of records) {
      const spec = specOf(r.measurement);
      assert.equal(r.version, spec.version, `${r.measurement} is stamped`);
      spec.check(r);
    }
    assert.throws(() => specOf('nobody_daily'), /not declared by any detector/);
    assert.throws(() => stamp([rec('nobody_daily', { count: 1 })]), /nobody_daily is not declared/);
    const stamped = stamp([rec('time_based_daily', { count: 1 }), rec('anomaly_daily', { seen: 1 }, 2)]);
    assert.deepEqual(stamped.map((r) => r.version), [1, 2]);
  });

  it('each Group A detector reads only what it declares', () => {
    const window = windowOf(records, calendar);
    for (const d of GROUP_A) {
      const asked = new Set<string>();
      const spy: PatternWindow = { days: window.days, calendar, records: (m) => (asked.add(m), window.records(m)) };
      d.derive(spy, S);
      assert.ok(asked.size > 0, d.patternType);
      for (const m of asked) assert.ok(d.reads.includes(m), `${d.patternType} reads ${m} without declaring it`);
      for (const m of d.reads) assert.ok(REGISTRY.has(m), `${d.patternType} declares reading ${m}, which nobody writes`);
    }
    // co-occurrence and sequence take each entity's activations from the day scan, not from time_based_daily
    for (const d of GROUP_A.filter((x) => x.patternType === 'co_occurrence' || x.patternType === 'sequence')) assert.deepEqual([...d.reads].sort(), ['activity_daily', d.measurement].sort());
  });

  it('reads old versions as they are when their shape still fits, upgrades what moved, and leaves out — and says — what it cannot read', () => {
    const read = new ReadReport();
    const current = rec('time_based_daily', { count: 2, first_minute: 3, minutes: '[3,4]', name: 'A' }, 1);
    const out = read.read([
      current,
      rec('time_based_daily', { count: 'two', first_minute: 3, minutes: '[3]', name: 'A' }, 1),
      rec('time_based_daily', { count: 2, first_minute: 3, minutes: '[3]', name: 'A' }, 9),
      rec('gone_daily', { count: 2 }, 1),
    ]);
    assert.deepEqual(out, [current]);
    assert.deepEqual(read.counts(), { old_records: 0, old_days: 0, left_out_records: 3, left_out_days: 1 });
    const said = read.describe()!;
    assert.match(said, /^left out 3 records of 1 days it cannot read/);
    assert.match(said, /time_based_daily v1: time_based_daily 2026-10-02: field count should be number, is string/);
    assert.match(said, /time_based_daily v9: written by a newer homerhythm \(this one reads up to version 1\)/);
    assert.match(said, /gone_daily v1: no detector of this version declares it/);
    assert.equal(new ReadReport().describe(), null);
    // an unversioned record (stored before versions) is version 1: anomaly_daily's is upgraded
    const upgraded = new ReadReport();
    const hours = JSON.stringify(Array.from({ length: 24 }, (_, h) => (h === 7 ? 2 : 0)));
    const got = upgraded.read([rec('anomaly_daily', { count: 2, hours, on_seconds: 5, longest_on_seconds: 5, seen: 9 })], ['activity_daily']);
    assert.deepEqual(got, [rec('activity_daily', { count: 2, hours }, 2)]);
    assert.match(upgraded.describe()!, /^read 1 records of 1 days written by an older version$/);
    assert.deepEqual(sourcesOf(['activity_daily', 'duration_daily']), ['activity_daily', 'anomaly_daily', 'duration_daily']);
  });

  it('a decoder throws on a wrong shape; optional fields may be missing; a version is a whole number ≥ 1', () => {
    const spec = measurement('x_daily', 'daily', 3, { n: 'number', s: 'string?', j: 'json', b: 'boolean?' });
    assert.deepEqual(spec.decode(rec('x_daily', { n: 1, j: '{}', extra: 5 })), { n: 1, s: undefined, j: '{}', b: undefined });
    assert.deepEqual(spec.decode(rec('x_daily', { n: 0, j: '[]', s: '', b: false })), { n: 0, s: '', j: '[]', b: false });
    for (const [fields, error] of [
      [{ j: '{}' }, /field n should be number, is missing/],
      [{ n: 1, j: 'nope' }, /field j should be json, is string/],
      [{ n: 1, j: '{}', s: 4 }, /field s should be string \(optional\), is number/],
      [{ n: 1, j: '{}', b: 'yes' }, /field b should be boolean \(optional\), is string/],
    ] as const) {
      assert.throws(() => spec.decode(rec('x_daily', fields)), (e: Error) => e instanceof ShapeError && error.test(e.message));
    }
    assert.throws(() => spec.check(rec('y_daily', { n: 1, j: '{}' })), /a y_daily record is not a x_daily record/);
    assert.throws(() => measurement('x_daily', 'daily', 0, {}), /whole number ≥ 1/);
    assert.throws(() => measurement('x_daily', 'daily', 1.5, {}), /whole number ≥ 1/);
  });

  it('num() reads a declared number and throws on a missing one instead of reading 0', () => {
    assert.equal(num(rec('duration_daily', { seconds: 0 }), 'seconds'), 0);
    assert.throws(() => num(rec('duration_daily', {}), 'seconds'), /duration_daily 2026-10-02: field seconds should be a number, is missing/);
    assert.throws(() => num(rec('duration_daily', { seconds: '3' }), 'seconds'), /is string/);
  });

  it('the day scan’s facts hold every entity seen, with its activations by hour', () => {
    const b = new HomeBuilder().area('light.hall', 'hall');
    const [d] = dayKeys('2026-09-01', 1);
    b.pulse('light.hall', at(d!, '07:10'), 60).pulse('light.hall', at(d!, '07:40'), 60).pulse('switch.fan', at(d!, '21:00'), 60);
    const day = calendar.day(d!);
    const activity = scanDay({ day, calendar, events: b.build(), lookbackStart: day.start, carried: carriedFromEvents(new Map()) });
    const facts = summarizeGroupA(activity, S, []).records.filter((r) => r.measurement === 'activity_daily');
    assert.deepEqual(facts.map((r) => [r.tags, r.fields['count'], (JSON.parse(String(r.fields['hours'])) as number[]).map((n, h) => (n > 0 ? `${h}:${n}` : '')).join('')]), [
      [{ entity_id: 'light.hall', area_id: 'hall' }, 2, '7:2'],
      [{ entity_id: 'switch.fan' }, 1, '21:1'],
    ]);
  });
});
