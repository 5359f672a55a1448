import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowOf } from '../jobs/group-a.js';
import type { PatternUpsert } from '../storage/types.js';
import { HomeBuilder, at, calendar, dayKeys } from '../testing/home.js';
import { motionSensor, pulses, randomAppliance, seeded, summarizeOnly, normal } from '../testing/routines.js';
import { circularDistance } from './circular.js';
import { describePattern } from './describe.js';
import { DEFAULT_DETECTOR_SETTINGS, type DetectorSettings } from './settings.js';
import { particularWeekdays, timeBased } from './time-based.js';
import { binomialTail } from './binomial.js';

const DAYS = dayKeys('2026-09-01', 30);
const MEALS = [8 * 60 + 40, 12 * 60 + 12, 18 * 60 + 3];

function routines(home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}): PatternUpsert[] {
  return routinesAt(home, tweak);
}

function routinesAt(home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}): PatternUpsert[] {
  const settings = { ...DEFAULT_DETECTOR_SETTINGS, timeBased: { ...DEFAULT_DETECTOR_SETTINGS.timeBased, ...tweak } };
  const records = summarizeOnly(timeBased, home.build(), DAYS, settings);
  return timeBased.derive(windowOf(records, calendar), settings);
}

const sentence = (p: PatternUpsert) => describePattern({ pattern_type: p.patternType, device_id: p.deviceId, pattern_metadata: p.metadata, confidence: p.confidence, occurrences: p.occurrences });
const minuteOf = (p: PatternUpsert) => p.metadata['typical_minute'] as number;

function kitchen(seed: number, peaks: readonly number[], backgroundPerDay = 20): HomeBuilder {
  return motionSensor(new HomeBuilder(), DAYS, { entityId: 'binary_sensor.kitchen_motion', backgroundPerDay, peaks, peakShare: 0.85, perPeak: [3, 5], jitter: 6 }, seeded(seed));
}

/** A light switched on once around `minute` on the days `on` says. */
function oneRoutine(minute: number, on: (day: string, i: number) => boolean, seed = 7): HomeBuilder {
  const random = seeded(seed);
  const home = new HomeBuilder();
  DAYS.forEach((d, i) => {
    if (on(d, i)) pulses(home, 'light.hall', d, [minute + 4 * normal(random)]);
  });
  return home;
}

describe('time-based: daily peaks of entities that fire all day', () => {
  // more seeds and backgrounds in src/jobs/routines-incremental.test.ts; these stay fast for mutation runs
  for (const seed of [1, 2]) {
    it(`finds the three meal peaks of a kitchen motion sensor firing all day (seed ${seed})`, () => {
      const found = routines(kitchen(seed, MEALS));
      assert.equal(found.length, 3, found.map(sentence).join('\n'));
      for (const meal of MEALS) assert.ok(found.some((p) => circularDistance(minuteOf(p), meal) <= 15), `no peak near ${meal}: ${found.map(sentence).join('; ')}`);
      for (const p of found) {
        assert.equal(p.deviceId, 'binary_sensor.kitchen_motion');
        assert.ok((p.metadata['days_matched'] as number) >= 24, sentence(p));
        assert.ok((p.metadata['lift'] as number) >= 3);
      }
    });
  }

  it('finds a peak 36 minutes from another one (leaving at 08:04, breakfast at 08:40)', () => {
    const found = routines(kitchen(4, [8 * 60 + 4, 8 * 60 + 40]));
    assert.deepEqual(found.map((p) => Math.round(minuteOf(p) / 10) * 10).sort(), [480, 520]);
  });

  for (const seed of [5, 6]) {
    it(`finds nothing on the same sensor without peaks (seed ${seed})`, () => {
      assert.deepEqual(routines(kitchen(seed, [], 20)).map(sentence), []);
      assert.deepEqual(routines(kitchen(seed, [], 60)).map(sentence), []);
    });

    it(`finds nothing for a kettle used 1–3 times a day at random times (seed ${seed})`, () => {
      assert.deepEqual(routines(randomAppliance(new HomeBuilder(), DAYS, 'switch.kettle', seeded(seed))).map(sentence), []);
    });
  }

  it('keeps each peak under a key that is its time rounded to ten minutes', () => {
    const found = routines(kitchen(1, MEALS));
    for (const p of found) {
      const rounded = Math.round(minuteOf(p) / 10) * 10;
      assert.equal(p.key, `activation@${String(Math.floor(rounded / 60)).padStart(2, '0')}:${String(rounded % 60).padStart(2, '0')}`);
    }
  });

  it('reports at most the configured number of peaks, the strongest first', () => {
    const found = routines(kitchen(1, MEALS), { maxRoutinesPerEntity: 2 });
    assert.equal(found.length, 2);
  });
});

