import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { summarizeDays } from '../testing/run-days.js';
import { windowOf } from '../jobs/group-a.js';
import { binomialTail } from './binomial.js';
import { dayTypeOf, session, sessionDaily, sessionObserved } from './session.js';
import { DEFAULT_DETECTOR_SETTINGS as S, type DetectorSettings } from './settings.js';
import type { AggregateRecord, PatternUpsert } from '../storage/types.js';
import type { DailyDetector, WeekInput } from './types.js';

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

describe('session: what a day and a week store, and what a pattern says', () => {
  const day = '2026-10-06';
  const h = new HomeBuilder().area('light.bedroom', 'bedroom').area('light.kitchen', 'kitchen').area('switch.kettle', 'kitchen');
  // 06:30–06:45 bedroom and kitchen; 07:15 (30 idle minutes: a new session) the kettle; 07:44
  // (29 minutes: the same session, but past its 20-minute opening) the kitchen light; a lone
  // unplaced switch at 12:00. The kitchen light is in one of the three other active stretches
  // of the first session's day (07:44), above 1 / minLift: on this sparse day it says nothing.
  h.pulse('light.bedroom', at(day, '06:30'), 60).pulse('light.kitchen', at(day, '06:40'), 60).pulse('light.bedroom', at(day, '06:45'), 60);
  h.pulse('switch.kettle', at(day, '07:15'), 60).pulse('light.kitchen', at(day, '07:44'), 60);
  h.pulse('switch.plug', at(day, '12:00'), 60);
  const dayRecords = summarizeDays(h.build(), [day], calendar, S, [sessionDaily as unknown as DailyDetector]).filter((r) => r.measurement === 'session_daily'); // the day scan's own facts aside

  it('splits the day at 30 idle minutes and keeps each burst’s start, end, activations, and the areas and entities of its opening', () => {
    assert.equal(dayRecords.length, 1);
    const r = dayRecords[0]!;
    assert.deepEqual([r.measurement, r.period, r.fields['count']], ['session_daily', day, 3]);
    assert.deepEqual(JSON.parse(String(r.fields['sessions'])), [
      { start: 390, end: 405, activations: 3, areas: ['bedroom'], entities: ['light.bedroom'] },
      { start: 435, end: 464, activations: 2, areas: ['kitchen'], entities: ['switch.kettle'] },
      { start: 720, end: 720, activations: 1, areas: [], entities: ['switch.plug'] },
    ]);
  });

  it('keeps a week’s recurring starts with their spread, end, days, weekdays, common areas and entities', () => {
    const weekly = weeksOf((d, w) => (w <= 5 ? [morning(STARTS[w]!), ...(w <= 2 ? [{ start: 1200, areas: ['garage'], entities: ['light.garage', 'switch.x'] }] : [])] : []));
    const first = weekly.filter((r) => r.period === '2026-W41' && r.measurement === 'session_weekly');
    assert.deepEqual(first.map((r) => r.tags['session']), ['bedroom+kitchen@06:30', 'garage@20:00']);
    const f = first[0]!.fields;
    assert.equal(f['start_minute'], 386);
    assert.equal(f['start_spread'], Math.round(Math.sqrt([360, 385, 385, 400, 400].reduce((a, x) => a + (x - 386) ** 2, 0) / 5) * 100) / 100);
    assert.equal(f['end_minute'], 426);
    assert.deepEqual([JSON.parse(String(f['days'])), JSON.parse(String(f['weekdays'])), JSON.parse(String(f['areas'])), JSON.parse(String(f['entities'])), f['activations']], [
      ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09'], [1, 2, 3, 4, 5], ['bedroom', 'kitchen'], ['light.bedroom', 'light.kitchen'], 30,
    ]);
    const observed = weekly.find((r) => r.period === '2026-W41' && r.measurement === 'session_observed')!;
    assert.deepEqual([observed.fields['weekdays_observed'], observed.fields['weekends_observed']], [5, 2]);
    // two days a week recur; one day alone does not
    const once = weeksOf((d) => (d === '2026-10-07' ? [morning(390)] : []));
    assert.deepEqual(once.filter((r) => r.measurement === 'session_weekly'), []);
  });

  it('says when, where and how often, and holds minDays and minConfidence at their edges', () => {
    const weekly = weeksOf((_, w) => (w <= 5 ? [morning(STARTS[w]!)] : []));
    const [p] = derive(weekly);
    const m = p!.metadata;
    assert.deepEqual([p!.deviceId, p!.key, p!.areaId, p!.lastSeen], ['bedroom+kitchen', 'session@06:30', null, calendar.week('2026-W44').start]);
    assert.deepEqual([m['start_time'], m['end_time'], m['weeks'], m['start_spread_minutes']], ['06:26', '07:06', 4, 0]);
    assert.equal(derive(weekly, withSession({ minDays: 20 })).length, 1);
    assert.equal(derive(weekly, withSession({ minDays: 21 })).length, 0);
    // three of four weeks: 15 of 20 weekdays
    const three = weeksOf((d, w) => (w <= 5 && d >= '2026-10-12' ? [morning(390)] : []));
    assert.deepEqual(derive(three).map((x) => [x.occurrences, x.confidence]), [[15, 0.75]]);
    assert.equal(derive(three, withSession({ minConfidence: 0.75 })).length, 1);
    assert.equal(derive(three, withSession({ minConfidence: 0.76 })).length, 0);
  });

  it('names a session by its one area, or the home when it has none, and keeps areas of at least half its days', () => {
    const kitchen = derive(weeksOf((d, w) => (w <= 5 ? [{ start: 480, areas: w <= 2 || w === 5 ? ['kitchen', 'pantry'] : ['kitchen'], entities: ['light.kitchen', 'switch.kettle'] }] : [])));
    assert.deepEqual(kitchen.map((p) => [p.deviceId, p.areaId, p.metadata['areas']]), [['kitchen+pantry', null, ['kitchen', 'pantry']]]);
    const mostly = derive(weeksOf((d, w) => (w <= 5 ? [{ start: 480, areas: w <= 2 ? ['kitchen', 'pantry'] : ['kitchen'], entities: ['light.kitchen', 'switch.kettle'] }] : [])));
    assert.deepEqual(mostly.map((p) => [p.deviceId, p.areaId]), [['kitchen', 'kitchen']]);
    const nowhere = derive(weeksOf((_, w) => (w <= 5 ? [{ start: 480, areas: [], entities: ['switch.a', 'switch.b'] }] : [])));
    assert.deepEqual(nowhere.map((p) => [p.deviceId, p.areaId, p.metadata['areas']]), [['home', null, []]]);
  });

  it('keeps sessions in different areas at the same time apart', () => {
    const two = derive(weeksOf((_, w) => (w <= 5 ? [morning(390), { start: 395, areas: ['garage'], entities: ['light.garage', 'switch.saw'] }] : [])));
    assert.deepEqual(two.map((p) => p.deviceId).sort(), ['bedroom+kitchen', 'garage']);
  });
});

