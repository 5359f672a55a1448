import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { calendar, dayKeys } from '../testing/home.js';
import { windowOf } from '../jobs/group-a.js';
import { binomialTail } from './binomial.js';
import { dayTypeOf, session, sessionObserved } from './session.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import type { WeekInput } from './types.js';

interface Planned { start: number; areas: string[]; entities: string[] }

/** Four weeks (Monday 2026-10-05 on) of daily session records, from what each day held. */
function weeksOf(sessionsOn: (day: string, weekday: number) => Planned[]): AggregateRecord[] {
  const days = dayKeys('2026-10-05', 28);
  const daily = days.map((d): AggregateRecord => {
    const sessions = sessionsOn(d, calendar.weekday(d)).map((s) => ({ ...s, end: s.start + 40, activations: 6 }));
    return { measurement: 'session_daily', period: d, time: calendar.day(d).start, tags: {}, fields: { count: sessions.length, sessions: JSON.stringify(sessions) } };
  });
  const weekly: AggregateRecord[] = [];
  for (const key of ['2026-W41', '2026-W42', '2026-W43', '2026-W44']) {
    const week = calendar.week(key);
    const inWeek = calendar.daysOf(week);
    const input: WeekInput = { week, days: inWeek, calendar, records: (m) => daily.filter((r) => r.measurement === m && inWeek.includes(r.period)) };
    weekly.push(sessionObserved(input), ...session.summarize(input, S));
  }
  return weekly;
}

const derive = (weekly: AggregateRecord[], settings: DetectorSettings = S): PatternUpsert[] => session.derive(windowOf(weekly, calendar), settings);
const withSession = (over: Partial<DetectorSettings['session']>): DetectorSettings => ({ ...S, session: { ...S.session, ...over } });
const morning = (start: number): Planned => ({ start, areas: ['bedroom', 'kitchen'], entities: ['light.bedroom', 'light.kitchen'] });
// Mondays at 06:00, Tuesdays and Wednesdays 06:25, Thursdays and Fridays 06:40: one morning
// (40 minutes from first to last start, each within 30 of the mean of those before it).
const STARTS: Record<number, number> = { 1: 360, 2: 385, 3: 385, 4: 400, 5: 400 };

describe('session: recurring bursts', () => {
  it('keeps a morning whose start wanders by 40 minutes over the week as one session on every weekday', () => {
    const found = derive(weeksOf((_, w) => (w <= 5 ? [morning(STARTS[w]!)] : [])));
    assert.equal(found.length, 1, JSON.stringify(found.map((p) => p.key)));
    const p = found[0]!;
    assert.equal(p.occurrences, 20);
    assert.equal(p.confidence, 1);
    assert.deepEqual([p.metadata['day_type'], p.metadata['areas'], p.metadata['entities'], p.metadata['days_observed']], ['weekdays', ['bedroom', 'kitchen'], ['light.bedroom', 'light.kitchen'], 20]);
    assert.ok(Math.abs((p.metadata['start_minute'] as number) - 386) <= 1, String(p.metadata['start_minute']));
  });

  it('does not let a Saturday that looks alike make the weekday morning an every-day one', () => {
    const found = derive(weeksOf((d, w) => (w <= 5 ? [morning(STARTS[w]!)] : w === 6 && d === '2026-10-10' ? [morning(390)] : [])));
    assert.equal(found.length, 1);
    assert.equal(found[0]!.metadata['day_type'], 'weekdays');
    assert.equal(found[0]!.occurrences, 20, 'the Saturday is not one of its days');
    assert.ok(!(found[0]!.metadata['days'] as string[]).includes('2026-10-10'));
  });

  it('tells a session on every day from one on weekdays or weekends', () => {
    const every = derive(weeksOf(() => [morning(390)]));
    assert.deepEqual(every.map((p) => [p.metadata['day_type'], p.occurrences, p.metadata['days_observed']]), [['all', 28, 28]]);
    const weekends = derive(weeksOf((_, w) => (w >= 6 ? [morning(600)] : [])));
    assert.deepEqual(weekends.map((p) => [p.metadata['day_type'], p.occurrences, p.metadata['days_observed']]), [['weekends', 8, 8]]);
  });

  it('leaves a burst of one device out (a time routine, not a session), unless one entity is enough', () => {
    const irrigation = (): Planned[] => [{ start: 315, areas: ['garden'], entities: ['switch.irrigation'] }];
    assert.deepEqual(derive(weeksOf(irrigation)), []);
    assert.deepEqual(derive(weeksOf(irrigation), withSession({ minEntities: 1 })).map((p) => p.deviceId), ['garden']);
  });
});

describe('session day type', () => {
  const days = (weekday: number, weekend: number) => [...Array<number>(weekday).fill(2), ...Array<number>(weekend).fill(6)];

  it('is weekdays or weekends when the other type falls short beyond chance, every day otherwise', () => {
    assert.equal(dayTypeOf(days(20, 0), { weekday: 20, weekend: 8 }, 0.01), 'weekdays');
    assert.equal(dayTypeOf(days(0, 8), { weekday: 20, weekend: 8 }, 0.01), 'weekends');
    assert.equal(dayTypeOf(days(16, 6), { weekday: 20, weekend: 8 }, 0.01), 'all');
    assert.equal(dayTypeOf(days(4, 7), { weekday: 20, weekend: 8 }, 0.01), 'weekends');
    assert.equal(dayTypeOf(days(0, 0), { weekday: 20, weekend: 8 }, 0.01), 'all');
  });

  it('holds the p-value at its edge', () => {
    // 17 of 20 weekdays, 3 of 8 weekend days: P(at most 3 of 8 at 0.85)
    const p = binomialTail(5, 8, 1 - 17 / 20);
    assert.equal(dayTypeOf(days(17, 3), { weekday: 20, weekend: 8 }, p), 'weekdays');
    assert.equal(dayTypeOf(days(17, 3), { weekday: 20, weekend: 8 }, p * 0.999), 'all');
    // and the other way round
    const q = binomialTail(15, 20, 1 - 7 / 8);
    assert.equal(dayTypeOf(days(5, 7), { weekday: 20, weekend: 8 }, q), 'weekends');
    assert.equal(dayTypeOf(days(5, 7), { weekday: 20, weekend: 8 }, q * 0.999), 'all');
  });

  it('cannot tell a day type it never observed', () => {
    assert.equal(dayTypeOf(days(5, 0), { weekday: 5, weekend: 0 }, 0.01), 'all');
    assert.equal(dayTypeOf(days(0, 2), { weekday: 0, weekend: 2 }, 0.01), 'all');
  });
});