describe('time-based: honest frequency words', () => {
  it('says "every day" for a routine on 28 of 30 days, with its share as confidence', () => {
    const [p, ...rest] = routines(oneRoutine(7 * 60 + 30, (_, i) => i % 15 !== 3));
    assert.equal(rest.length, 0);
    assert.equal(p!.metadata['day_type'], 'all');
    assert.equal(p!.confidence, round4(28 / 30));
    assert.match(sentence(p!), /^light\.hall turns on around 07:(2\d|3[0-5]) every day, give or take \d+ min \(on 28 of 30 days\)$/);
  });

  it('says "on 22 of 30 days" for a routine on 22 of 30 days, never "every day", and ranks it lower', () => {
    // spread over the month (an entity silent for six days is no longer observed)
    const [p, ...rest] = routines(oneRoutine(7 * 60 + 30, (_, i) => (i * 7) % 30 < 22));
    assert.equal(rest.length, 0);
    assert.equal(p!.metadata['day_type'], 'some');
    assert.equal(p!.metadata['days_matched'], 22);
    assert.equal(p!.confidence, round4(22 / 30));
    assert.ok(p!.confidence < DEFAULT_DETECTOR_SETTINGS.timeBased.wordShare);
    assert.match(sentence(p!), /on 22 of 30 days/);
    assert.doesNotMatch(sentence(p!), /every day|weekdays|weekends/);
  });

  it('keeps a routine on 70 % of some day type only: 16 of 30 days spread over the month is none', () => {
    assert.equal(DEFAULT_DETECTOR_SETTINGS.timeBased.minConfidence, 0.7);
    assert.deepEqual(routines(oneRoutine(7 * 60 + 30, (_, i) => (i * 7) % 30 < 16)), []);
    const [p] = routines(oneRoutine(7 * 60 + 30, (_, i) => (i * 7) % 30 < 16), { minConfidence: 0.5 });
    assert.match(sentence(p!), /on 16 of 30 days/);
  });

  it('says "on weekdays" for a routine on every weekday and no weekend day', () => {
    const [p] = routines(oneRoutine(6 * 60 + 45, (d) => calendar.weekday(d) <= 5));
    assert.equal(p!.metadata['day_type'], 'weekdays');
    assert.deepEqual(p!.metadata['weekday_mask'], [1, 2, 3, 4, 5]);
    assert.equal(p!.confidence, 1);
    assert.match(sentence(p!), / on weekdays, give or take \d+ min \(on 22 of 22 days\)$/);
  });

  it('says "at weekends" for a weekend routine', () => {
    const [p] = routines(oneRoutine(9 * 60, (d) => calendar.weekday(d) >= 6));
    assert.equal(p!.metadata['day_type'], 'weekends');
    assert.match(sentence(p!), / at weekends, give or take \d+ min \(on 8 of 8 days\)$/);
  });

  it('keeps a routine on particular weekdays (Mon, Wed, Fri) as day type "days", its mask those weekdays', () => {
    const [p, ...rest] = routines(oneRoutine(18 * 60, (d) => [1, 3, 5].includes(calendar.weekday(d))));
    assert.equal(rest.length, 0);
    assert.deepEqual([p!.metadata['day_type'], p!.metadata['weekday_mask'], p!.metadata['mask_days_matched'], p!.metadata['mask_days_observed']], ['days', [1, 3, 5], 13, 13]);
    assert.equal(p!.confidence, 1);
    // the sentence names the weekdays and counts their days, never "every day"
    assert.match(sentence(p!), /on Mondays, Wednesdays and Fridays, .*\(on 13 of 13 days\)/);
    assert.doesNotMatch(sentence(p!), /every day/);
    const wednesdays = (missed: (n: number) => boolean) => {
      let n = 0;
      return routines(oneRoutine(18 * 60, (d) => [1, 5].includes(calendar.weekday(d)) || (calendar.weekday(d) === 3 && !missed(n++))), { minConfidence: 0.5 })[0]!;
    };
    // one of five Wednesdays missed: 4 of 5 is the word share, Wednesday stays
    const one = wednesdays((n) => n === 1);
    assert.deepEqual([one.metadata['day_type'], one.metadata['weekday_mask'], one.metadata['mask_days_matched'], one.metadata['mask_days_observed']], ['days', [1, 3, 5], 12, 13]);
    // two missed: 3 of 5 is neither a day of the routine nor one without it, so there is no set
    assert.equal(wednesdays((n) => n % 2 === 1).metadata['day_type'], 'some');
  });

  it('needs three days of each weekday before it picks particular ones', () => {
    const tally = (per: Record<number, [number, number]>) => particularWeekdays(per, 0.8);
    const full = { 1: [4, 4], 2: [0, 4], 3: [5, 5], 4: [0, 4], 5: [4, 4], 6: [0, 4], 7: [0, 4] } as Record<number, [number, number]>;
    assert.deepEqual(tally(full), [1, 3, 5]);
    assert.deepEqual(tally({ ...full, 7: [0, 3] }), [1, 3, 5]);
    assert.equal(tally({ ...full, 7: [0, 2] }), null);
    // at exactly 1 − word share a weekday is one without the routine; above it, no set
    assert.deepEqual(tally({ ...full, 2: [1, 5] }), [1, 3, 5]);
    assert.equal(tally({ ...full, 2: [2, 5] }), null);
    // every weekday, or none, is no particular set
    assert.equal(tally({ 1: [4, 4], 2: [4, 4], 3: [5, 5], 4: [4, 4], 5: [4, 4], 6: [4, 4], 7: [4, 4] }), null);
    assert.equal(tally({ 1: [0, 4], 2: [0, 4], 3: [0, 5], 4: [0, 4], 5: [0, 4], 6: [0, 4], 7: [0, 4] }), null);
  });

  it('finds no day set in a habit on half the days spread over the week', () => {
    const [p] = routines(oneRoutine(7 * 60 + 30, (_, i) => (i * 7) % 30 < 16), { minConfidence: 0.5 });
    assert.equal(p!.metadata['day_type'], 'some');
    assert.deepEqual(p!.metadata['weekday_mask'], [1, 2, 3, 4, 5, 6, 7]);
  });

  it('does not say "on weekdays" when the routine misses a third of them', () => {
    let weekday = 0;
    const [p] = routines(oneRoutine(6 * 60 + 45, (d) => calendar.weekday(d) <= 5 && weekday++ % 3 !== 1), { minConfidence: 0.5 });
    assert.equal(p!.metadata['day_type'], 'some');
    assert.match(sentence(p!), /on 15 of 30 days/);
  });

  it('follows the configured share for the words', () => {
    const [p] = routines(oneRoutine(7 * 60 + 30, (_, i) => i % 15 !== 3), { wordShare: 0.95 });
    assert.equal(p!.metadata['day_type'], 'some');
    assert.match(sentence(p!), /on 28 of 30 days/);
  });
});

