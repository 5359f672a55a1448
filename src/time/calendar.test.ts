import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar, InvalidPeriodError } from './calendar.js';

const HOUR = 3_600_000;

describe('Calendar on DST days', () => {
  const cases = [
    { zone: 'Europe/Berlin', short: '2026-03-29', long: '2026-10-25' },
    { zone: 'America/New_York', short: '2026-03-08', long: '2026-11-01' },
  ];
  for (const { zone, short, long } of cases) {
    const cal = new Calendar(zone);
    it(`${zone}: spring-forward day ${short} lasts 23 h`, () => {
      const d = cal.day(short);
      assert.equal(d.end - d.start, 23 * HOUR);
      assert.equal(cal.dayKey(d.start), short);
      assert.equal(cal.dayKey(d.end - 1), short);
      assert.notEqual(cal.dayKey(d.end), short);
    });
    it(`${zone}: fall-back day ${long} lasts 25 h`, () => {
      const d = cal.day(long);
      assert.equal(d.end - d.start, 25 * HOUR);
      assert.equal(cal.dayKey(d.end - 1), long);
      assert.equal(cal.minuteOfDay(d.start), 0);
      // the last moment of the day is 23:59 local on the wall clock
      assert.equal(cal.minuteOfDay(d.end - 60_000), 23 * 60 + 59);
    });
    it(`${zone}: an ordinary day lasts 24 h and days chain without gaps`, () => {
      const days = cal.daysBetween(short, long);
      for (let i = 1; i < days.length; i++) assert.equal(cal.day(days[i - 1]!).end, cal.day(days[i]!).start);
      assert.equal(cal.day('2026-06-15').end - cal.day('2026-06-15').start, 24 * HOUR);
    });
  }
});

describe('Calendar periods', () => {
  const cal = new Calendar('Europe/Berlin');
  it('ISO weeks start on Monday in the home zone and may span years', () => {
    const w = cal.week('2026-W01');
    assert.equal(cal.dayKey(w.start), '2025-12-29');
    assert.equal(cal.weekday(cal.dayKey(w.start)), 1);
    assert.equal(cal.daysOf(w).length, 7);
    assert.equal(cal.periodOf('week', cal.day('2027-01-01').start).key, '2026-W53');
  });
  it('a week containing a DST change lasts 167 or 169 hours', () => {
    const w = cal.periodOf('week', cal.day('2026-03-29').start);
    assert.equal(w.end - w.start, 167 * HOUR);
  });
  it('months know their length and shift across years', () => {
    const feb = cal.month('2028-02');
    assert.equal(cal.daysOf(feb).length, 29);
    assert.equal(cal.shift(cal.month('2026-12'), 1).key, '2027-01');
    assert.equal(cal.shift(cal.day('2026-03-01'), -1).key, '2026-02-28');
  });
  it('minute of day is the local wall clock', () => {
    const t = Date.parse('2026-07-01T21:50:00Z'); // 23:50 in Berlin (UTC+2)
    assert.equal(cal.minuteOfDay(t), 23 * 60 + 50);
    assert.equal(cal.dayKey(t), '2026-07-01');
    assert.equal(cal.dayKey(t + 20 * 60_000), '2026-07-02');
  });
  it('rejects malformed keys and unknown zones with a clear error', () => {
    assert.throws(() => cal.day('2026-02-30'), InvalidPeriodError);
    assert.throws(() => cal.week('2026-W60'), InvalidPeriodError);
    assert.throws(() => cal.month('2026-13'), InvalidPeriodError);
    assert.throws(() => new Calendar('Mars/Olympus'), /unknown time zone/);
  });
});