describe('session: edges the other tests leave open', () => {
  it('leaves the look-back before the day out of its sessions', () => {
    const h = new HomeBuilder().area('light.bedroom', 'bedroom');
    h.pulse('light.bedroom', at('2026-10-05', '23:58'), 30).pulse('light.bedroom', at('2026-10-06', '06:30'), 30);
    const [r] = summarizeDays(h.build(), ['2026-10-06'], calendar, S, [sessionDaily as unknown as DailyDetector]).filter((x) => x.measurement === 'session_daily');
    assert.deepEqual((JSON.parse(String(r!.fields['sessions'])) as { start: number }[]).map((s) => s.start), [390]);
  });

  it('takes the day’s first start when two fall in one group, and lists days by date', () => {
    const weekly = weeksOf((d, w) => (w <= 5 ? [morning(420 - w * 8), morning(435 - w * 8)] : []));
    const r = weekly.find((x) => x.period === '2026-W41' && x.measurement === 'session_weekly')!;
    assert.equal(r.fields['start_minute'], 396);
    assert.deepEqual(JSON.parse(String(r.fields['days'])), ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09']);
    assert.deepEqual(JSON.parse(String(r.fields['weekdays'])), [1, 2, 3, 4, 5]);
  });

  it('is last seen in its latest week, whatever its start that week', () => {
    const weekly = weeksOf((d, w) => (w <= 5 ? [morning(d >= '2026-10-26' ? 380 : 395)] : []));
    assert.equal(derive(weekly)[0]!.lastSeen, calendar.week('2026-W44').start);
  });

  it('finds nothing without the observed days its confidence is a share of', () => {
    const weekly = weeksOf((_, w) => (w <= 5 ? [morning(390)] : [])).filter((r) => r.measurement !== 'session_observed');
    assert.deepEqual(derive(weekly), []);
  });

  it('keeps an area found in exactly half of the weeks', () => {
    const weekly = weeksOf((d, w) => (w <= 5 ? [{ start: 480, areas: d < '2026-10-19' ? ['kitchen', 'pantry'] : ['kitchen'], entities: ['light.kitchen', 'switch.kettle'] }] : []));
    assert.deepEqual(derive(weekly).map((p) => p.metadata['areas']), [['kitchen', 'pantry']]);
  });
});

describe('session: the areas and entities that characterize a burst', () => {
  const day = '2026-10-06';
  const sessionsOf = (h: HomeBuilder, settings: DetectorSettings = S) => {
    const [r] = summarizeDays(h.build(), [day], calendar, settings, [sessionDaily as unknown as DailyDetector]).filter((x) => x.measurement === 'session_daily');
    return JSON.parse(String(r!.fields['sessions'])) as { start: number; end: number; areas: string[]; entities: string[] }[];
  };
  /** A hallway motion sensor firing every `every` minutes from 06:00 to 22:00, with the evening's lights. */
  const busy = (every: number) => {
    const h = new HomeBuilder().area('binary_sensor.hallway_motion', 'hallway').area('light.living_room', 'living_room').area('media_player.tv', 'living_room').area('light.bedroom', 'bedroom');
    for (let m = 6 * 60; m < 22 * 60; m += every) h.pulse('binary_sensor.hallway_motion', at(day, `${Math.floor(m / 60)}:${m % 60}`), 30);
    return h;
  };

  it('leaves out a motion sensor busy all day in another room, and keeps a real second room', () => {
    // one burst from 06:00 to 22:00: the evening's TV and lights, and the bedroom at bedtime, are
    // late in it; a second day shape puts the evening in its own burst (the hallway quiet 19–21)
    const h = busy(10).pulse('media_player.tv', at(day, '20:05'), 60).pulse('light.living_room', at(day, '20:06'), 60).pulse('light.bedroom', at(day, '20:15'), 60);
    const [whole] = sessionsOf(h);
    assert.deepEqual([whole!.start, whole!.end, whole!.areas, whole!.entities], [360, 1310, [], []], 'the hallway sensor is in every stretch of the day: it says nothing');
    const evening = new HomeBuilder().area('binary_sensor.hallway_motion', 'hallway').area('light.living_room', 'living_room').area('media_player.tv', 'living_room').area('light.bedroom', 'bedroom');
    for (let m = 6 * 60; m < 22 * 60; m += 10) if (m < 19 * 60 || m >= 20 * 60) evening.pulse('binary_sensor.hallway_motion', at(day, `${Math.floor(m / 60)}:${m % 60}`), 30);
    evening.pulse('media_player.tv', at(day, '19:35'), 60).pulse('light.living_room', at(day, '19:36'), 60).pulse('light.bedroom', at(day, '19:45'), 60);
    const sessions = sessionsOf(evening);
    const tv = sessions.find((x) => x.start === 19 * 60 + 35)!;
    assert.deepEqual([tv.areas, tv.entities], [['bedroom', 'living_room'], ['light.bedroom', 'light.living_room', 'media_player.tv']]);
    // and the hallway joins when its sensor is quiet but for this burst's opening; the TV and the
    // light, each in one of the day's four other stretches, at exactly 1 / minLift
    const quiet = new HomeBuilder().area('binary_sensor.hallway_motion', 'hallway').area('light.living_room', 'living_room').area('media_player.tv', 'living_room');
    quiet.pulse('light.living_room', at(day, '06:01'), 30).pulse('media_player.tv', at(day, '12:05'), 30).pulse('switch.plug', at(day, '14:00'), 30).pulse('switch.plug', at(day, '16:00'), 30);
    quiet.pulse('binary_sensor.hallway_motion', at(day, '19:34'), 30).pulse('media_player.tv', at(day, '19:35'), 60).pulse('light.living_room', at(day, '19:36'), 60);
    const last = sessionsOf(quiet).find((x) => x.start === 19 * 60 + 34)!;
    assert.deepEqual([last.areas, last.entities], [['hallway', 'living_room'], ['binary_sensor.hallway_motion', 'light.living_room', 'media_player.tv']]);
  });

  it('holds the opening and the lift at their edges', () => {
    const h = new HomeBuilder().area('light.a', 'a').area('light.b', 'b').area('light.d', 'd');
    // 08:00 a; 08:19:59 b (in the 20-minute opening); 08:20 d (past it); b again at 11:00, an
    // unplaced x at 12:00 and 13:00: the other active stretches are 08:20, 11:00, 12:00 and 13:00
    h.pulse('light.a', at(day, '08:00'), 30).pulse('light.b', at(day, '08:19:59'), 30).pulse('light.d', at(day, '08:20'), 30);
    h.pulse('light.b', at(day, '11:00'), 30).pulse('switch.x', at(day, '12:00'), 30).pulse('switch.x', at(day, '13:00'), 30);
    // b: 1 of the 4 other stretches, exactly 1 / minLift
    assert.deepEqual(sessionsOf(h)[0]!.entities, ['light.a', 'light.b']);
    assert.deepEqual(sessionsOf(h, withSession({ minLift: 4.01 }))[0]!.entities, ['light.a']);
    // a 21-minute opening holds d and overlaps 08:20 too: b is in 1 of 3 other stretches
    assert.deepEqual(sessionsOf(h, withSession({ openingMinutes: 21 }))[0]!.entities, ['light.a', 'light.d']);
    assert.deepEqual(sessionsOf(h, withSession({ openingMinutes: 21, minLift: 3 }))[0]!.entities, ['light.a', 'light.b', 'light.d']);
  });

  it('keeps every entity of a day with no other active stretch, and leaves the slots a burst’s opening overlaps out of the base', () => {
    const h = new HomeBuilder().area('light.a', 'a').area('light.b', 'b');
    for (const t of ['08:00', '08:05', '08:10', '08:19']) h.pulse('light.a', at(day, t), 30).pulse('light.b', at(day, t), 30);
    assert.deepEqual(sessionsOf(h).map((x) => [x.areas, x.entities]), [[['a', 'b'], ['light.a', 'light.b']]]);
    // an opening from 08:10 overlaps two clock slots (08:00–08:20, 08:20–08:40): b at 08:25, and
    // at 12:00 and 13:00 of the 8 other stretches (a at 15:00, an unplaced x hourly 16:00–20:00)
    const g = new HomeBuilder().area('light.a', 'a').area('light.b', 'b');
    g.pulse('light.a', at(day, '08:10'), 30).pulse('light.b', at(day, '08:25'), 30);
    g.pulse('light.b', at(day, '12:00'), 30).pulse('light.b', at(day, '13:00'), 30).pulse('light.a', at(day, '15:00'), 30);
    for (const t of ['16:00', '17:00', '18:00', '19:00', '20:00']) g.pulse('switch.x', at(day, t), 30);
    const [first] = sessionsOf(g);
    assert.deepEqual([first!.start, first!.areas, first!.entities], [490, ['a', 'b'], ['light.a', 'light.b']]);
  });
});

describe('session: what it declares', () => {
  it('writes and reads the measurements it declares, and every record it writes fits its declaration', () => {
    assert.deepEqual([sessionDaily.measurement, sessionDaily.writes.map((m) => [m.name, m.kind, m.version])], ['session_daily', [['session_daily', 'daily', 2]]]);
    assert.deepEqual([session.patternType, session.measurement, session.reads], ['session', 'session_weekly', ['session_daily', 'session_weekly', 'session_observed']]);
    assert.deepEqual(session.writes.map((m) => [m.name, m.kind, m.version]), [['session_weekly', 'weekly', 2], ['session_observed', 'weekly', 1]]);
    const day = '2026-10-06';
    // entities sort one way, their areas the other
    const h = new HomeBuilder().area('light.a', 'zeta').area('light.b', 'alpha');
    h.pulse('light.a', at(day, '08:00'), 30).pulse('light.b', at(day, '08:01'), 30);
    const daily = summarizeDays(h.build(), [day], calendar, S, [sessionDaily as unknown as DailyDetector]).filter((r) => r.measurement === 'session_daily');
    assert.deepEqual((JSON.parse(String(daily[0]!.fields['sessions'])) as { areas: string[] }[]).map((x) => x.areas), [['alpha', 'zeta']]);
    const weekly = weeksOf((_, w) => (w <= 5 ? [morning(390)] : []));
    const specs = [...sessionDaily.writes, ...session.writes];
    for (const r of [...daily, ...weekly]) assert.doesNotThrow(() => specs.find((m) => m.name === r.measurement)!.check(r), r.measurement);
    assert.ok(weekly.some((r) => r.measurement === 'session_weekly') && weekly.some((r) => r.measurement === 'session_observed'));
  });

  it('has no sessions on a day without activations', () => {
    const h = new HomeBuilder().area('light.a', 'a');
    h.pulse('light.a', at('2026-10-05', '12:00'), 30);
    const [r] = summarizeDays(h.build(), ['2026-10-06'], calendar, S, [sessionDaily as unknown as DailyDetector]).filter((x) => x.measurement === 'session_daily');
    assert.deepEqual([r!.fields['count'], r!.fields['sessions']], [0, '[]']);
  });
});