describe('time-based: every gate is a setting that holds', () => {
  // every other day: 15 of 30 days, 11 of 22 weekdays, 4 of 8 weekend days (all exactly half),
  // kept from half its days here, so each other gate is seen on its own
  const light = () => oneRoutine(7 * 60 + 30, (_, i) => i % 2 === 0);
  const routines = (home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}) => routinesAt(home, { minConfidence: 0.5, ...tweak });
  it('reports a routine below the configured share of days no more', () => {
    assert.equal(routines(light()).length, 1);
    assert.equal(routines(light(), { minConfidence: 0.51 }).length, 0);
  });
  it('needs the configured number of days', () => {
    assert.equal(routines(light(), { minDays: 15 }).length, 1);
    assert.equal(routines(light(), { minDays: 16 }).length, 0);
  });
  it('needs the configured lift and significance', () => {
    const [p] = routines(light());
    const lift = Math.min(p!.metadata['lift'] as number, p!.metadata['day_lift'] as number);
    assert.equal(routines(light(), { minLift: lift * 0.99 }).length, 1);
    assert.equal(routines(light(), { minLift: lift * 1.01 }).length, 0);
    const pValue = p!.metadata['p_value'] as number;
    assert.ok(pValue > 0 && pValue < 1e-6, String(pValue));
    assert.equal(routines(light(), { maxPValue: pValue * 1.01 }).length, 1);
    assert.equal(routines(light(), { maxPValue: pValue * 0.99 }).length, 0);
  });
  it('needs a spread within the configured one', () => {
    const [p] = routines(light());
    const spread = p!.metadata['spread_minutes'] as number;
    assert.ok(spread > 1 && spread < 10, String(spread));
    assert.equal(routines(light(), { maxSpreadMinutes: spread + 0.5 }).length, 1);
    assert.equal(routines(light(), { maxSpreadMinutes: spread - 0.5 }).length, 0);
  });
  it('finds a lone routine from five days, not from four', () => {
    assert.equal(routines(oneRoutine(20 * 60, (_, i) => i < 5), { minConfidence: 0 }).length, 1);
    assert.equal(routines(oneRoutine(20 * 60, (_, i) => i < 4), { minConfidence: 0 }).length, 0);
  });
});

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

