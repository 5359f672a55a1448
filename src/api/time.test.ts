import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './errors.js';
import { parseTime, resolveRange } from './time.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const ZONE = 'Europe/Berlin';
const DAY = 86_400_000;

describe('time expressions', () => {
  it('reads relative times as fixed lengths back from now', () => {
    assert.equal(parseTime('now', NOW, ZONE), NOW);
    assert.equal(parseTime('-30d', NOW, ZONE), NOW - 30 * DAY);
    assert.equal(parseTime('-4w', NOW, ZONE), NOW - 28 * DAY);
    assert.equal(parseTime('-12h', NOW, ZONE), NOW - 12 * 3_600_000);
    assert.equal(parseTime('-90m', NOW, ZONE), NOW - 90 * 60_000);
    assert.equal(parseTime('-45s', NOW, ZONE), NOW - 45_000);
  });

  it('reads ISO-8601 with an offset as given and without one in the home zone', () => {
    assert.equal(parseTime('2026-11-24T07:30:00Z', NOW, ZONE), Date.parse('2026-11-24T07:30:00Z'));
    assert.equal(parseTime('2026-11-24T07:30:00+01:00', NOW, ZONE), Date.parse('2026-11-24T06:30:00Z'));
    assert.equal(parseTime('2026-11-24', NOW, ZONE), Date.parse('2026-11-23T23:00:00Z'), 'a date is local midnight');
    assert.equal(parseTime('2026-07-01T12:00', NOW, ZONE), Date.parse('2026-07-01T10:00:00Z'), 'summer time');
    assert.equal(parseTime('2026-W48', NOW, ZONE), Date.parse('2026-11-22T23:00:00Z'), 'an ISO week starts on Monday');
    assert.equal(parseTime('2026-11', NOW, ZONE), Date.parse('2026-10-31T23:00:00Z'));
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', 'yesterday', '-30', '30d', '+30d', '-1y', '-30D', '2026-02-30', '2026-13-01', '07:30', 'T07:30', '2026-11-24T25:00', '-99999999d', "2026-11-24' OR 1=1", '1e9', '0x10', '10000-01-01', '1969-12-31']) {
      assert.equal(parseTime(bad, NOW, ZONE), null, bad);
    }
  });
});

describe('resolveRange', () => {
  it('defaults end to now and start to a span before the end', () => {
    assert.deepEqual(resolveRange({}, { now: NOW, zone: ZONE, defaultSpanMs: DAY }), { start: NOW - DAY, end: NOW });
    assert.deepEqual(resolveRange({ end: '-30d' }, { now: NOW, zone: ZONE, defaultSpanMs: DAY }), { start: NOW - 31 * DAY, end: NOW - 30 * DAY });
    assert.deepEqual(resolveRange({}, { now: NOW, zone: ZONE }), { start: undefined, end: NOW });
  });

  it('refuses start after end with a 400 naming both', () => {
    assert.throws(
      () => resolveRange({ start: '-1d', end: '-2d' }, { now: NOW, zone: ZONE }),
      (e: unknown) => e instanceof ApiError && e.status === 400 && /start \(2026-11-24T10:00:00.000Z\) is after end/.test(e.message),
    );
    assert.throws(() => resolveRange({ start: 'now', end: '2026-11-01' }, { now: NOW, zone: ZONE, names: { start: 'daily_start', end: 'daily_end' } }), /daily_start .* is after daily_end/);
  });

  it('allows an empty range (start equal to end)', () => {
    assert.deepEqual(resolveRange({ start: 'now', end: 'now' }, { now: NOW, zone: ZONE }), { start: NOW, end: NOW });
  });
});
