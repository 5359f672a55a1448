import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Calendar, type PeriodKind } from '../time/calendar.js';
import { dayStart, periodEndBefore, periodStart } from './periods.js';

const calendars = ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe', 'Asia/Kathmandu'].map((z) => new Calendar(z));

describe('period boundaries on the hot path', () => {
  it('agree with the Calendar around the clock for a year and a half, DST days included', () => {
    for (const calendar of calendars) {
      for (let t = Date.parse('2025-12-20T00:00:00Z'); t < Date.parse('2027-06-01T00:00:00Z'); t += 5 * 3_600_000 + 7 * 60_000) {
        for (const kind of ['day', 'week', 'month'] as PeriodKind[]) {
          const period = calendar.periodOf(kind, t);
          assert.equal(periodStart(kind, t, calendar), period.start, `${calendar.zone} ${kind} start ${new Date(t).toISOString()}`);
          assert.equal(periodEndBefore(kind, t + 1, calendar), period.end, `${calendar.zone} ${kind} end ${new Date(t).toISOString()}`);
        }
      }
    }
  });

  it('ends a range on a boundary at that boundary', () => {
    const calendar = calendars[0]!;
    const midnight = calendar.day('2026-11-24').start;
    assert.equal(periodEndBefore('day', midnight, calendar), midnight);
    assert.equal(dayStart(calendar, '2026-03-29'), calendar.day('2026-03-29').start);
  });
});