describe('time-based: records and pattern fields', () => {
  // these fixtures repeat on half the days: kept from half, so the other gates are seen on their own
  const routines = (home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}) => routinesAt(home, { minConfidence: 0.5, ...tweak });
  it('keeps the day\'s activations only (not the look-back), their count, first minute and name', () => {
    const home = new HomeBuilder().area('light.hall', 'hall');
    home.set('light.hall', at(DAYS[0]!, '23:58'), 'on', { friendly_name: 'Hall' }).set('light.hall', at(DAYS[0]!, '23:59'), 'off');
    pulses(home, 'light.hall', DAYS[1]!, [7 * 60, 8 * 60]);
    const records = summarizeOnly(timeBased, home.build(), DAYS.slice(0, 3), DEFAULT_DETECTOR_SETTINGS);
    assert.deepEqual(records.map((r) => [r.measurement, r.period, r.tags['entity_id'], r.tags['area_id'], r.fields['count'], r.fields['first_minute'], r.fields['minutes'], r.fields['name']]), [
      ['time_based_daily', DAYS[0], 'light.hall', 'hall', 1, 1438, '[1438]', 'Hall'],
      ['time_based_daily', DAYS[1], 'light.hall', 'hall', 2, 420, '[420,480]', 'Hall'],
      ['time_based_daily', DAYS[2], 'light.hall', 'hall', 0, -1, '[]', 'Hall'],
    ]);
  });

  it('fills the pattern with its evidence', () => {
    const home = new HomeBuilder().area('light.hall', 'hall');
    DAYS.forEach((d, i) => {
      if ((i * 7) % 30 < 16) pulses(home, 'light.hall', d, [7 * 60 + 30 + (i % 3)]);
    });
    const [p] = routines(home);
    const matched = DAYS.filter((_, i) => (i * 7) % 30 < 16);
    assert.equal(p!.patternType, 'time_based');
    assert.equal(p!.areaId, 'hall');
    assert.equal(p!.key, 'activation@07:30');
    assert.equal(p!.occurrences, 16);
    assert.equal(p!.lastSeen, calendar.day(matched.at(-1)!).start);
    const m = p!.metadata;
    assert.equal(m['entity_id'], 'light.hall');
    assert.equal(m['name'], 'light.hall');
    assert.equal(m['days_observed'], 30);
    assert.equal(m['first_day'], DAYS[0]);
    assert.equal(m['last_day'], DAYS[29]);
    assert.equal(m['activations_total'], 16);
    assert.deepEqual(m['weekday_mask'], [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([m['mask_days_matched'], m['mask_days_observed']], [16, 30]);
    assert.deepEqual((m['daily_times'] as { day: string }[]).map((t) => t.day), matched);
    const weekdays = m['weekdays'] as Record<string, [number, number]>;
    assert.deepEqual(Object.values(weekdays).reduce((a, [x, y]) => [a[0] + x, a[1] + y], [0, 0]), [16, 30]);
    assert.equal(weekdays['2']![1], 5, 'five Tuesdays in September 2026');
    assert.deepEqual(m['holidays_skipped'], [], 'no holidays configured');
  });

  it("leaves the config's holidays out of the weekday tallies, and keeps those a routine of their weekdays was skipped on", () => {
    // Mon/Wed/Fri at 18:00, except on a holiday Monday (2026-09-14) and a holiday Wednesday it was done on anyway (2026-09-16)
    const home = oneRoutine(18 * 60, (d) => [1, 3, 5].includes(calendar.weekday(d)) && d !== '2026-09-14');
    const derive = (holidays?: string[]) => {
      const settings = { ...DEFAULT_DETECTOR_SETTINGS, timeBased: { ...DEFAULT_DETECTOR_SETTINGS.timeBased, minConfidence: 0.5 }, ...(holidays ? { holidays } : {}) };
      return timeBased.derive(windowOf(summarizeOnly(timeBased, home.build(), DAYS, settings), calendar), settings)[0]!.metadata;
    };
    // without the holiday: three of four Mondays is neither a day of the routine nor one without it
    assert.equal(derive()['day_type'], 'some');
    const m = derive(['2026-09-14', '2026-09-16', '2026-09-15']);
    assert.deepEqual([m['day_type'], m['weekday_mask'], m['mask_days_matched'], m['mask_days_observed']], ['days', [1, 3, 5], 11, 11]);
    assert.deepEqual((m['weekdays'] as Record<string, [number, number]>)['1'], [3, 3]);
    assert.deepEqual(m['holidays_skipped'], ['2026-09-14'], 'the Wednesday was done; the Tuesday is no day of the routine');
    assert.deepEqual([m['days_matched'], m['days_observed']], [12, 29], 'all days still count in the sentence');
  });

  it('keys a routine around midnight 00:00, not 24:00', () => {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, 'light.porch', d, [i % 2 === 0 ? 1438 : 1]));
    const [p] = routines(home);
    assert.equal(p!.key, 'activation@00:00');
  });

  it('needs a weekday reading to beat the every-day one by a margin before it is told "on weekdays"', () => {
    // every weekday and 5 of 8 weekend days: 27 of 30 days is "every day" already
    let weekendDays = 0;
    const [p] = routines(oneRoutine(7 * 60, (d) => calendar.weekday(d) <= 5 || weekendDays++ < 5));
    assert.equal(p!.metadata['day_type'], 'all');
    // 20 of 22 weekdays, no weekend day: weekdays (0.91) beat every day (0.67) by more than the margin
    let n = 0;
    const [q] = routines(oneRoutine(7 * 60, (d) => calendar.weekday(d) <= 5 && n++ % 11 !== 5));
    assert.equal(q!.metadata['day_type'], 'weekdays');
    assert.deepEqual([q!.metadata['mask_days_matched'], q!.metadata['mask_days_observed']], [20, 22]);
    // 19 of 22 weekdays (0.86) and 4 of 8 weekend days: every day is 0.77, within the margin, and below 0.8
    let w = 0;
    let e = 0;
    const [r] = routines(oneRoutine(7 * 60, (d) => (calendar.weekday(d) <= 5 ? w++ % 7 !== 3 : e++ % 2 === 0)));
    assert.deepEqual([r!.metadata['day_type'], r!.metadata['days_matched']], ['some', 23]);
  });
});


describe('time-based: the edges of its gates and its evidence, exactly', () => {
  // these fixtures repeat on half the days: kept from half, so the other gates are seen on their own
  const routines = (home: HomeBuilder, tweak: Partial<DetectorSettings['timeBased']> = {}) => routinesAt(home, { minConfidence: 0.5, ...tweak });
  /** A light switched on at exactly the given minutes on the days `on` says (no jitter: every number below is exact). */
  function exact(minutes: (day: string, i: number) => readonly number[], entityId = 'light.hall'): HomeBuilder {
    const home = new HomeBuilder();
    DAYS.forEach((d, i) => pulses(home, entityId, d, minutes(d, i)));
    return home;
  }
  const at0730 = (on: (d: string, i: number) => boolean) => exact((d, i) => (on(d, i) ? [450] : []));

  it('reports a peak, not a plateau: a time spread evenly over 40 minutes is no routine', () => {
    // every day once, evenly over 07:10–07:50 (the whole window of ±20 min), against the same days at 07:30 ± 3
    assert.deepEqual(routines(exact((_, i) => [430 + ((i * 11) % 41)])), []);
    assert.equal(routines(exact((_, i) => [447 + (i % 7)])).length, 1);
  });

  it('needs the configured share of its days in the inner half of the tolerance, at its exact edge', () => {
    // 18 days at 07:30 and 6 at 07:45: centre 07:33.75, 07:45 lies 11.25 minutes out: 18 of 24 inner
    const home = () => exact((_, i) => (i < 24 ? [i % 4 === 3 ? 465 : 450] : []));
    const [p] = routines(home());
    assert.equal(p!.metadata['days_inner'], 18);
    assert.equal(p!.metadata['days_matched'], 24);
    assert.equal(routines(home(), { minInnerShare: 0.75 }).length, 1);
    assert.equal(routines(home(), { minInnerShare: 0.76 }).length, 0);
  });

  it('matches a routine around midnight once a night: 23:58 one night, 00:02 the next morning the other', () => {
    // night i: even at 23:58 on day i, odd at 00:02 on day i + 1 (day 30 is not in the window)
    const [p, ...rest] = routinesAt(exact((_, i) => [...(i % 2 === 0 ? [1438] : []), ...(i > 0 && i % 2 === 0 ? [2] : [])]));
    assert.equal(rest.length, 0);
    assert.equal(p!.key, 'activation@00:00');
    assert.equal(p!.metadata['days_matched'], 29);
    assert.equal(p!.metadata['day_type'], 'all');
    const times = (p!.metadata['daily_times'] as { day: string; time: string }[]).slice(0, 3);
    assert.deepEqual(times, [{ day: DAYS[0], time: '23:58' }, { day: DAYS[1], time: '00:02' }, { day: DAYS[2], time: '23:58' }]);
  });

  it('leaves a gap in the days alone: the morning after a missing day is no night of the day before', () => {
    // night i at 00:02 on day i + 1 when i % 3 = 1, else at 23:58 on day i (the centre lies before
    // midnight); the days after a 23:58 night hold a stray 00:03 too
    const home = exact((_, i) => [...(i % 3 === 2 ? [2] : []), ...(i % 3 === 0 && i > 0 ? [3] : []), ...(i % 3 !== 1 ? [1438] : [])]);
    const derive = (keep: (day: string) => boolean) => {
      const records = summarizeOnly(timeBased, home.build(), DAYS, DEFAULT_DETECTOR_SETTINGS).filter((r) => keep(r.period));
      return timeBased.derive(windowOf(records, calendar), DEFAULT_DETECTOR_SETTINGS)[0]!.metadata;
    };
    assert.deepEqual([derive(() => true)['days_matched'], derive(() => true)['days_observed']], [30, 30]);
    // without day 14, night 13 has no morning after it: day 15 (00:03) follows day 13 in the list, not in the calendar
    const gap = derive((d) => d !== DAYS[14]);
    assert.deepEqual([gap['days_matched'], gap['days_observed']], [28, 29]);
  });

  it('is the time_based pattern type', () => {
    assert.equal(timeBased.patternType, 'time_based');
  });

  it('keeps a day\'s minutes in order, also on the night the clocks go back (02:40 summer time before 02:10 winter time)', () => {
    const day = '2026-10-25';
    const home = new HomeBuilder();
    const start = calendar.day(day).start;
    home.pulse('light.hall', start + 160 * 60_000, 20).pulse('light.hall', start + 190 * 60_000, 20);
    const [r] = summarizeOnly(timeBased, home.build(), [day], DEFAULT_DETECTOR_SETTINGS);
    assert.equal(calendar.minuteOfDay(start + 190 * 60_000), 130);
    assert.deepEqual([r!.fields['count'], r!.fields['first_minute'], r!.fields['minutes']], [2, 130, '[130,160]']);
  });

  it('names the pattern by the entity\'s friendly name', () => {
    const home = at0730((_, i) => i % 2 === 0);
    home.set('light.hall', at(DAYS[0]!, '03:00'), 'off', { friendly_name: 'Hall' });
    const [p] = routines(home);
    assert.equal(p!.metadata['name'], 'Hall');
  });

  it('computes the p-value from the days matched against chance, corrected for three day types, both tails and every peak tested', () => {
    // 15 of 30 days at 07:30, and the same days at 19:00: two peaks tested, nothing in either flank
    const found = routines(exact((_, i) => (i % 2 === 0 ? [450, 1140] : [])));
    assert.deepEqual(found.map((p) => p.metadata['typical_minute']), [450, 1140]);
    const width = 41;
    const chance = 1 - Math.exp(-Math.max(0.5 / (60 * 30), 30 / (1440 * 30)) * width);
    const expected = Math.min(1, Math.min(binomialTail(15, 30, chance) * 3, binomialTail(15, 15, 0.5)) * 2 * 2);
    assert.ok(binomialTail(15, 30, chance) * 3 < binomialTail(15, 15, 0.5), 'the days matched are the stronger test here');
    for (const p of found) assert.equal(p.metadata['p_value'], Number(expected.toPrecision(3)));
    // the gate holds at its exact edge
    assert.equal(routines(exact((_, i) => (i % 2 === 0 ? [450, 1140] : [])), { maxPValue: expected }).length, 2);
  });

  it('tests a routine drifting by a quarter hour as one peak, not two (presence smoothed over half the tolerance)', () => {
    // 20 days at 07:30, 10 at 07:45: one mode with the kernel ±2 bins wide, two with a narrower one
    const [p, ...rest] = routines(exact((_, i) => [i % 3 === 2 ? 465 : 450]));
    assert.equal(rest.length, 0);
    assert.equal(p!.metadata['typical_minute'], 455);
    const chance = 1 - Math.exp(-Math.max(0.5 / (60 * 30), 30 / (1440 * 30)) * 41);
    const expected = Math.min(1, Math.min(binomialTail(30, 30, chance) * 3, binomialTail(30, 30, 0.5)) * 2 * 1);
    assert.equal(p!.metadata['p_value'], Number(expected.toPrecision(3)));
  });

  it('needs both lifts, each at its exact edge', () => {
    // 07:30 every day; on ten days also 06:40 and 08:20, in both flanks: the flank is 10 in 60 minutes a day
    const home = () => exact((_, i) => (i % 3 === 0 ? [400, 450, 500] : [450]));
    const flankLift = (30 / (41 * 30)) / (10 / (60 * 30));
    const dayLift = (30 / (41 * 30)) / (50 / (1440 * 30));
    assert.ok(flankLift >= 3 && flankLift < dayLift);
    const near0730 = (tweak: Partial<DetectorSettings['timeBased']>) => routines(home(), tweak).filter((p) => p.metadata['typical_minute'] === 450).length;
    assert.equal(near0730({}), 1);
    assert.equal(near0730({ minLift: flankLift }), 1);
    assert.equal(near0730({ minLift: flankLift * 1.01 }), 0, 'the flank lift alone fails');
    // a lone light: nothing in the flanks, its day lift is the lower one
    const lone = () => at0730((_, i) => i % 2 === 0);
    const loneDayLift = (15 / (41 * 30)) / (15 / (1440 * 30));
    assert.equal(routines(lone(), { minLift: loneDayLift }).length, 1);
    assert.equal(routines(lone(), { minLift: loneDayLift * 1.01 }).length, 0);
  });

  it('takes a peak within the tolerance of one already taken as its shoulder, at exactly the tolerance too', () => {
    // every day at 07:30 and 07:50: two modes, their centres exactly 20 minutes apart
    const found = routines(exact(() => [450, 470]));
    assert.deepEqual(found.map((p) => p.metadata['typical_minute']), [450]);
  });

  it('needs the configured number of matched days, not only of activations', () => {
    // four evenings at 20:00 and one activation at 05:00: five activations, four days matched
    const home = () => exact((_, i) => (i < 4 ? [1200] : i === 10 ? [300] : []));
    const loose = { minConfidence: 0, maxPValue: 0.01 };
    assert.deepEqual(routines(home(), loose).map(sentence), []);
    assert.equal(routines(home(), { ...loose, minDays: 4 }).length, 1);
  });

  it('keeps a spread of exactly the configured one', () => {
    // 07:20 and 07:40 on alternate days: centre 07:30, spread exactly 10 minutes
    const [p] = routines(exact((_, i) => [i % 2 === 0 ? 440 : 460]), { maxSpreadMinutes: 10 });
    assert.deepEqual([p!.metadata['typical_minute'], p!.metadata['spread_minutes']], [450, 10]);
    assert.equal(routines(exact((_, i) => [i % 2 === 0 ? 440 : 460]), { maxSpreadMinutes: 9.99 }).length, 0);
  });

  it('finds a routine in a window of five days that misses some weekdays', () => {
    const days = DAYS.slice(0, 5);
    const home = new HomeBuilder();
    days.forEach((d) => pulses(home, 'light.hall', d, [450]));
    const records = summarizeOnly(timeBased, home.build(), days, DEFAULT_DETECTOR_SETTINGS);
    const [p, ...rest] = timeBased.derive(windowOf(records, calendar), DEFAULT_DETECTOR_SETTINGS);
    assert.equal(rest.length, 0);
    assert.deepEqual([p!.metadata['day_type'], p!.metadata['days_matched'], p!.metadata['days_observed']], ['all', 5, 5]);
    assert.equal(Object.keys(p!.metadata['weekdays'] as object).length, 5);
  });

  it('corrects the test of a routine on particular weekdays for all 127 weekday sets, and asks minConfidence of its share of those days', () => {
    const mwf = at0730((d) => [1, 3, 5].includes(calendar.weekday(d)));
    const [p] = routines(mwf);
    assert.deepEqual([p!.metadata['day_type'], p!.metadata['mask_days_matched'], p!.metadata['mask_days_observed']], ['days', 13, 13]);
    const observed = p!.metadata['days_observed'] as number;
    const width = 41;
    // the flank's rate as in the p-value test above: its 13 activations over the days observed
    const chance = 1 - Math.exp(-Math.max(0.5 / (60 * observed), 13 / (1440 * observed)) * width);
    const expected = Math.min(1, Math.min(binomialTail(13, 13, chance) * 127, binomialTail(13, 13, 0.5)) * 2);
    assert.equal(p!.metadata['p_value'], Number(expected.toPrecision(3)));
    // 12 of 13 (one Wednesday missed): kept at a minConfidence of 12/13, not above it
    let n = 0;
    const missed = at0730((d) => [1, 3, 5].includes(calendar.weekday(d)) && !(calendar.weekday(d) === 3 && n++ === 2));
    assert.equal(routines(missed, { minConfidence: 12 / 13 })[0]?.metadata['day_type'], 'days');
    assert.deepEqual(routines(missed, { minConfidence: 12 / 13 + 0.001 }), []);
  });

  it('gives the day-type words at exactly the word share and exactly the margin', () => {
    // 24 of 30 days, spread over the week: every day at exactly 0.8
    assert.equal(routines(at0730((_, i) => i % 5 !== 2))[0]!.metadata['day_type'], 'all');
    // 20 of 22 weekdays, no weekend day: weekdays at exactly a word share of 20/22
    let n = 0;
    const weekdays = () => {
      n = 0;
      return at0730((d) => calendar.weekday(d) <= 5 && n++ % 11 !== 5);
    };
    assert.equal(routines(weekdays(), { wordShare: 20 / 22 })[0]!.metadata['day_type'], 'weekdays');
    // 6 of 8 weekend days (0.75) and 12 of 22 weekdays: every day is 18 of 30 (0.6), exactly the margin below
    let we = 0;
    let wd = 0;
    const [p] = routines(at0730((d) => (calendar.weekday(d) >= 6 ? we++ % 4 !== 1 : wd++ < 12)), { wordShare: 0.75 });
    assert.deepEqual([p!.metadata['day_type'], p!.metadata['mask_days_matched'], p!.metadata['mask_days_observed'], p!.metadata['days_matched']], ['weekends', 6, 8, 18]);
  });

  it('counts the days a busy routine loses to its flank against it', () => {
    // 07:16–07:45 every minute every day; on four days the hour either side is as busy: it beats its flank on 26 days, loses on 4
    const busy = exact((_, i) => [...Array.from({ length: 30 }, (_, k) => 436 + k), ...(i % 7 === 3 ? [...Array.from({ length: 60 }, (_, k) => 370 + k), ...Array.from({ length: 60 }, (_, k) => 471 + k)] : [])]);
    const [p] = routines(busy).filter((x) => x.metadata['typical_minute'] === 448);
    // every day matches at the flank's rate, so the paired test over days carries it: 26 of 30 fair coin flips, both tails, per peak tested
    // two peaks tested: this one, and the four busy hours before it (06:10–07:09, on four days only, so no routine)
    assert.equal(p!.metadata['p_value'], Number((binomialTail(26, 30, 0.5) * 2 * 2).toPrecision(3)));
  });

  it('reads a day type without an observed day as no share at all (a weekend-only window)', () => {
    const days = ['2026-09-05', '2026-09-06'];
    assert.deepEqual(days.map((d) => calendar.weekday(d)), [6, 7]);
    const home = new HomeBuilder();
    pulses(home, 'light.hall', days[0]!, [450]);
    const records = summarizeOnly(timeBased, home.build(), days, DEFAULT_DETECTOR_SETTINGS);
    const derive = (minConfidence: number) => {
      const settings = { ...DEFAULT_DETECTOR_SETTINGS, timeBased: { ...DEFAULT_DETECTOR_SETTINGS.timeBased, minDays: 1, maxPValue: 1, minLift: 1, minConfidence } };
      return timeBased.derive(windowOf(records, calendar), settings);
    };
    assert.equal(derive(0.5).length, 1, 'one of two weekend days');
    assert.equal(derive(0.6).length, 0);
  });
});
